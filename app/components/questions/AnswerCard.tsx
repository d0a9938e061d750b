import { Form } from "@remix-run/react";
import type { QuestionPage } from "~/domain/questions/get.server";
import { VoteControls, type VotePermissions } from "../VoteControls";
import { Byline } from "./Byline";
import { IgnoredFold } from "./IgnoredFold";
import { PostLinks } from "./PostLinks";
import { HiddenNotice } from "../moderation/FlagMenu";

type Answer = QuestionPage["answers"][number];

/** One answer: its votes, the solution mark, and what the reader may do with it. */
export function AnswerCard({ a, canAccept, votes, ignored = false }: { a: Answer; canAccept: boolean; votes: VotePermissions; ignored?: boolean }) {
  return (
    <div
      id={`answer-${a.id}`}
      data-testid="answer"
      className={`card flex scroll-mt-24 gap-4 p-5 ${a.accepted ? "ring-2 ring-emerald-500" : ""} ${a.deleted ? "opacity-60" : ""}`}
    >
      <VoteControls target="answer" id={a.id} score={a.score} myVote={a.myVote} canVote={a.can.vote && !a.deleted} {...votes} />
      <div className="min-w-0 flex-1 space-y-3">
        {a.accepted ? <p className="text-xs font-semibold uppercase text-emerald-700">✓ Solution</p> : null}
        {a.deleted ? <p className="text-xs font-semibold uppercase text-rose-700">Deleted</p> : null}
        {a.hiddenNote ? <HiddenNotice kind="answer" explanation={a.hiddenNote.explanation} /> : null}
        <IgnoredFold ignored={ignored} author={a.author.username}>
          <div className="prose-forum" dangerouslySetInnerHTML={{ __html: a.html }} />
        </IgnoredFold>
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
          <div className="flex items-center gap-3 text-sm">
            {canAccept && !a.deleted ? (
              <Form method="post">
                <input type="hidden" name="intent" value={a.accepted ? "unaccept" : "accept"} />
                <input type="hidden" name="answerId" value={a.id} />
                <button
                  type="submit"
                  className={a.accepted ? "btn-secondary px-3 py-1" : "btn px-3 py-1 bg-emerald-700 text-white hover:bg-emerald-800"}
                >
                  {a.accepted ? "Unmark solution" : "Mark as solution"}
                </button>
              </Form>
            ) : null}
            <PostLinks
              kind="answer"
              id={a.id}
              canEdit={a.can.edit && !a.deleted}
              edited={a.edited}
              canDelete={a.can.delete && !a.deleted}
              flag={{ can: a.can.flag, flagged: a.flagged }}
            />
          </div>
          <Byline author={a.author} createdAt={a.createdAt} edited={a.edited} verb="answered" />
        </div>
      </div>
    </div>
  );
}
