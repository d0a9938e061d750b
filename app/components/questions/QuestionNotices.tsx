import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { QuestionPage } from "~/domain/questions/get.server";

interface Props {
  question: QuestionPage["question"];
  movedPrivate: boolean;
  /** Why the last small form (a claim, a close) was refused. */
  messages: string[];
  /** Shown between the alerts and the banners ("this solved my problem too"). */
  children: ReactNode;
}

/** What a reader should know before the question: it was deleted, it is a duplicate, or staff took it private. */
export function QuestionNotices({ question, movedPrivate, messages, children }: Props) {
  return (
    <>
      {question.deleted ? (
        <div role="status" className="rounded-lg bg-rose-50 px-4 py-2 text-sm text-rose-800">
          This question was deleted. Only staff can see it.
        </div>
      ) : null}
      {messages.length ? (
        <div role="alert" className="rounded-lg bg-rose-50 px-4 py-2 text-sm text-rose-800">
          {messages.join(" ")}
        </div>
      ) : null}
      {children}
      {movedPrivate ? (
        <div role="status" className="rounded-xl border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-900" data-testid="moved-private">
          The Nimbus team took this conversation private to look at account details. Answers here stay readable.
        </div>
      ) : null}
      {question.duplicateOf ? (
        <div role="status" className="rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900" data-testid="duplicate-banner">
          Closed as a duplicate of{" "}
          <Link to={question.duplicateOf.url} className="font-semibold underline">
            {question.duplicateOf.title}
          </Link>
          . Its answers stay readable here; new answers go to the original.
        </div>
      ) : null}
    </>
  );
}
