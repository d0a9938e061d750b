/** Reputation for solutions and first responses, inside the caller's transaction. */
import type { Executor } from "#db/client.server";
import type { EventLog } from "~/domain/events/transact.server";
import { record, reverse, type Award } from "./ledger.server";
import { POINTS } from "./rules";

interface SolvedQuestion {
  id: string;
  authorId: string;
  categoryId: string;
}

const acceptKeys = (answerId: string) => [`accept:${answerId}`, `accepter:${answerId}`];

export async function reverseSolution(tx: Executor, events: EventLog, answerId: string, reason: string) {
  await reverse(tx, events, { sourceKeys: acceptKeys(answerId) }, reason);
}

/**
 * The answerer earns for a solution; the asker earns a little for closing the
 * loop. Marking your own answer earns nothing, and staff marking on the
 * asker's behalf earn nothing for it.
 */
export async function awardSolution(tx: Executor, events: EventLog, q: SolvedQuestion, answer: { id: string; authorId: string }, accepterId: string) {
  if (answer.authorId === q.authorId) return;
  const base = { postType: "answer" as const, postId: answer.id, questionId: q.id, categoryId: q.categoryId, actorId: accepterId };
  const awards: Award[] = [{ ...base, userId: answer.authorId, kind: "answer_accepted", points: POINTS.answerAccepted, sourceKey: `accept:${answer.id}` }];
  if (accepterId === q.authorId) awards.push({ ...base, userId: q.authorId, kind: "accepted_answer", points: POINTS.acceptingAnswer, sourceKey: `accepter:${answer.id}` });
  await record(tx, events, awards);
}

/** The first answer from someone other than the asker: no points, but it feeds badges and the fastest-responder board. */
export async function recordFirstResponse(tx: Executor, events: EventLog, q: SolvedQuestion & { createdAt: Date }, answer: { id: string; authorId: string; createdAt: Date }) {
  if (answer.authorId === q.authorId) return;
  await record(tx, events, [
    {
      userId: answer.authorId,
      kind: "first_response",
      points: 0,
      sourceKey: `first:${q.id}`,
      postType: "answer",
      postId: answer.id,
      questionId: q.id,
      categoryId: q.categoryId,
      responseSeconds: Math.max(0, Math.round((answer.createdAt.getTime() - q.createdAt.getTime()) / 1000)),
      at: answer.createdAt,
    },
  ]);
}
