import { Link } from "@remix-run/react";
import type { QuestionPage } from "~/domain/questions/get.server";
import { answerSorts, type AnswerSort } from "~/domain/questions/schemas";
import type { VotePermissions } from "../VoteControls";
import { AnswerCard } from "./AnswerCard";
import { count } from "~/format";

const sortLabels: Record<AnswerSort, string> = { votes: "Votes", newest: "Newest" };

/** Plain links, so sorting works without JavaScript; the current one says so to screen readers. */
function SortLinks({ sort }: { sort: AnswerSort }) {
  return (
    <nav aria-label="Sort answers" className="flex items-center gap-1 text-sm" data-testid="answer-sort">
      <span className="mr-1 text-slate-500">Sort by</span>
      {answerSorts.map((s) => (
        <Link
          key={s}
          to={`?sort=${s}`}
          preventScrollReset
          aria-current={s === sort ? "true" : undefined}
          className={`rounded-md px-2 py-1 font-medium ${s === sort ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {sortLabels[s]}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The answers under their count: the solution pinned first (the domain puts
 * it there whatever the sort), then the rest in the chosen order.
 */
export function AnswerList({
  answers,
  canAccept,
  votes,
  sort,
  ignored = [],
}: {
  answers: QuestionPage["answers"];
  canAccept: boolean;
  votes: VotePermissions;
  sort: AnswerSort;
  /** Authors the reader ignores: their answers fold away. */
  ignored?: string[];
}) {
  const solution = answers.find((a) => a.accepted);
  return (
    <section aria-labelledby="answers-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="answers-heading" className="text-lg font-semibold text-slate-900" data-testid="answer-count">
          {count(answers.length, "answer")}
        </h2>
        {answers.length > 1 ? <SortLinks sort={sort} /> : null}
      </div>
      {solution ? (
        <section aria-label="Solution" data-testid="solution">
          <AnswerCard a={solution} canAccept={canAccept} votes={votes} ignored={ignored.includes(solution.author.username)} />
        </section>
      ) : null}
      {answers
        .filter((a) => !a.accepted)
        .map((a) => (
          <AnswerCard key={a.id} a={a} canAccept={canAccept} votes={votes} ignored={ignored.includes(a.author.username)} />
        ))}
    </section>
  );
}
