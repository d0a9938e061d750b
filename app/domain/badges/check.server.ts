/**
 * The badge job: looks at a member again after something they did or
 * received, and awards what they have newly earned. Badges are never taken
 * back, and the (member, badge) key makes a second award impossible.
 */
import { and, count, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "#db/client.server";
import { answers, questions, reputationEvents, reputationTotals, userBadges, users, votes } from "#db/schema";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { considerNomination } from "~/domain/advocates/nominations.server";
import type { JobHandler } from "~/jobs/queues";
import { badges, type BadgeStats } from "./definitions";
import { rowsOf } from "#db/rows";
import { now as clock } from "~/clock";

const reversal = alias(reputationEvents, "reversal");
const STREAK_WINDOW_DAYS = 40;

function longestRun(days: string[]) {
  let best = 0;
  let run = 0;
  let prev = 0;
  for (const d of days) {
    const t = Date.parse(`${d}T00:00:00Z`);
    run = prev && t - prev === 86_400_000 ? run + 1 : 1;
    best = Math.max(best, run);
    prev = t;
  }
  return best;
}

/**
 * The tag this member solves most, when nobody has more solutions in it (and
 * they have at least 5). Only their own top tag is compared, so the check
 * costs one tag's solved questions, not every tag they ever touched.
 */
async function championTag(userId: string): Promise<string | null> {
  const result = await db().execute(sql`
    with mine as (
      select t.tag, count(*) as n
      from answers a
      join questions q on q.accepted_answer_id = a.id
      cross join lateral unnest(q.tags) as t(tag)
      where a.author_id = ${userId} and a.deleted_at is null and q.deleted_at is null
      group by t.tag
      order by n desc, t.tag
      limit 1
    )
    select m.tag from mine m
    where m.n >= 5 and not exists (
      select 1
      from questions q
      join answers a on a.id = q.accepted_answer_id
      where q.tags @> array[m.tag] and q.deleted_at is null and a.deleted_at is null and a.author_id <> ${userId}
      group by a.author_id
      having count(*) > m.n
    )`);
  return rowsOf<{ tag: string }>(result)[0]?.tag ?? null;
}

export async function badgeStats(userId: string, held: Set<string>): Promise<BadgeStats | null> {
  const [user] = await db().select({ reputation: users.reputation }).from(users).where(eq(users.id, userId));
  if (!user) return null;
  const since = new Date(clock().getTime() - STREAK_WINDOW_DAYS * 86_400_000);
  const [[q], [a], streak, [v], [totals], [fast]] = await Promise.all([
    db()
      .select({ n: count() })
      .from(questions)
      .where(and(eq(questions.authorId, userId), isNull(questions.deletedAt), isNull(questions.hiddenAt))),
    db()
      .select({
        n: count(),
        categories: sql<number>`count(distinct ${questions.categoryId})`.mapWith(Number),
        best: sql<number>`coalesce(max(${answers.score}), 0)`.mapWith(Number),
      })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(and(eq(answers.authorId, userId), isNull(answers.deletedAt), isNull(answers.hiddenAt))),
    db()
      .selectDistinct({ day: sql<string>`to_char(${answers.createdAt} at time zone 'UTC', 'YYYY-MM-DD')` })
      .from(answers)
      .where(and(eq(answers.authorId, userId), isNull(answers.deletedAt), isNull(answers.hiddenAt), gte(answers.createdAt, since)))
      .orderBy(sql`1`),
    db().select({ n: count() }).from(votes).where(eq(votes.userId, userId)).limit(1),
    db()
      .select({ accepted: reputationTotals.accepted })
      .from(reputationTotals)
      .where(and(eq(reputationTotals.period, "all"), eq(reputationTotals.periodStart, "1970-01-01"), eq(reputationTotals.categoryId, ""), eq(reputationTotals.userId, userId))),
    db()
      .select({ n: count() })
      .from(reputationEvents)
      .leftJoin(reversal, eq(reversal.reversesId, reputationEvents.id))
      .where(and(eq(reputationEvents.userId, userId), eq(reputationEvents.kind, "first_response"), lte(reputationEvents.responseSeconds, 3600), isNull(reversal.id))),
  ]);
  const accepted = totals?.accepted ?? 0;
  return {
    reputation: user.reputation,
    questions: q?.n ?? 0,
    answers: a?.n ?? 0,
    answerCategories: a?.categories ?? 0,
    bestAnswerScore: a?.best ?? 0,
    longestStreak: longestRun(streak.map((s) => s.day)),
    votesCast: v?.n ?? 0,
    accepted,
    fastResponses: fast?.n ?? 0,
    championTag: accepted >= 5 && !held.has("tag-champion") ? await championTag(userId) : null,
  };
}

/** Awards each member what they have newly earned; returns the new (member, badge) pairs. */
export async function checkBadges(userIds: string[]) {
  const awarded: { userId: string; slug: string }[] = [];
  for (const userId of new Set(userIds)) {
    const heldRows = await db().select({ slug: userBadges.slug }).from(userBadges).where(eq(userBadges.userId, userId));
    const held = new Set(heldRows.map((r) => r.slug));
    if (held.size < badges.length) {
      const stats = await badgeStats(userId, held);
      if (!stats) continue;
      const due = badges.filter((b) => !held.has(b.slug) && b.earned(stats));
      if (due.length) {
        await transact(async (tx, events) => {
          const inserted = await tx
            .insert(userBadges)
            .values(due.map((b) => ({ userId, slug: b.slug })))
            .onConflictDoNothing()
            .returning({ slug: userBadges.slug });
          awarded.push(...inserted.map((r) => ({ userId, slug: r.slug })));
          await notify(tx, events, inserted.map((r) => ({ userId, kind: "badge" as const, subject: r.slug })));
        });
      }
    }
    await considerNomination(userId);
  }
  return awarded;
}

/** The "badges.check" job. */
export const runBadgeChecks: JobHandler<"badges.check"> = async (jobs) => {
  await checkBadges(jobs.map((j) => j.userId));
};
