import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { answers, questions, revisions } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canAccept, canDeletePost, canEditPost, requireActor, requirePermission, type Actor } from "~/auth/permissions";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/domain/errors";
import { announce, createNotifications, mentionNotifications } from "~/domain/notifications/notify.server";
import { consumePostingAllowance } from "~/domain/rate-limit/posting.server";
import { getQuestion } from "~/domain/questions/get.server";
import { nextRevision } from "~/domain/questions/edit.server";
import { presentAnswer } from "~/domain/questions/present.server";
import { answerColumns, author, lockQuestion, requireReadableQuestion } from "~/domain/questions/queries.server";
import { answerSchema } from "~/domain/questions/schemas";
import { parseInput } from "~/domain/validate";
import { publish } from "~/realtime/publish.server";
import { queueBadgeCheck } from "~/domain/badges/queue.server";
import { awardSolution, recordFirstResponse, reverseSolution } from "~/domain/reputation/solutions.server";
import { reversePostReputation } from "~/domain/reputation/votes.server";
import { recordResponseInTx, recordSolutionInTx } from "~/domain/escalation/cases.server";
import { transact } from "~/domain/events/transact.server";

async function loadAnswer(id: string) {
  const [row] = await db()
    .select({ ...answerColumns, acceptedAnswerId: questions.acceptedAnswerId, questionDeletedAt: questions.deletedAt })
    .from(answers)
    .innerJoin(author, eq(author.id, answers.authorId))
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(answers.id, id))
    .limit(1);
  return row;
}

/** An answer, for anyone who may read its question. */
export async function getAnswer(actor: Actor | null, id: string) {
  const row = await loadAnswer(id);
  if (!row || row.deletedAt || row.questionDeletedAt) throw new NotFoundError("No such answer.");
  await requireReadableQuestion(actor, row.questionId).catch(() => {
    throw new NotFoundError("No such answer.");
  });
  return presentAnswer(row, row.acceptedAnswerId);
}

/** Posts an answer; the asker hears about it, and so does anyone @mentioned. */
export async function postAnswer(actor: Actor | null, questionId: string, input: unknown) {
  const me = requirePermission(actor, "answer:post");
  const data = parseInput(answerSchema, input);
  const readable = await requireReadableQuestion(me, questionId);
  const [exists] = await db().select({ deletedAt: questions.deletedAt, duplicateOfId: questions.duplicateOfId }).from(questions).where(eq(questions.id, questionId));
  if (!exists || exists.deletedAt) throw new NotFoundError("No such question.");
  if (exists.duplicateOfId) throw new ConflictError("This question is closed as a duplicate: answer the original instead.");
  await consumePostingAllowance(me);
  const id = newId();
  const now = new Date();
  const created = await transact(async (tx, events) => {
    const q = await lockQuestion(tx, questionId);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    await tx.insert(answers).values({ id, questionId, authorId: me.id, body: data.body, html: renderMarkdown(data.body), createdAt: now, updatedAt: now });
    await tx
      .update(questions)
      .set({ answerCount: sql`${questions.answerCount} + 1`, lastActivityAt: now })
      .where(eq(questions.id, questionId));
    await tx.insert(revisions).values({ id: newId(), targetType: "answer", targetId: id, number: 1, editorId: me.id, body: data.body, createdAt: now });
    await enqueueSearch(tx, "questions", [questionId]);
    if (q.answerCount === 0) await recordFirstResponse(tx, q, { id, authorId: me.id, createdAt: now });
    await recordResponseInTx(tx, events, questionId, me, now);
    await queueBadgeCheck(tx, [me.id]);
    const base = { actorId: me.id, questionId, answerId: id };
    const mentions = await mentionNotifications(tx, data.body, base, [q.authorId], readable.visibility);
    return createNotifications(tx, [{ ...base, userId: q.authorId, kind: "answer" }, ...mentions]);
  });
  announce(created);
  publish.answerCreated(questionId, id);
  return getAnswer(me, id);
}

