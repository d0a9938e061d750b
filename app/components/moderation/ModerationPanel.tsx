import { Form, useNavigation } from "@remix-run/react";
import { FieldErrors, FormError } from "~/components/Field";
import { LocalTime, useTimeZone } from "~/components/TimeZone";
import { zoneAbbreviation } from "~/format";
import { errorsOf, typedValue, type FormReply } from "~/http/form-result";

interface Restriction {
  until: string;
  reason: string;
}

/** The lengths staff usually pick, and "a chosen date" (typed in the viewer's zone). */
export const restrictionDurations = [
  { value: "1d", label: "1 day", days: 1 },
  { value: "7d", label: "7 days", days: 7 },
  { value: "30d", label: "30 days", days: 30 },
  { value: "date", label: "Until a date", days: null },
] as const;

const copy = {
  suspended: { intent: "suspend", title: "Suspend", what: "Read only: no posts, votes or other changes.", button: "Suspend member" },
  silenced: { intent: "silence", title: "Silence", what: "Can read and vote; new posts wait in the review queue.", button: "Silence member" },
} as const;

function RestrictForm({ kind, reply }: { kind: keyof typeof copy; reply: FormReply | undefined }) {
  const c = copy[kind];
  const errors = errorsOf(reply);
  const typed = (name: string) => typedValue(reply, name);
  const zone = useTimeZone();
  const busy = useNavigation().formData?.get("intent") === c.intent;
  const id = (name: string) => `${c.intent}-${name}`;
  const chosen = typed("duration") ?? "7d";
  return (
    <Form method="post" className="space-y-3" aria-labelledby={id("title")} data-testid={`${c.intent}-form`}>
      <input type="hidden" name="intent" value={c.intent} />
      <h3 id={id("title")} className="font-medium text-slate-900">
        {c.title}
      </h3>
      <p className="text-xs text-slate-600">{c.what}</p>
      <FormError errors={errors.form} />
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-700">For how long</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {restrictionDurations.map((d) => (
            <label key={d.value} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input type="radio" name="duration" value={d.value} defaultChecked={chosen === d.value} />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={id("until")} className="block text-sm font-medium text-slate-700">
          Date and time ({zoneAbbreviation(new Date(), zone)}), for “Until a date”
        </label>
        <input
          id={id("until")}
          name="until"
          type="datetime-local"
          className="input max-w-full"
          defaultValue={typed("until")}
          aria-invalid={errors.fields.until ? true : undefined}
          aria-describedby={errors.fields.until ? id("until-error") : undefined}
        />
        <FieldErrors id={id("until-error")} errors={errors.fields.until} />
      </div>
      <div className="space-y-1">
        <label htmlFor={id("reason")} className="block text-sm font-medium text-slate-700">
          Reason (the member reads it)
        </label>
        <textarea
          id={id("reason")}
          name="reason"
          rows={2}
          maxLength={500}
          className="input w-full"
          defaultValue={typed("reason")}
          aria-invalid={errors.fields.reason ? true : undefined}
          aria-describedby={errors.fields.reason ? id("reason-error") : undefined}
        />
        <FieldErrors id={id("reason-error")} errors={errors.fields.reason} />
      </div>
      <button type="submit" className="btn-secondary" disabled={busy}>
        {c.button}
      </button>
    </Form>
  );
}

function Active({ kind, r }: { kind: keyof typeof copy; r: Restriction }) {
  return (
    <div className="space-y-2 rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-950" data-testid={`${kind}-active`}>
      <p>
        <strong className="font-semibold">{kind === "suspended" ? "Suspended" : "Silenced"}</strong> until <LocalTime iso={r.until} />. Reason: {r.reason}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="lift" />
        <input type="hidden" name="kind" value={kind} />
        <button type="submit" className="btn-secondary px-3 py-1">
          Lift {kind === "suspended" ? "suspension" : "silence"}
        </button>
      </Form>
    </div>
  );
}

/**
 * Staff's tools on a member's profile: suspend or silence for a while, with
 * a reason, or lift what is in force. Plain forms, so it works before (or
 * without) JavaScript; errors come back beside their fields.
 */
export function ModerationPanel({
  restrictions,
  replies,
}: {
  restrictions: { suspended: Restriction | null; silenced: Restriction | null };
  replies: { suspend?: FormReply; silence?: FormReply; lift?: FormReply };
}) {
  const liftErrors = errorsOf(replies.lift).form;
  return (
    <section aria-labelledby="moderation-heading" className="card space-y-4 p-5" data-testid="moderation-panel">
      <h2 id="moderation-heading" className="text-lg font-semibold text-slate-900">
        Moderation
      </h2>
      <FormError errors={liftErrors} />
      <div className="grid gap-6 md:grid-cols-2">
        {(["suspended", "silenced"] as const).map((kind) => {
          const r = restrictions[kind];
          return <div key={kind}>{r ? <Active kind={kind} r={r} /> : <RestrictForm kind={kind} reply={replies[copy[kind].intent]} />}</div>;
        })}
      </div>
    </section>
  );
}
