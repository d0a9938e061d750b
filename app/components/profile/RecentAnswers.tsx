import { Link } from "@remix-run/react";
import { formatNumber } from "~/format";
import { RelativeTime } from "../RelativeTime";
import { Section } from "./Section";

export interface RecentAnswer {
  id: string;
  score: number;
  accepted: boolean;
  createdAt: string;
  url: string;
  question: { title: string };
}

/** The member's latest answers; the heading's count is the profile's, so it matches what the stats say. */
export function RecentAnswers({ answers, total }: { answers: RecentAnswer[]; total: number }) {
  return (
    <Section title={`Answers (${formatNumber(total)})`}>
      {answers.length ? (
        <ul className="divide-y divide-slate-100" data-testid="profile-answers">
          {answers.map((a) => (
            <li key={a.id} className="flex items-start gap-3 py-2 text-sm">
              <span className={`mt-0.5 min-w-[2.5rem] rounded px-1.5 py-0.5 text-center text-xs font-semibold ${a.accepted ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}>
                {a.score}
              </span>
              <div className="min-w-0 flex-1">
                <Link to={a.url} className="break-words font-medium text-slate-800 hover:text-brand-700">
                  {a.question.title}
                </Link>
                <div className="text-xs text-slate-500">
                  {a.accepted ? <span className="font-medium text-emerald-700">Solution · </span> : null}
                  <RelativeTime iso={a.createdAt} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No answers yet.</p>
      )}
      {total > answers.length ? <p className="mt-2 text-xs text-slate-500">Showing the latest {answers.length}.</p> : null}
    </Section>
  );
}
