/**
 * Who knows a subject best, from the reputation the community gave them:
 * solutions accepted in a category, then answers in the same tags.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { reputationTotals, users } from "#db/schema";
import { advocateRole } from "~/auth/policies";
import { periodStart } from "./periods";

/**
 * The advocates best placed to answer a question: most solutions in its
 * category (all time), then most answers in its tags, then reputation; never
 * the asker. Only a few are asked for, so nobody learns to ignore the pings.
 */
export async function bestAdvocates(executor: Executor, question: { categoryId: string; tags: string[]; authorId: string }, limit = 3): Promise<string[]> {
  const rows = await executor
    .select({ id: users.id })
    .from(users)
    .leftJoin(
      reputationTotals,
      and(
        eq(reputationTotals.userId, users.id),
        eq(reputationTotals.period, "all"),
        eq(reputationTotals.periodStart, periodStart("all", new Date())),
        eq(reputationTotals.categoryId, question.categoryId),
      ),
    )
    .where(and(eq(users.role, advocateRole), sql`${users.id} <> ${question.authorId}`))
    .orderBy(
      desc(sql`coalesce(${reputationTotals.accepted}, 0)`),
      ...(question.tags.length
        ? [
            desc(
              sql`(select count(*) from answers a join questions q on q.id = a.question_id where a.author_id = ${users.id} and q.tags && ${sql.param(question.tags)}::text[] and a.deleted_at is null)`,
            ),
          ]
        : []),
      desc(users.reputation),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}