export async function editAnswer(actor: Actor | null, id: string, input: unknown) {
  const me = requireActor(actor);
  const data = parseInput(answerSchema, input);
  const existing = await loadAnswer(id);
  if (!existing || existing.deletedAt || existing.questionDeletedAt) throw new NotFoundError("No such answer.");
  if (!canEditPost(me, existing.authorId)) throw new ForbiddenError("Only the author or staff can edit this answer.");
  const now = new Date();
  await db().transaction(async (tx) => {
    await tx.update(answers).set({ body: data.body, html: renderMarkdown(data.body), updatedAt: now }).where(eq(answers.id, id));
    await tx.update(questions).set({ lastActivityAt: now }).where(eq(questions.id, existing.questionId));
    await tx.insert(revisions).values({ id: newId(), targetType: "answer", targetId: id, number: await nextRevision(tx, "answer", id), editorId: me.id, body: data.body, createdAt: now });
    await enqueueSearch(tx, "questions", [existing.questionId]);
  });
  publish.questionUpdated(existing.questionId);
  return getAnswer(me, id);
}

/** Soft-deletes an answer; a deleted solution stops being the solution. */
export async function deleteAnswer(actor: Actor | null, id: string) {
  const me = requireActor(actor);
  const existing = await loadAnswer(id);
  if (!existing || existing.deletedAt) throw new NotFoundError("No such answer.");
  if (!canDeletePost(me, existing.authorId)) throw new ForbiddenError("Only the author or staff can delete this answer.");
  const unaccepted = await transact(async (tx, events) => {
    const q = await lockQuestion(tx, existing.questionId);
    await tx.update(answers).set({ deletedAt: new Date() }).where(eq(answers.id, id));
    await reversePostReputation(tx, "answer", id);
    const wasSolution = q?.acceptedAnswerId === id;
    await tx
      .update(questions)
      .set({
        answerCount: sql`greatest(${questions.answerCount} - 1, 0)`,
        ...(wasSolution ? { acceptedAnswerId: null, status: "open" as const } : {}),
      })
      .where(eq(questions.id, existing.questionId));
    await enqueueSearch(tx, "questions", [existing.questionId]);
    if (wasSolution) await recordSolutionInTx(tx, events, existing.questionId, null, me.id);
    return wasSolution;
  });
  publish.questionUpdated(existing.questionId);
  if (unaccepted) publish.questionSolved(existing.questionId, null);
}

/** Marks an answer as the solution (replacing any other), or clears it with `accept = false`. */
export async function setAccepted(actor: Actor | null, answerId: string, accept: boolean) {
  const me = requireActor(actor);
  const existing = await loadAnswer(answerId);
  if (!existing || existing.deletedAt) throw new NotFoundError("No such answer.");
  const created = await transact(async (tx, events) => {
    const q = await lockQuestion(tx, existing.questionId);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    if (!canAccept(me, q.authorId)) throw new ForbiddenError("Only the asker or staff can mark the solution.");
    // The accepted answer's text is part of the question's document.
    await enqueueSearch(tx, "questions", [q.id]);
    if (!accept) {
      if (q.acceptedAnswerId !== answerId) throw new ConflictError("That answer is not the accepted one.");
      await reverseSolution(tx, answerId, "solution unmarked");
      await recordSolutionInTx(tx, events, q.id, null, me.id);
      await tx.update(questions).set({ acceptedAnswerId: null, status: "open", lastActivityAt: new Date() }).where(eq(questions.id, q.id));
      return [];
    }
    if (q.acceptedAnswerId === answerId) return [];
    if (q.acceptedAnswerId) await reverseSolution(tx, q.acceptedAnswerId, "another answer marked as the solution");
    await awardSolution(tx, q, { id: answerId, authorId: existing.authorId }, me.id);
    await recordSolutionInTx(tx, events, q.id, { id: existing.authorId, role: existing.author.role }, me.id);
    await tx.update(questions).set({ acceptedAnswerId: answerId, status: "solved", lastActivityAt: new Date() }).where(and(eq(questions.id, q.id)));
    return createNotifications(tx, [{ userId: existing.authorId, kind: "accepted", actorId: me.id, questionId: q.id, answerId }]);
  });
  announce(created);
  publish.questionSolved(existing.questionId, accept ? answerId : null);
  return getQuestion(me, existing.questionId);
}

export async function answerAuthorId(id: string) {
  const row = await loadAnswer(id);
  if (!row) throw new NotFoundError("No such answer.");
  return row.authorId;
}
