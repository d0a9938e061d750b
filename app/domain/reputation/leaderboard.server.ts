import { and, asc, eq, gt, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { reputationTotals } from "#db/schema";
import { canSeeCategory, type Actor } from "~/auth/policies";
import { rankedMembers } from "~/domain/accounts/users.server";
import { findCategoryBySlug } from "~/domain/categories/categories.server";
import { avatarUrl, userUrl } from "~/domain/accounts/present";
import { NotFoundError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { periods, periodStart } from "./periods";
import { rankOf } from "./ranks";

export const boards = ["points", "accepted", "fastest"] as const;
export type Board = (typeof boards)[number];

export const leaderboardSchema = z.object({
  period: z.enum(periods).default("week"),
  category: z.string().trim().max(64).optional().transform((v) => v || undefined),
  board: z.enum(boards).default("points"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Fewer first responses than this is luck, not speed. */
export const FASTEST_MIN_RESPONSES = 3;

// Written exactly as the partial index on the fastest board writes it, so that board reads the index.
const averageSeconds = sql<number>`(${reputationTotals.firstResponseSeconds} / ${reputationTotals.firstResponses})`;
const averageOrNull = sql<number | null>`case when ${reputationTotals.firstResponses} > 0 then ${reputationTotals.firstResponseSeconds} / ${reputationTotals.firstResponses} end`;

/**
 * Who helped most: this week, this month or all time; overall or in one
 * category. Reads the per-period sums through their index, never the ledger.
 * Staff are left out: answering is their job, the boards celebrate the community.
 */
export async function getLeaderboard(actor: Actor | null, input: unknown) {
  const q = parseInput(leaderboardSchema, input);
  let category: { id: string; slug: string; name: string } | null = null;
  if (q.category) {
    const row = await findCategoryBySlug(q.category);
    if (!row || !canSeeCategory(actor, row.visibility)) throw new NotFoundError("No such category.");
    category = { id: row.id, slug: row.slug, name: row.name };
  }
  const start = periodStart(q.period, new Date());
  // The top of the board is read from the sums' index alone, then joined to
  // the members: joining first lets the planner scan every row of a big
  // period and sort them, which costs seconds at 100,000 members. Staff are
  // few; the extra rows leave room to drop them and still fill the page.
  const take = q.limit + 50;
  // "desc nulls last" is how the indexes store these columns; plain "desc" would not match them and sort every row.
  const scope = and(eq(reputationTotals.period, q.period), eq(reputationTotals.periodStart, start), eq(reputationTotals.categoryId, category?.id ?? ""));
  const pick = { userId: reputationTotals.userId, points: reputationTotals.points, accepted: reputationTotals.accepted, firstResponses: reputationTotals.firstResponses, averageSeconds: averageOrNull };
  const top =
    q.board === "points"
      ? await db().select(pick).from(reputationTotals).where(and(scope, gt(reputationTotals.points, 0))).orderBy(sql`${reputationTotals.points} desc nulls last`).limit(take)
      : q.board === "accepted"
        ? await db().select(pick).from(reputationTotals).where(and(scope, gt(reputationTotals.accepted, 0))).orderBy(sql`${reputationTotals.accepted} desc nulls last`).limit(take)
        : await db()
            .select(pick)
            .from(reputationTotals)
            .where(and(scope, gte(reputationTotals.firstResponses, FASTEST_MIN_RESPONSES)))
            .orderBy(asc(averageSeconds))
            .limit(take);
  const members = await rankedMembers(top.map((t) => t.userId));
  const byId = new Map(members.map((m) => [m.id, m]));
  const value = (t: (typeof top)[number]) => (q.board === "points" ? -t.points : q.board === "accepted" ? -t.accepted : Number(t.averageSeconds));
  const rows = top
    .filter((t) => byId.has(t.userId))
    .map((t) => ({ ...t, ...byId.get(t.userId)! }))
    .sort((x, y) => value(x) - value(y) || x.username.localeCompare(y.username))
    .slice(0, q.limit);
  return {
    period: q.period,
    board: q.board,
    periodStart: start,
    category,
    entries: rows.map((r, i) => ({
      rank: i + 1,
      username: r.username,
      role: r.role,
      rankName: rankOf(r.reputation),
      points: r.points,
      accepted: r.accepted,
      firstResponses: r.firstResponses,
      averageResponseSeconds: r.averageSeconds === null ? null : Number(r.averageSeconds),
      url: userUrl(r.username),
      avatarUrl: avatarUrl(r.avatarPath),
    })),
  };
}
