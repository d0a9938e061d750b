import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { answers, questions, revisions } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canAccept, canAnswer, canDeletePost, canEditPost, ensure, ensureCan, ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { mentionNotifications, notify } from "~/domain/notifications/notify.server";
import { consumePostingAllowance } from "~/domain/rate-limit/posting.server";
import { getQuestion } from "~/domain/questions/get.server";
import { nextRevision } from "~/domain/questions/edit.server";
import { presentAnswer } from "~/domain/questions/present.server";
import { answerColumns, author, lockQuestion, requireReadableQuestion } from "~/domain/questions/queries.server";
import { answerSchema } from "~/domain/questions/schemas";
import { clientKeyReused, clientKeySchema, parseInput } from "~/domain/validate";
import { awardSolution, recordFirstResponse, reverseSolution } from "~/domain/reputation/solutions.server";
import { reversePostReputation } from "~/domain/reputation/votes.server";
import { recordResponseInTx, recordSolutionInTx } from "~/domain/escalation/cases.server";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";
import { canSeeHiddenPost, type Actor as PolicyActor } from "~/auth/policies";
import type { Tx } from "#db/client.server";
import type { EventLog } from "~/domain/events/transact.server";
import type { Question } from "#db/schema";
import { holdForReview, returnToReview } from "~/domain/moderation/items.server";
import { spamRuleFor } from "~/domain/moderation/spam-rules.server";
import { recountAnswers } from "~/domain/questions/queries.server";

async function loadAnswer(id: string) {
  const [row] = await db()
    .select({ ...answerColumns, acceptedAnswerId: questions.acceptedAnswerId, questionDeletedAt: questions.deletedAt, questionAuthorId: questions.authorId })
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
  if (!row || row.deletedAt || row.questionDeletedAt || !canSeeHiddenPost(actor, row)) throw new NotFoundError("No such answer.");
  await requireReadableQuestion(actor, row.questionId).catch(() => {
    throw new NotFoundError("No such answer.");
  });
  return presentAnswer(row, row.acceptedAnswerId);
}

const postSchema = answerSchema.extend({ clientKey: clientKeySchema });

/** The answer this author already posted with this key, if any; a key names one answer to one question. */
export async function answeredWithKey(authorId: string, clientKey: string | undefined, questionId: string) {
  if (!clientKey) return null;
  const [first] = await db().select({ id: answers.id, questionId: answers.questionId }).from(answers).where(and(eq(answers.authorId, authorId), eq(answers.clientKey, clientKey)));
  if (first && first.questionId !== questionId) throw clientKeyReused("answer");
  return first?.id ?? null;
}

/** Posts an answer; the asker hears about it, and so does anyone @mentioned. */
export async function postAnswer(actor: Actor | null, questionId: string, input: unknown) {
  return (await postAnswerOnce(actor, questionId, input)).answer;
}

