import { Form } from "@remix-run/react";
import { flagReasonLabels } from "~/domain/moderation/present";

const reasons = [
  ["spam", "Spam or advertising"],
  ["abusive", "Abusive or unkind"],
  ["off_topic", "Off topic"],
  ["needs_staff", "Needs a staff member"],
  ["other", "Something else (say what)"],
] as const satisfies readonly (readonly [keyof typeof flagReasonLabels, string])[];

/**
 * "Flag" under a post: a disclosure that works without JavaScript (<details>)
 * holding a plain form, so a flag is one more POST to the page's action.
 */
export function FlagMenu({ target, id, flagged }: { target: "question" | "answer"; id: string; flagged: boolean }) {
  if (flagged) return <span className="text-slate-500">Flagged — thanks</span>;
  return (
    <details className="group relative">
      <summary className="cursor-pointer list-none font-medium text-slate-600 hover:underline [&::-webkit-details-marker]:hidden">Flag</summary>
      <Form method="post" className="card absolute left-0 z-20 mt-2 w-72 max-w-[calc(100vw-2rem)] space-y-3 p-4 text-sm shadow-lg">
        <input type="hidden" name="intent" value="flag" />
        <input type="hidden" name="target" value={target} />
        <input type="hidden" name="id" value={id} />
        <fieldset className="space-y-1.5">
          <legend className="mb-1 font-medium text-slate-900">Why should moderators look at this {target}?</legend>
          {reasons.map(([value, label], i) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="reason" value={value} required defaultChecked={i === 0} />
              {label}
            </label>
          ))}
        </fieldset>
        <label className="block">
          <span className="text-slate-700">Note for the moderators (optional)</span>
          <textarea name="note" rows={2} maxLength={500} className="input mt-1 w-full" />
        </label>
        <button type="submit" className="btn-primary w-full">
          Flag this {target}
        </button>
      </Form>
    </details>
  );
}

/** Above a post its author (or staff) sees while it is hidden: why, and what to do about it. */
export function HiddenNotice({ explanation, kind }: { explanation: string; kind: "question" | "answer" }) {
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="hidden-notice">
      <strong className="font-semibold">This {kind} is hidden pending review.</strong> {explanation}
    </p>
  );
}
