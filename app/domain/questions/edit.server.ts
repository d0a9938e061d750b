import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { answers, questions, revisions, users } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canDeletePost, canEditPost, canSeeHiddenPost, ensure, ensureActive, ensureSignedIn, type Actor } from "~/auth/policies";
import { renderMarkdown } from "~/domain/content/markdown.server";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { reverse } from "~/domain/reputation/ledger.server";
import { reversePostReputation } from "~/domain/reputation/votes.server";
import { getQuestion } from "./get.server";
import { lockQuestion, requireReadableQuestion } from "./queries.server";
import { editQuestionSchema } from "./schemas";
import { now as clock } from "~/clock";
import { recordAudit } from "~/domain/audit/record.server";
import type { EventLog } from "~/domain/events/transact.server";
import { returnToReview } from "~/domain/moderation/items.server";

export async function nextRevision(tx: Executor, targetType: "question" | "answer", targetId: string) {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${revisions.number}), 0)`.mapWith(Number) })
    .from(revisions)
    .where(and(eq(revisions.targetType, targetType), eq(revisions.targetId, targetId)));
  return (row?.n ?? 0) + 1;
}

/** Edits a question; every edit is kept as a revision. */
export async function editQuestion(actor: Actor | null, id: string, input: unknown) {
  const me = ensureActive(actor);
  const data = parseInput(editQuestionSchema, input);
  await transact(async (tx, events) => {
    const q = await lockQuestion(tx, id);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    ensure(canEditPost(me, q), "Only the author or staff can edit this question.");
    const next = { title: data.title ?? q.title, body: data.body ?? q.body, tags: data.tags ?? q.tags };
    const now = clock();
    await tx
      .update(questions)
      .set({ ...next, html: renderMarkdown(next.body), updatedAt: now, lastActivityAt: now })
      .where(eq(questions.id, id));
    await tx.insert(revisions).values({
      id: newId(),
      targetType: "question",
      targetId: id,
      number: await nextRevision(tx, "question", id),
      editorId: me.id,
      title: next.title,
      body: next.body,
      tags: next.tags,
      createdAt: now,
    });
    await enqueueSearch(tx, "questions", [id]);
    // A hidden question its author fixed goes back to the moderators; it stays hidden until they keep it.
    if (q.hiddenAt) await returnToReview(tx, events, { type: "question", id, authorId: q.authorId });
    events.record({ type: "question.edited", questionId: id });
  });
  return getQuestion(me, id);
}

/** Soft delete: the question disappears from lists, pages and search; staff can still open it. */
export async function deleteQuestion(actor: Actor | null, id: string) {
  const me = ensureActive(actor);
  await transact(async (tx, events) => {
    const q = await lockQuestion(tx, id);
    if (!q || q.deletedAt) throw new NotFoundError("No such question.");
    ensure(canDeletePost(me, q), "Only the author or staff can delete this question.");
    await tx.update(questions).set({ deletedAt: clock() }).where(eq(questions.id, id));
    // Removing someone else's post is a staff action, and the log keeps it; authors tidying their own are not logged.
    if (q.authorId !== me.id) await recordAudit(tx, me, { action: "question.deleted", target: { type: "question", id, label: q.title } });
    await removeQuestionInTx(tx, events, q);
  });
}

/** The deletion itself, for the author's delete and a moderator's. */
export async function removeQuestionInTx(tx: Executor, events: EventLog, q: { id: string; acceptedAnswerId: string | null }) {
  await tx.update(questions).set({ deletedAt: clock() }).where(eq(questions.id, q.id));
  // The question's own votes and the asker's bonus for marking a solution go; answerers keep what they earned helping.
  await reversePostReputation(tx, events, "question", q.id);
  if (q.acceptedAnswerId) await reverse(tx, events, { sourceKeys: [`accepter:${q.acceptedAnswerId}`] }, "question deleted");
  await enqueueSearch(tx, "questions", [q.id]);
  events.record({ type: "question.deleted", questionId: q.id });
}

/** Every revision of a post, oldest first, for anyone who may see the post. */
export async function listRevisions(actor: Actor | null, targetType: "question" | "answer", targetId: string, questionId: string) {
  await requireReadableQuestion(actor, questionId);
  if (targetType === "answer") {
    // A hidden answer's history is as private as the answer: its author and staff only.
    const [a] = await db().select({ authorId: answers.authorId, hiddenAt: answers.hiddenAt }).from(answers).where(eq(answers.id, targetId));
    if (a && !canSeeHiddenPost(actor, a)) throw new NotFoundError("No such answer.");
  }
  const rows = await db()
    .select({ number: revisions.number, title: revisions.title, body: revisions.body, tags: revisions.tags, createdAt: revisions.createdAt, editor: users.username })
    .from(revisions)
    .innerJoin(users, eq(users.id, revisions.editorId))
    .where(and(eq(revisions.targetType, targetType), eq(revisions.targetId, targetId)))
    .orderBy(asc(revisions.number));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), html: renderMarkdown(r.body) }));
}
