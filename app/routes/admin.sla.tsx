import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { Field, FieldErrors, FormError } from "~/components/Field";
import { RelativeTime } from "~/components/RelativeTime";
import { listPolicies, resetPolicy, savePolicy } from "~/domain/escalation/policies.server";
import { formFailure, formValues } from "~/http/form-values";
import { requireSignedIn, throwAsResponse } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Service levels · Admin · Nimbus Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireSignedIn(request, context);
  try {
    return json(await listPolicies(actor));
  } catch (err) {
    throwAsResponse(err);
  }
}

const textFields = ["firstResponseMinutes", "advocateWindowMinutes", "resolutionMinutes", "coverage", "timeZone", "businessStart", "businessEnd", "holidays"] as const;
type PolicyValues = Record<(typeof textFields)[number], string> & { businessDays: string[] };

type ActionData =
  | { ok: true; target: string; message: string; values: null; formErrors: string[]; fields: Record<string, string[]> }
  | { ok: false; target: string; message: null; values: PolicyValues | null; formErrors: string[]; fields: Record<string, string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireSignedIn(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "save");
  // "" is the forum default; anything else is a category slug.
  const target = String(form.get("category") ?? "");
  const label = String(form.get("label") ?? "") || target;
  const typed = formValues(form, [...textFields]);
  const values: PolicyValues = {
    ...Object.fromEntries(textFields.map((n) => [n, typed[n] ?? ""])),
    businessDays: form.getAll("businessDays").map(String),
  } as PolicyValues;
  try {
    if (intent === "reset" && target) {
      await resetPolicy(actor, target);
      return json<ActionData>({ ok: true, target, message: `${label} uses the default policy again.`, values: null, formErrors: [], fields: {} });
    }
    await savePolicy(actor, target, values);
    const message = target ? `Saved the policy for ${label}. New questions there use it; open ones keep their clocks.` : "Saved the default policy. New questions use it; open ones keep their clocks.";
    return json<ActionData>({ ok: true, target, message, values: null, formErrors: [], fields: {} });
  } catch (err) {
    const { status, headers, ...errors } = formFailure(err);
    return json<ActionData>({ ok: false, target, message: null, values, ...errors }, { status, headers });
  }
}

const dayNames = [
  { value: "1", short: "Mon", long: "Monday" },
  { value: "2", short: "Tue", long: "Tuesday" },
  { value: "3", short: "Wed", long: "Wednesday" },
  { value: "4", short: "Thu", long: "Thursday" },
  { value: "5", short: "Fri", long: "Friday" },
  { value: "6", short: "Sat", long: "Saturday" },
  { value: "7", short: "Sun", long: "Sunday" },
];

const commonZones = [
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Amsterdam",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Stockholm",
  "Europe/Warsaw",
  "Europe/Helsinki",
  "Europe/Athens",
  "Europe/Istanbul",
  "Africa/Lagos",
  "Africa/Johannesburg",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Hong_Kong",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Australia/Perth",
  "Australia/Sydney",
  "Pacific/Auckland",
  "America/Sao_Paulo",
  "America/Mexico_City",
  "America/New_York",
  "America/Toronto",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
];

/** 90 → "1 h 30 min", 1440 → "1 day". */
function duration(minutes: number) {
  if (minutes === 0) return "no time";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? `${days} ${days === 1 ? "day" : "days"}` : "", hours ? `${hours} h` : "", mins ? `${mins} min` : ""];
  return parts.filter(Boolean).join(" ");
}

/** [1,2,3,4,5] → "Mon–Fri"; [1,3,6] → "Mon, Wed, Sat". */
function dayRange(days: number[]) {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const name = (d: number) => dayNames[d - 1]?.short ?? String(d);
  const consecutive = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  return consecutive ? `${name(sorted[0])}–${name(sorted[sorted.length - 1])}` : sorted.map(name).join(", ");
}

interface Policy {
  firstResponseMinutes: number;
  advocateWindowMinutes: number;
  resolutionMinutes: number;
  coverage: "always" | "business_hours";
  timeZone: string;
  businessDays: number[];
  businessStart: string;
  businessEnd: string;
  holidays: string[];
  updatedAt: string;
}

function toValues(p: Policy): PolicyValues {
  return {
    firstResponseMinutes: String(p.firstResponseMinutes),
    advocateWindowMinutes: String(p.advocateWindowMinutes),
    resolutionMinutes: String(p.resolutionMinutes),
    coverage: p.coverage,
    timeZone: p.timeZone,
    businessDays: p.businessDays.map(String),
    businessStart: p.businessStart,
    businessEnd: p.businessEnd,
    holidays: p.holidays.join("\n"),
  };
}

function Summary({ policy }: { policy: Policy }) {
  const hours =
    policy.coverage === "always"
      ? "Clocks run 24/7"
      : `Business hours: ${dayRange(policy.businessDays)} ${policy.businessStart}–${policy.businessEnd} ${policy.timeZone}`;
  const holidays = policy.coverage === "business_hours" && policy.holidays.length ? `, ${policy.holidays.length} ${policy.holidays.length === 1 ? "holiday" : "holidays"}` : "";
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm lg:grid-cols-4">
      <div>
        <dt className="text-xs text-slate-500">First response</dt>
        <dd className="font-medium text-slate-900">{duration(policy.firstResponseMinutes)}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Advocate window</dt>
        <dd className="font-medium text-slate-900">{policy.advocateWindowMinutes ? duration(policy.advocateWindowMinutes) : "Straight to staff"}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Resolution</dt>
        <dd className="font-medium text-slate-900">{duration(policy.resolutionMinutes)}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Coverage</dt>
        <dd className="font-medium text-slate-900">
          {hours}
          {holidays}
        </dd>
      </div>
    </dl>
  );
}

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

