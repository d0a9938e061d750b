import { and, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { categories, questions, reputationEvents } from "#db/schema";
import { canSeeCategory, type Actor } from "~/auth/policies";
import { findUserByUsername } from "~/domain/accounts/users.server";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { decodeCursor, encodeCursor } from "~/domain/questions/cursor";
import { questionUrl } from "~/domain/questions/urls";
import { parseInput } from "~/domain/validate";

const historySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});


/** A member's ledger, newest first: every award and every reversal, with the post it was for. */
export async function getReputationHistory(actor: Actor | null, username: string, input: unknown) {
  const q = parseInput(historySchema, input);
  const user = await findUserByUsername(username);
  if (!user) throw new NotFoundError("No such member.");
  let after: { at: string; id: string } | null = null;
  if (q.cursor) {
    const decoded = decodeCursor(q.cursor);
    if (!decoded) throw new ValidationError({ cursor: ["This cursor is not valid."] });
    after = decoded;
  }
  // The page comes from the (user, created_at, id) index alone; the posts are
  // looked up for those rows only, so a member with 15,000 events costs what one with 15 does.
  const rows = await db()
    .select({
      id: reputationEvents.id,
      kind: reputationEvents.kind,
      points: reputationEvents.points,
      reason: reputationEvents.reason,
      createdAt: reputationEvents.createdAt,
      cursorAt: sql<string>`${reputationEvents.createdAt}::text`,
      reversesId: reputationEvents.reversesId,
      questionId: reputationEvents.questionId,
      postType: reputationEvents.postType,
      postId: reputationEvents.postId,
    })
    .from(reputationEvents)
    .where(
      and(
        eq(reputationEvents.userId, user.id),
        after
          ? or(
              sql`${reputationEvents.createdAt} < ${after.at}::timestamptz`,
              and(sql`${reputationEvents.createdAt} = ${after.at}::timestamptz`, lt(reputationEvents.id, after.id)),
            )
          : undefined,
      ),
    )
    // Spelled as the index stores it (desc nulls last), so the page is read straight off the index.
    .orderBy(sql`${reputationEvents.createdAt} desc nulls last`, sql`${reputationEvents.id} desc nulls last`)
    .limit(q.limit + 1);
  const questionIds = [...new Set(rows.flatMap((r) => (r.questionId ? [r.questionId] : [])))];
  const reversedIds = rows.flatMap((r) => (r.reversesId ? [r.reversesId] : []));
  const [posts, originals] = await Promise.all([
    questionIds.length
      ? db()
          .select({ id: questions.id, title: questions.title, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, visibility: categories.visibility })
          .from(questions)
          .innerJoin(categories, eq(categories.id, questions.categoryId))
          .where(inArray(questions.id, questionIds))
      : [],
    reversedIds.length ? db().select({ id: reputationEvents.id, kind: reputationEvents.kind }).from(reputationEvents).where(inArray(reputationEvents.id, reversedIds)) : [],
  ]);
  const postById = new Map(posts.map((p) => [p.id, p]));
  const kindById = new Map(originals.map((o) => [o.id, o.kind]));
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((e) => {
      const post = e.questionId ? postById.get(e.questionId) : undefined;
      const showPost = post && !post.deletedAt && !post.hiddenAt && canSeeCategory(actor, post.visibility);
      return {
        id: e.id,
        kind: e.kind,
        points: e.points,
        reverses: e.reversesId ? (kindById.get(e.reversesId) ?? null) : null,
        reason: e.reason,
        createdAt: e.createdAt.toISOString(),
        post: showPost
          ? { type: e.postType, title: post.title, url: questionUrl(post.id) + (e.postType === "answer" ? `#answer-${e.postId}` : "") }
          : null,
      };
    }),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].cursorAt, page[page.length - 1].id) : null,
  };
}

/** Reputation at the end of each day with activity over the last year, for the profile chart. */
export async function reputationSeries(userId: string, currentTotal: number, days = 365) {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await db()
    .select({
      day: sql<string>`to_char(${reputationEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
      points: sql<number>`sum(${reputationEvents.points})`.mapWith(Number),
    })
    .from(reputationEvents)
    .where(and(eq(reputationEvents.userId, userId), gte(reputationEvents.createdAt, since)))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  // Walk back from today's total, so the line ends where the profile's number is.
  let running = currentTotal - rows.reduce((s, r) => s + r.points, 0);
  const series = [{ day: since.toISOString().slice(0, 10), reputation: running }];
  for (const r of rows) {
    running += r.points;
    series.push({ day: r.day, reputation: running });
  }
  series.push({ day: new Date().toISOString().slice(0, 10), reputation: currentTotal });
  return series;
}
