import type { QuestionPage } from "~/domain/questions/get.server";
import type { VotePermissions } from "../VoteControls";
import { AnswerCard } from "./AnswerCard";
import { count } from "~/format";

/** The solution first, on its own, then the other answers in the order the domain gives them. */
export function AnswerList({ answers, canAccept, votes }: { answers: QuestionPage["answers"]; canAccept: boolean; votes: VotePermissions }) {
  const solution = answers.find((a) => a.accepted);
  return (
    <>
      {solution ? (
        <section aria-label="Solution" data-testid="solution">
          <AnswerCard a={solution} canAccept={canAccept} votes={votes} />
        </section>
      ) : null}

      <section aria-label="Answers" className="space-y-4">
        <h2 className="text-lg font-semibold text-slate-900" data-testid="answer-count">
          {count(answers.length, "answer")}
          {solution && answers.length > 1 ? <span className="ml-2 text-sm font-normal text-slate-500">(the solution is shown first)</span> : null}
        </h2>
        {answers
          .filter((a) => !a.accepted)
          .map((a) => (
            <AnswerCard key={a.id} a={a} canAccept={canAccept} votes={votes} />
          ))}
      </section>
    </>
  );
}
