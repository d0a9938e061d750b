/**
 * Telling followers: a new answer rings those who follow its question, a new
 * question those who follow its category or one of its tags. The posting
 * transaction only enqueues one "watchers.fanout" job (durable: it commits
 * with the post, or not at all); the job then writes the notifications in
 * batches, each batch one select and one insert in its own transaction, so
 * ten thousand followers never hold up the person posting.
 */
import { and, asc, eq, gt, inArray, isNull, notExists, or, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, categories, notifications, questions, users, watches } from "#db/schema";
import { canSeeCategory, type Actor } from "~/auth/policies";
import { transact, type Subscriber } from "~/domain/events/transact.server";
import { notify, type NewNotification } from "~/domain/notifications/notify.server";
import { enqueueJob } from "~/jobs/boss.server";
import type { JobData } from "~/jobs/queues";
import { askerWatches } from "./watch.server";

export const FANOUT_BATCH = 500;

/**
 * Askers follow their own question from the moment it is published (held
 * questions when staff keep them: the same event), and each publication
 * queues its fan-out in the same transaction.
 */
export const watcherFanout: Subscriber = {
  name: "following",
  durable: {
    "question.asked": async (e, tx) => {
      await askerWatches(tx, e.questionId);
      await enqueueJob(tx, "watchers.fanout", { event: "question", questionId: e.questionId });
    },
    "answer.posted": async (e, tx) => {
      await enqueueJob(tx, "watchers.fanout", { event: "answer", questionId: e.questionId, answerId: e.answerId });
    },
  },
};

type Recipient = Pick<Actor, "id" | "username" | "role" | "reputation">;

const recipientColumns = { id: users.id, username: users.username, role: users.role, reputation: users.reputation };

/** The question as the fan-out needs it, or null when it is no longer public to its readers (deleted, hidden). */
async function loadQuestion(id: string) {
  const [q] = await db()
    .select({ id: questions.id, authorId: questions.authorId, categoryId: questions.categoryId, tags: questions.tags, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, visibility: categories.visibility, categoryName: categories.name })
    .from(questions)
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(eq(questions.id, id))
    .limit(1);
  return q && !q.deletedAt && !q.hiddenAt ? q : null;
}

/**
 * Followers of the question, a batch at a time in id order. A follower
 * already told of this answer is skipped, so a retried job does not ring
 * twice.
 */
async function answerFanout(job: Extract<JobData["watchers.fanout"], { event: "answer" }>) {
  const q = await loadQuestion(job.questionId);
  if (!q) return;
  const [answer] = await db().select({ authorId: answers.authorId, deletedAt: answers.deletedAt, hiddenAt: answers.hiddenAt }).from(answers).where(eq(answers.id, job.answerId)).limit(1);
  if (!answer || answer.deletedAt || answer.hiddenAt) return;
  const skip = [answer.authorId, q.authorId];
  let after = "";
  for (;;) {
    const batch: Recipient[] = await db()
      .select(recipientColumns)
      .from(watches)
      .innerJoin(users, eq(users.id, watches.userId))
      .where(
        and(
          eq(watches.targetType, "question"),
          eq(watches.targetId, q.id),
          gt(watches.userId, after),
          sql`${watches.userId} not in (${sql.join(skip.map((s) => sql`${s}`), sql`, `)})`,
          isNull(users.deletedAt),
          notExists(
            db()
              .select({ n: sql`1` })
              .from(notifications)
              .where(and(eq(notifications.userId, watches.userId), eq(notifications.kind, "watched_answer"), eq(notifications.answerId, job.answerId))),
          ),
        ),
      )
      .orderBy(asc(watches.userId))
      .limit(FANOUT_BATCH);
    if (!batch.length) return;
    after = batch[batch.length - 1].id;
    const rows: NewNotification[] = batch
      .filter((u) => canSeeCategory(u, q.visibility))
      .map((u) => ({ userId: u.id, kind: "watched_answer", actorId: answer.authorId, questionId: q.id, answerId: job.answerId }));
    if (rows.length) await transact((tx, events) => notify(tx, events, rows));
    if (batch.length < FANOUT_BATCH) return;
  }
}

/**
 * Followers of the question's category or of any of its tags, each once: a
 * member following both hears "in <category>", else "#<tag>" (the
 * notification's subject says which they follow).
 */
async function questionFanout(job: Extract<JobData["watchers.fanout"], { event: "question" }>) {
  const q = await loadQuestion(job.questionId);
  if (!q) return;
  const matches = or(
    and(eq(watches.targetType, "category"), eq(watches.targetId, q.categoryId)),
    q.tags.length ? and(eq(watches.targetType, "tag"), inArray(watches.targetId, q.tags)) : undefined,
  );
  let after = "";
  for (;;) {
    const batch = await db()
      .select({
        ...recipientColumns,
        viaCategory: sql<boolean>`bool_or(${watches.targetType} = 'category')`,
        tag: sql<string | null>`min(case when ${watches.targetType} = 'tag' then ${watches.targetId} end)`,
      })
      .from(watches)
      .innerJoin(users, eq(users.id, watches.userId))
      .where(
        and(
          matches,
          gt(watches.userId, after),
          sql`${watches.userId} <> ${q.authorId}`,
          isNull(users.deletedAt),
          notExists(
            db()
              .select({ n: sql`1` })
              .from(notifications)
              .where(and(eq(notifications.userId, watches.userId), eq(notifications.kind, "watched_question"), eq(notifications.questionId, q.id))),
          ),
        ),
      )
      .groupBy(users.id)
      .orderBy(asc(users.id))
      .limit(FANOUT_BATCH);
    if (!batch.length) return;
    after = batch[batch.length - 1].id;
    const rows: NewNotification[] = batch
      // Followers of a tag learn nothing of a question in a category they may not read.
      .filter((u) => canSeeCategory(u, q.visibility))
      .map((u) => ({ userId: u.id, kind: "watched_question", actorId: q.authorId, questionId: q.id, subject: u.viaCategory || !u.tag ? q.categoryName : `#${u.tag}` }));
    if (rows.length) await transact((tx, events) => notify(tx, events, rows));
    if (batch.length < FANOUT_BATCH) return;
  }
}

export async function runWatcherFanout(jobs: JobData["watchers.fanout"][]) {
  for (const job of jobs) {
    if (job.event === "answer") await answerFanout(job);
    else await questionFanout(job);
  }
}
