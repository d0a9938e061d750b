import { useFetcher } from "@remix-run/react";
import type { FormReply } from "~/http/form-result";
import type { LiveQuestion } from "./live-state";

/** What a host does with one question: approve, put it on air, hide, answer in writing, merge into another. */
export function Moderation({ q, others, onAir }: { q: LiveQuestion; others: LiveQuestion[]; onAir: boolean }) {
  const fetcher = useFetcher<FormReply>();
  const button = (action: string, label: string, tone = "btn-secondary") => (
    <button type="submit" name="action" value={action} className={`${tone} px-2.5 py-1 text-xs`}>
      {label}
    </button>
  );
  return (
    <div className="mt-3 space-y-2 rounded-lg bg-slate-50 p-2" data-testid="moderation">
      <fetcher.Form method="post" className="flex flex-wrap gap-1.5">
        <input type="hidden" name="intent" value="moderate" />
        <input type="hidden" name="questionId" value={q.id} />
        {q.status === "pending" || q.status === "hidden" ? button("approve", "Approve", "btn-primary") : null}
        {onAir && q.status !== "answering" && q.status !== "pending" ? button("answering", "Answering now") : null}
        {q.status !== "hidden" ? button("hide", "Hide", "btn-ghost") : null}
      </fetcher.Form>
      <fetcher.Form method="post" className="flex flex-col gap-1.5 sm:flex-row">
        <input type="hidden" name="intent" value="moderate" />
        <input type="hidden" name="questionId" value={q.id} />
        <input type="hidden" name="action" value="answered" />
        <label className="sr-only" htmlFor={`answer-${q.id}`}>
          Written answer
        </label>
        <input id={`answer-${q.id}`} name="answer" className="input py-1 text-sm" placeholder="Written answer, kept for the archive" />
        <button type="submit" className="btn-primary px-2.5 py-1 text-xs">
          Mark answered
        </button>
      </fetcher.Form>
      {others.length ? (
        <fetcher.Form method="post" className="flex gap-1.5">
          <input type="hidden" name="intent" value="moderate" />
          <input type="hidden" name="questionId" value={q.id} />
          <input type="hidden" name="action" value="merge" />
          <label className="sr-only" htmlFor={`merge-${q.id}`}>
            Duplicate of
          </label>
          <select id={`merge-${q.id}`} name="into" className="input py-1 text-xs" defaultValue="">
            <option value="" disabled>
              Duplicate of…
            </option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.body.slice(0, 60)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn-ghost px-2.5 py-1 text-xs">
            Merge
          </button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}
