import { sql } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { searchOutbox } from "#db/schema";

export type IndexName = "questions";

/** Records, inside the caller's transaction, that these documents must be rebuilt in the index. */
export async function enqueueSearch(tx: Executor, indexName: IndexName, docIds: string[]) {
  if (!docIds.length) return;
  await tx.insert(searchOutbox).values(docIds.map((docId) => ({ indexName, docId, availableAt: sql`now()` })));
}
