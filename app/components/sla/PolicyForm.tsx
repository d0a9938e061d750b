import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FieldErrors, FormError } from "../Field";
import { dayNames } from "./format";
import type { PolicyValues } from "./policy";

/** Every message for a field, including per-item ones such as `holidays.2`. */
function errorsFor(fields: Record<string, string[]> | undefined, name: string) {
  if (!fields) return undefined;
  const found = Object.entries(fields)
    .filter(([key]) => key === name || key.startsWith(`${name}.`))
    .flatMap(([, messages]) => messages);
  return found.length ? [...new Set(found)] : undefined;
}

function Control({ id, label, hint, errors, children }: { id: string; label: string; hint?: ReactNode; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !errors?.length ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function PolicyForm({ idPrefix, category, label, values, errors, formErrors }: { idPrefix: string; category: string; label: string; values: PolicyValues; errors?: Record<string, string[]>; formErrors?: string[] }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("category") === category;
  const id = (name: string) => `${idPrefix}-${name}`;
  const invalid = (name: string) => {
    const e = errorsFor(errors, name);
    return e ? { "aria-invalid": true as const, "aria-describedby": `${id(name)}-error` } : {};
  };
  const minutes = (name: "firstResponseMinutes" | "advocateWindowMinutes" | "resolutionMinutes", text: string, hint: string, min: number) => (
    <Field
      label={text}
      hint={hint}
      errors={errorsFor(errors, name)}
      inputProps={{ id: id(name), name, type: "number", inputMode: "numeric", min, step: 1, required: true, defaultValue: values[name] }}
    />
  );
  return (
    <Form method="post" action={`#${idPrefix}`} className="space-y-5 border-t border-slate-100 pt-4" aria-label={`${label} policy`}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="category" value={category} />
      <input type="hidden" name="label" value={label} />
      <FormError errors={formErrors} />
      <div className="grid gap-4 sm:grid-cols-3">
        {minutes("firstResponseMinutes", "First response (minutes)", "Until staff or an advocate first replies.", 1)}
        {minutes("advocateWindowMinutes", "Advocate window (minutes)", "Before it goes to staff; 0 = at once.", 0)}
        {minutes("resolutionMinutes", "Resolution (minutes)", "Until it should be solved. 1440 = 1 day.", 1)}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Control id={id("coverage")} label="Coverage" errors={errorsFor(errors, "coverage")}>
          <select id={id("coverage")} name="coverage" defaultValue={values.coverage} className="input" {...invalid("coverage")}>
            <option value="always">24/7: every minute counts</option>
            <option value="business_hours">Business hours only</option>
          </select>
        </Control>
        <Field
          label="Time zone"
          hint="For business hours and holidays, e.g. Europe/Berlin."
          errors={errorsFor(errors, "timeZone")}
          inputProps={{ id: id("timeZone"), name: "timeZone", list: "sla-time-zones", autoComplete: "off", spellCheck: false, required: true, defaultValue: values.timeZone }}
        />
      </div>
      <div className="space-y-4 rounded-lg bg-slate-50 p-4">
        <p className="text-xs text-slate-500">Business hours: used only when coverage is “Business hours only”.</p>
        <fieldset className="space-y-1.5" aria-describedby={errorsFor(errors, "businessDays") ? `${id("businessDays")}-error` : undefined}>
          <legend className="text-sm font-medium text-slate-700">Business days</legend>
          <div className="flex flex-wrap gap-2">
            {dayNames.map((d) => (
              <label
                key={d.value}
                className="inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-700 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-800 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500"
              >
                <input type="checkbox" name="businessDays" value={d.value} defaultChecked={values.businessDays.includes(d.value)} className="h-4 w-4 rounded border-slate-300 accent-brand-600" />
                <span aria-hidden="true">{d.short}</span>
                <span className="sr-only">{d.long}</span>
              </label>
            ))}
          </div>
          <FieldErrors id={`${id("businessDays")}-error`} errors={errorsFor(errors, "businessDays")} />
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Opens at" errors={errorsFor(errors, "businessStart")} inputProps={{ id: id("businessStart"), name: "businessStart", type: "time", required: true, defaultValue: values.businessStart }} />
          <Field label="Closes at" errors={errorsFor(errors, "businessEnd")} inputProps={{ id: id("businessEnd"), name: "businessEnd", type: "time", required: true, defaultValue: values.businessEnd }} />
        </div>
        <Control id={id("holidays")} label="Holidays" hint="Dates with no coverage, one per line (or separated by spaces or commas), like 2026-12-25." errors={errorsFor(errors, "holidays")}>
          <textarea
            id={id("holidays")}
            name="holidays"
            rows={3}
            defaultValue={values.holidays}
            placeholder={"2026-12-24\n2026-12-25"}
            className="input font-mono text-[13px]"
            spellCheck={false}
            {...invalid("holidays")}
          />
        </Control>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Saving…" : category ? "Save policy" : "Save the default"}
        </button>
      </div>
    </Form>
  );
}

