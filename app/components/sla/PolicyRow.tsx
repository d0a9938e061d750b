import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { errorsOf, typedValue, typedValues, type FormReply } from "~/http/form-result";
import { duration } from "./format";
import { textFields, toValues, type Policy, type PolicyValues } from "./policy";
import { PolicyForm } from "./PolicyForm";
import { Summary } from "./Summary";

function Status({ message }: { message: string | null }) {
  if (message) {
    return (
      <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        {message}
      </p>
    );
  }
  return (
    <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700">
      Not saved: some fields need attention.
    </p>
  );
}

/** What the page's last form answered: the reply, and on success which policy and what to say. */
export type PolicyReply = FormReply & { target?: string; message?: string };

/** The values a failed save sent, to refill its form. */
function typedPolicy(reply: FormReply): PolicyValues {
  return { ...Object.fromEntries(textFields.map((n) => [n, typedValue(reply, n) ?? ""])), businessDays: typedValues(reply, "businessDays") ?? [] } as PolicyValues;
}

/** One policy (the default or a category's): its figures, its last answer, and its form behind a disclosure. */
export function PolicyRow({
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
  data: PolicyReply | undefined;
}) {
  // "" is the forum default; anything else is a category slug.
  const target = data ? (data.target ?? typedValue(data, "category") ?? "") : undefined;
  const mine = target === category ? data : undefined;
  const errors = errorsOf(mine);
  const failed = mine && errors.failed ? mine : undefined;
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
            <input type="hidden" name="intent" value="reset" />
            <input type="hidden" name="category" value={category} />
            <input type="hidden" name="label" value={title} />
            <button type="submit" className="btn-secondary px-3 py-1.5" disabled={busy} aria-describedby={`${idPrefix}-title`}>
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
      {mine ? <Status message={failed ? null : (mine.message ?? null)} /> : null}
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
            values={failed ? typedPolicy(failed) : toValues(policy)}
            errors={failed ? errors.fields : undefined}
            formErrors={failed ? errors.form : undefined}
          />
        </div>
      </details>
    </section>
  );
}
