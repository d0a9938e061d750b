import { and, eq } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { reputationTotals } from "#db/schema";

/** A member's solutions (answers marked as the solution), all time, from the cached sums. */
export async function acceptedSolutions(userId: string, executor: Executor = db()) {
  const [row] = await executor
    .select({ accepted: reputationTotals.accepted })
    .from(reputationTotals)
    .where(and(eq(reputationTotals.period, "all"), eq(reputationTotals.periodStart, "1970-01-01"), eq(reputationTotals.categoryId, ""), eq(reputationTotals.userId, userId)));
  return row?.accepted ?? 0;
}