/** `postAnswer`, saying whether this call wrote the answer or found it under its client key. */
export async function postAnswerOnce(actor: Actor | null, questionId: string, input: unknown) {
  const me = ensureCan(actor, "answer:post");
  const data = parseInput(postSchema, input);
  const readable = await requireReadableQuestion(me, questionId);
  // A form sent twice gets its first answer back, without spending the posting allowance again.
  const earlier = await answeredWithKey(me.id, data.clientKey, questionId);
  if (earlier) return { answer: await getAnswer(me, earlier), created: false };
  const [exists] = await db().select({ deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, duplicateOfId: questions.duplicateOfId }).from(questions).where(eq(questions.id, questionId));
  if (!exists || exists.deletedAt) throw new NotFoundError("No such question.");
  if (exists.hiddenAt) throw new ConflictError("This question is waiting for a moderator's review; it takes answers again once it is kept.");
  ensure(canAnswer(me, exists), () => new ConflictError("This question is closed as a duplicate: answer the original instead."));
  await consumePostingAllowance(me);
  const now = clock();
  const { id, created } = await transact(async (tx, events) => {
    const q = await lockQuestion(tx, questionId);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    const id = newId();
    const [inserted] = await tx
      .insert(answers)
      .values({ id, questionId, authorId: me.id, body: data.body, html: renderMarkdown(data.body), clientKey: data.clientKey, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [answers.authorId, answers.clientKey] })
      .returning({ id: answers.id });
    // The same key racing in: the other request wrote the answer first.
    if (!inserted) return { id: (await answeredWithKey(me.id, data.clientKey, questionId)) ?? id, created: false };
    await tx.insert(revisions).values({ id: newId(), targetType: "answer", targetId: id, number: 1, editorId: me.id, body: data.body, createdAt: now });
    const rule = await spamRuleFor(tx, me, data.body);
    if (rule) {
      await tx.update(answers).set({ hiddenAt: now }).where(eq(answers.id, id));
      await holdForReview(tx, events, { type: "answer", id, authorId: me.id }, rule);
      return { id, created: true };
    }
    await publishAnswerInTx(tx, events, q, { id, authorId: me.id, body: data.body, createdAt: now }, me, readable.visibility);
    return { id, created: true };
  });
  return { answer: await getAnswer(me, id), created };
}

/**
 * What an answer's arrival sets off: the count and the thread's activity, the
 * first response and the case's clock, the asker's and the mentioned members'
 * bells, the event. A held answer does this when staff keep it.
 */
export async function publishAnswerInTx(
  tx: Tx,
  events: EventLog,
  q: Pick<Question, "id" | "authorId" | "answerCount" | "categoryId" | "createdAt" | "status">,
  answer: { id: string; authorId: string; body: string; createdAt: Date },
  author: PolicyActor,
  visibility: "public" | "advocates" | "staff",
) {
  const now = clock();
  await tx.update(questions).set({ answerCount: sql`${questions.answerCount} + 1`, lastActivityAt: now }).where(eq(questions.id, q.id));
  await enqueueSearch(tx, "questions", [q.id]);
  if (q.answerCount === 0) await recordFirstResponse(tx, events, q, { id: answer.id, authorId: answer.authorId, createdAt: answer.createdAt });
  await recordResponseInTx(tx, events, q.id, author, answer.createdAt);
  const base = { actorId: answer.authorId, questionId: q.id, answerId: answer.id };
  const mentions = await mentionNotifications(tx, answer.body, base, [q.authorId], visibility);
  await notify(tx, events, [{ ...base, userId: q.authorId, kind: "answer" }, ...mentions]);
  events.record({ type: "answer.posted", questionId: q.id, answerId: answer.id, authorId: answer.authorId });
}

export async function editAnswer(actor: Actor | null, id: string, input: unknown) {
  const me = ensureActive(actor);
  const data = parseInput(answerSchema, input);
  const existing = await loadAnswer(id);
  if (!existing || existing.deletedAt || existing.questionDeletedAt) throw new NotFoundError("No such answer.");
  ensure(canEditPost(me, existing), "Only the author or staff can edit this answer.");
  const now = clock();
  await transact(async (tx, events) => {
    await tx.update(answers).set({ body: data.body, html: renderMarkdown(data.body), updatedAt: now }).where(eq(answers.id, id));
    await tx.update(questions).set({ lastActivityAt: now }).where(eq(questions.id, existing.questionId));
    await tx.insert(revisions).values({ id: newId(), targetType: "answer", targetId: id, number: await nextRevision(tx, "answer", id), editorId: me.id, body: data.body, createdAt: now });
    await enqueueSearch(tx, "questions", [existing.questionId]);
    // A hidden answer its author fixed goes back to the moderators; it stays hidden until they keep it.
    if (existing.hiddenAt) await returnToReview(tx, events, { type: "answer", id, authorId: existing.authorId });
    events.record({ type: "answer.edited", questionId: existing.questionId, answerId: id });
  });
  return getAnswer(me, id);
}

