import { Link, useFetcher } from "@remix-run/react";
import { messagesOf, type FormReply } from "~/http/form-result";
import { Avatar } from "../Avatar";
import { RelativeTime } from "../RelativeTime";
import { RoleBadge } from "../RoleBadge";
import type { LiveQuestion } from "./live-state";
import { Moderation } from "./Moderation";
import { shownName } from "~/domain/accounts/present";

const statusLabel: Record<string, string> = {
  pending: "Waiting for approval",
  hidden: "Hidden",
  answering: "Answering now",
  answered: "Answered",
};

interface Props {
  q: LiveQuestion;
  canRun: boolean;
  signedIn: boolean;
  me: string | null;
  /** Not ended: questions still take votes, flags and moderation. */
  live: boolean;
  /** Live now: a host may put a question on air. */
  onAir: boolean;
  /** The questions this one may be merged into. */
  others: LiveQuestion[];
}

/** One question of a town hall: its votes, status, written answer, and what this reader may do with it. */
export function QuestionCard({ q, canRun, signedIn, me, live, onAir, others }: Props) {
  const fetcher = useFetcher<FormReply>();
  const mine = me === q.author.username;
  const refused = messagesOf(fetcher.data);
  return (
    <li
      id={`q-${q.id}`}
      data-testid="townhall-question"
      data-status={q.status}
      className={`card p-4 ${q.status === "answering" ? "border-2 border-rose-400 bg-rose-50/40" : q.status === "pending" ? "border-dashed" : ""}`}
    >
      <div className="flex gap-3">
        <fetcher.Form method="post" className="flex flex-col items-center">
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="questionId" value={q.id} />
          <input type="hidden" name="value" value={q.myVote ? "0" : "1"} />
          <button
            type="submit"
            disabled={!signedIn || mine || q.status === "pending" || q.status === "hidden" || !live}
            aria-pressed={q.myVote}
            aria-label={q.myVote ? "Take back your upvote" : "Upvote this question"}
            className={`flex h-9 w-9 items-center justify-center rounded-full border text-sm disabled:opacity-40 ${
              q.myVote ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-600 hover:border-brand-400"
            }`}
          >
            ▲
          </button>
          <span className="mt-0.5 text-sm font-semibold text-slate-800" data-testid="townhall-votes">
            {q.votes}
          </span>
        </fetcher.Form>
        <div className="min-w-0 flex-1">
          {q.status !== "approved" ? (
            <span
              className={`mb-1 inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${
                q.status === "answering" ? "bg-rose-600 text-white" : q.status === "answered" ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"
              }`}
              data-testid="townhall-status"
            >
              {statusLabel[q.status]}
            </span>
          ) : null}
          <p className="whitespace-pre-wrap text-slate-900">{q.body}</p>
          <div className="mt-1 flex items-center gap-1.5 text-xs text-slate-500">
            <Avatar username={q.author.username} size="sm" /> {shownName(q.author.username)}
            <RoleBadge role={q.author.role as "customer"} /> · <RelativeTime iso={q.createdAt} />
            {q.forumQuestionUrl ? (
              <>
                {" "}
                ·{" "}
                <Link to={q.forumQuestionUrl} className="link">
                  continued in the forum
                </Link>
              </>
            ) : null}
          </div>
          {q.answerHtml ? (
            <div className="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm" data-testid="townhall-answer">
              <div className="mb-1 text-xs font-semibold uppercase tracking-wide text-emerald-800">Answer from the Nimbus team</div>
              <div className="prose-forum" dangerouslySetInnerHTML={{ __html: q.answerHtml }} />
            </div>
          ) : null}
          {refused.length ? <p className="mt-2 text-xs text-rose-700">{refused.join(" ")}</p> : null}
          {canRun && q.status !== "answered" && live ? <Moderation q={q} others={others} onAir={onAir} /> : null}
          {!canRun && signedIn && !mine && q.status === "approved" && live ? (
            <fetcher.Form method="post" className="mt-1">
              <input type="hidden" name="intent" value="flag" />
              <input type="hidden" name="questionId" value={q.id} />
              <button type="submit" className="text-xs text-slate-500 hover:text-rose-700">
                Flag
              </button>
            </fetcher.Form>
          ) : null}
        </div>
      </div>
    </li>
  );
}
