import { Link } from "@remix-run/react";
import { count, formatNumber } from "~/format";
import { RelativeTime } from "../RelativeTime";
import { Section } from "./Section";

type Status = "open" | "escalated" | "assigned" | "waiting_on_customer" | "solved" | "closed";

export interface OwnQuestion {
  id: string;
  title: string;
  url: string;
  answerCount: number;
  solved: boolean;
  status: Status;
  createdAt: string;
}

// Said the way the asker would: the support states all mean "staff are on it".
const statusLabel: Record<Status, string> = {
  open: "Open",
  escalated: "With staff",
  assigned: "With staff",
  waiting_on_customer: "Waiting on the asker",
  solved: "Solved",
  closed: "Closed",
};

/** The member's own questions, newest first, ten at a time; paging is plain links, so it works without JavaScript. */
export function OwnQuestions({ questions, total, nextCursor, paged }: { questions: OwnQuestion[]; total: number; nextCursor: string | null; paged: boolean }) {
  return (
    <Section title={`Questions (${formatNumber(total)})`}>
      {questions.length ? (
        <ul className="divide-y divide-slate-100" data-testid="profile-questions">
          {questions.map((q) => {
            const label = q.solved ? "Solved" : statusLabel[q.status];
            return (
              <li key={q.id} className="flex items-start gap-3 py-2 text-sm">
                <span
                  className={`mt-0.5 shrink-0 rounded px-1.5 py-0.5 text-xs font-semibold ${q.solved ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}
                  data-testid="question-status"
                >
                  {label}
                </span>
                <div className="min-w-0 flex-1">
                  <Link to={q.url} className="break-words font-medium text-slate-800 hover:text-brand-700">
                    {q.title}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {count(q.answerCount, "answer")} · asked <RelativeTime iso={q.createdAt} />
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{paged ? "No older questions." : "No questions yet."}</p>
      )}
      {nextCursor || paged ? (
        <nav aria-label="More questions" className="mt-3 flex justify-between gap-2 text-sm">
          {paged ? (
            <Link to="?" className="link" preventScrollReset>
              Newest questions
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link to={`?questions=${encodeURIComponent(nextCursor)}`} className="link" preventScrollReset data-testid="older-questions">
              Older questions
            </Link>
          ) : null}
        </nav>
      ) : null}
    </Section>
  );
}
