import { Link } from "@remix-run/react";
import type { Role } from "~/auth/policies";
import { RelativeTime } from "./RelativeTime";
import { RoleBadge } from "./RoleBadge";
import { count } from "~/format";
import { isDeletedUsername, shownName, userUrl } from "~/domain/accounts/present";

export interface QuestionRowData {
  id: string;
  title: string;
  url: string;
  author: { username: string; role: Role };
  category: { slug: string; name: string };
  tags: string[];
  answerCount: number;
  score: number;
  viewCount: number;
  solved: boolean;
  lastActivityAt: string;
}


export function QuestionRow({ q }: { q: QuestionRowData }) {
  return (
    <li className="flex gap-4 px-5 py-4" data-testid="question-row">
      <div className="hidden w-24 shrink-0 flex-col items-end gap-1 text-xs text-slate-500 sm:flex">
        <span>{count(q.score, "vote")}</span>
        <span
          className={
            q.solved
              ? "rounded-md bg-emerald-700 px-1.5 py-0.5 font-medium text-white"
              : q.answerCount > 0
                ? "rounded-md border border-emerald-600 px-1.5 py-0.5 text-emerald-700"
                : ""
          }
        >
          {count(q.answerCount, "answer")}
        </span>
        <span>{count(q.viewCount, "view")}</span>
      </div>
      <div className="min-w-0 flex-1">
        <Link to={q.url} className="font-medium text-slate-900 hover:text-brand-700">
          {q.solved ? <span className="mr-2 text-xs font-semibold uppercase text-emerald-700">Solved</span> : null}
          {q.title}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
          {/* Plain links for the many small filters in a list: a fraction of a router Link's render cost. */}
          <a href={`/questions?category=${q.category.slug}`} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 hover:bg-slate-200">
            {q.category.name}
          </a>
          {q.tags.map((t) => (
            <a key={t} href={`/questions?tag=${encodeURIComponent(t)}`} className="rounded bg-brand-50 px-1.5 py-0.5 text-brand-700 hover:bg-brand-100">
              #{t}
            </a>
          ))}
          <span className="sm:hidden">
            {count(q.answerCount, "answer")} · {count(q.score, "vote")}
          </span>
          <span>
            by{" "}
            {isDeletedUsername(q.author.username) ? (
              <span className="italic">{shownName(q.author.username)}</span>
            ) : (
              <a href={userUrl(q.author.username)} className="link">
                {q.author.username}
              </a>
            )}
          </span>
          <RoleBadge role={q.author.role} />
          <span>
            active <RelativeTime iso={q.lastActivityAt} />
          </span>
        </div>
      </div>
    </li>
  );
}