/** Soft-deletes an answer; a deleted solution stops being the solution. */
export async function deleteAnswer(actor: Actor | null, id: string) {
  const me = ensureActive(actor);
  const existing = await loadAnswer(id);
  if (!existing || existing.deletedAt) throw new NotFoundError("No such answer.");
  ensure(canDeletePost(me, existing), "Only the author or staff can delete this answer.");
  await transact(async (tx, events) => {
    const q = await lockQuestion(tx, existing.questionId);
    if (existing.authorId !== me.id) {
      await recordAudit(tx, me, { action: "answer.deleted", target: { type: "answer", id, label: `Answer on “${q?.title ?? existing.questionId}”` }, data: { questionId: existing.questionId } });
    }
    await removeAnswerInTx(tx, events, me.id, { id, questionId: existing.questionId, acceptedAnswerId: q?.acceptedAnswerId ?? null });
  });
}

/** The deletion itself, for the author's delete and a moderator's: reputation reversed, a deleted solution unmarked. */
export async function removeAnswerInTx(tx: Tx, events: EventLog, byId: string, a: { id: string; questionId: string; acceptedAnswerId: string | null }) {
  await tx.update(answers).set({ deletedAt: clock() }).where(eq(answers.id, a.id));
  await reversePostReputation(tx, events, "answer", a.id);
  const wasSolution = a.acceptedAnswerId === a.id;
  if (wasSolution) await tx.update(questions).set({ acceptedAnswerId: null, status: "open" }).where(eq(questions.id, a.questionId));
  await recountAnswers(tx, a.questionId);
  await enqueueSearch(tx, "questions", [a.questionId]);
  if (wasSolution) await recordSolutionInTx(tx, events, a.questionId, null, byId);
  events.record({ type: "answer.deleted", questionId: a.questionId, answerId: a.id, wasSolution });
}

/** Marks an answer as the solution (replacing any other), or clears it with `accept = false`. */
export async function setAccepted(actor: Actor | null, answerId: string, accept: boolean) {
  const me = ensureActive(actor);
  const existing = await loadAnswer(answerId);
  if (!existing || existing.deletedAt) throw new NotFoundError("No such answer.");
  await transact(async (tx, events) => {
    const q = await lockQuestion(tx, existing.questionId);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    ensure(canAccept(me, q), "Only the asker or staff can mark the solution.");
    // The accepted answer's text is part of the question's document.
    await enqueueSearch(tx, "questions", [q.id]);
    if (!accept) {
      if (q.acceptedAnswerId !== answerId) throw new ConflictError("That answer is not the accepted one.");
      await reverseSolution(tx, events, answerId, "solution unmarked");
      await recordSolutionInTx(tx, events, q.id, null, me.id);
      await tx.update(questions).set({ acceptedAnswerId: null, status: "open", lastActivityAt: clock() }).where(eq(questions.id, q.id));
      events.record({ type: "answer.unaccepted", questionId: q.id, answerId });
      return;
    }
    // Marking the solution again changes nothing, so nothing is said.
    if (q.acceptedAnswerId === answerId) return;
    if (q.acceptedAnswerId) await reverseSolution(tx, events, q.acceptedAnswerId, "another answer marked as the solution");
    await awardSolution(tx, events, q, { id: answerId, authorId: existing.authorId }, me.id);
    await recordSolutionInTx(tx, events, q.id, { id: existing.authorId, role: existing.author.role }, me.id);
    await tx.update(questions).set({ acceptedAnswerId: answerId, status: "solved", lastActivityAt: clock() }).where(and(eq(questions.id, q.id)));
    await notify(tx, events, [{ userId: existing.authorId, kind: "accepted", actorId: me.id, questionId: q.id, answerId }]);
    // A swap is said once, as the new solution: readers refetch and find the old one unmarked.
    events.record({ type: "answer.accepted", questionId: q.id, answerId });
  });
  return getQuestion(me, existing.questionId);
}

export async function answerAuthorId(id: string) {
  const row = await loadAnswer(id);
  if (!row) throw new NotFoundError("No such answer.");
  return row.authorId;
}
