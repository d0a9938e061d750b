import { Link } from "@remix-run/react";
import type { QuestionPage } from "~/domain/questions/get.server";
import { RelativeTime } from "../RelativeTime";
import { VoteControls, type VotePermissions } from "../VoteControls";
import { Byline } from "./Byline";
import { IgnoredFold } from "./IgnoredFold";
import { PostLinks } from "./PostLinks";
import { HiddenNotice } from "../moderation/FlagMenu";
import { count } from "~/format";

type Question = QuestionPage["question"];

/** The question's title, where it belongs and how it is doing, then the question itself. */
export function QuestionPost({ question, votes, ignored = false }: { question: Question; votes: VotePermissions; ignored?: boolean }) {
  return (
    <>
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Link to={`/questions?category=${question.category.slug}`} className="rounded bg-slate-100 px-2 py-0.5 text-slate-700 hover:bg-slate-200">
            {question.category.name}
          </Link>
          {question.solved ? (
            <span className="rounded bg-emerald-700 px-2 py-0.5 text-xs font-semibold uppercase text-white" data-testid="solved-badge">
              Solved
            </span>
          ) : null}
        </div>
        <h1 className="break-words text-xl font-semibold leading-snug text-slate-900 sm:text-2xl" data-testid="question-title">
          {question.title}
        </h1>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
          <span>
            Asked <RelativeTime iso={question.createdAt} />
          </span>
          <span>
            Active <RelativeTime iso={question.lastActivityAt} />
          </span>
          <span>Viewed {count(question.viewCount, "time")}</span>
        </div>
      </header>

      <section className="card flex gap-4 p-5" aria-label="Question">
        <VoteControls target="question" id={question.id} score={question.score} myVote={question.myVote} canVote={question.can.vote} {...votes} />
        <div className="min-w-0 flex-1 space-y-4">
          {question.hiddenNote ? <HiddenNotice kind="question" explanation={question.hiddenNote.explanation} /> : null}
          <IgnoredFold ignored={ignored} author={question.author.username}>
            <div className="prose-forum" data-testid="question-body" dangerouslySetInnerHTML={{ __html: question.html }} />
          </IgnoredFold>
          <div className="flex flex-wrap gap-1.5">
            {question.tags.map((t) => (
              <Link key={t} to={`/questions?tag=${encodeURIComponent(t)}`} className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700 hover:bg-brand-100">
                #{t}
              </Link>
            ))}
          </div>
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
            <div className="flex items-center gap-3 text-sm">
              <PostLinks
                kind="question"
                id={question.id}
                canEdit={question.can.edit}
                edited={question.edited}
                canDelete={question.can.delete && !question.deleted}
                flag={{ can: question.can.flag, flagged: question.flagged }}
              />
            </div>
            <Byline author={question.author} createdAt={question.createdAt} edited={question.edited} verb="asked" />
          </div>
        </div>
      </section>
    </>
  );
}