function PolicyForm({ idPrefix, category, label, values, errors, formErrors }: { idPrefix: string; category: string; label: string; values: PolicyValues; errors?: Record<string, string[]>; formErrors?: string[] }) {
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
        <button type="submit" name="intent" value="save" className="btn-primary" disabled={busy}>
          {busy ? "Saving…" : category ? "Save policy" : "Save the default"}
        </button>
      </div>
    </Form>
  );
}

function Status({ data }: { data: ActionData }) {
  if (data.ok) {
    return (
      <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        {data.message}
      </p>
    );
  }
  return (
    <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700">
      Not saved: some fields need attention.
    </p>
  );
}

function PolicyRow({
  idPrefix,
  category,
  title,
  subtitle,
  badge,
  policy,
  own,
  data,
}: {
  idPrefix: string;
  category: string;
  title: string;
  subtitle?: string;
  badge?: ReactNode;
  policy: Policy;
  own: boolean;
  data: ActionData | undefined;
}) {
  const mine = data && data.target === category ? data : undefined;
  const failed = mine && !mine.ok ? mine : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <section id={idPrefix} aria-labelledby={`${idPrefix}-title`} className="card scroll-mt-20 space-y-4 p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={`${idPrefix}-title`} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {badge}
          </div>
          {subtitle ? <p className="text-xs text-slate-500">{subtitle}</p> : null}
        </div>
        {category && own ? (
          <Form method="post" action={`#${idPrefix}`}>
            <input type="hidden" name="category" value={category} />
            <input type="hidden" name="label" value={title} />
            <button type="submit" name="intent" value="reset" className="btn-secondary px-3 py-1.5" disabled={busy} aria-describedby={`${idPrefix}-title`}>
              Use the default
            </button>
          </Form>
        ) : null}
      </div>
      {own ? (
        <Summary policy={policy} />
      ) : (
        <p className="text-sm text-slate-600">
          Follows the forum default: {duration(policy.firstResponseMinutes)} to a first response,{" "}
          {policy.advocateWindowMinutes ? `${duration(policy.advocateWindowMinutes)} for advocates` : "straight to staff"}, {duration(policy.resolutionMinutes)} to
          resolve, {policy.coverage === "always" ? "24/7" : "business hours"}.
        </p>
      )}
      {mine ? <Status data={mine} /> : null}
      <details className="group" open={failed ? true : undefined}>
        <summary aria-describedby={`${idPrefix}-title`} className="inline-flex cursor-pointer list-none items-center gap-1 rounded-md text-sm font-medium text-brand-700 hover:underline [&::-webkit-details-marker]:hidden">
          <svg viewBox="0 0 20 20" className="h-4 w-4 transition-transform group-open:rotate-90" fill="none" stroke="currentColor" strokeWidth="1.75" aria-hidden="true">
            <path d="m7.5 5 5 5-5 5" />
          </svg>
          {!category ? "Edit the default" : own ? "Edit this policy" : "Give it its own policy"}
        </summary>
        <div className="mt-4">
          <PolicyForm
            idPrefix={idPrefix}
            category={category}
            label={title}
            values={failed?.values ?? toValues(policy)}
            errors={failed?.fields}
            formErrors={failed?.formErrors}
          />
        </div>
      </details>
    </section>
  );
}

export default function AdminSla() {
  const policies = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const fallback = policies.default;
  const savedDefault = new Date(fallback.updatedAt).getTime() > 0;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Service levels</h1>
        <p className="mt-1 text-sm text-slate-600">
          When a customer asks, three clocks start: the <strong className="font-medium text-slate-800">first response</strong> target (a reply from
          staff or an advocate), the <strong className="font-medium text-slate-800">advocate window</strong> after which an unanswered question
          escalates to staff, and the <strong className="font-medium text-slate-800">resolution</strong> target. They count every minute (24/7) or
          only business hours in a time zone, skipping holidays. Changes apply to new questions; open ones keep their clocks.
        </p>
      </div>

      <datalist id="sla-time-zones">
        {commonZones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>

      <PolicyRow
        key={`default-${fallback.updatedAt}`}
        idPrefix="policy-default"
        category=""
        title="Forum default"
        subtitle={savedDefault ? "Every category without its own policy uses this." : "Built-in values: nobody has saved a default yet. Every category without its own policy uses this."}
        badge={
          savedDefault ? (
            <span className="text-xs text-slate-500">
              updated <RelativeTime iso={fallback.updatedAt} />
            </span>
          ) : null
        }
        policy={fallback}
        own
        data={data}
      />

      <section aria-labelledby="categories-title" className="space-y-3">
        <h2 id="categories-title" className="text-lg font-semibold text-slate-900">
          Categories ({policies.categories.length})
        </h2>
        {policies.categories.length === 0 ? <div className="card p-6 text-center text-sm text-slate-600">No categories yet: every question uses the default.</div> : null}
        {policies.categories.map(({ category, own, policy }) => (
          <PolicyRow
            key={`${category.slug}-${own}-${policy.updatedAt}`}
            idPrefix={`policy-cat-${category.slug}`}
            category={category.slug}
            title={category.name}
            badge={
              own ? (
                <span className="inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-inset ring-brand-200">Own policy</span>
              ) : (
                <span className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-200">Uses the default</span>
              )
            }
            policy={policy}
            own={own}
            data={data}
          />
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
