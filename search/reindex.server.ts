import type { Meilisearch, Settings } from "meilisearch";
import { allQuestionIds, buildQuestionDocuments, questionsIndex } from "./indexes/questions.server";

/**
 * Rebuilds the questions index from PostgreSQL without a gap: fill
 * `<name>_new`, swap it with the live index in one Meilisearch operation,
 * then drop the old copy. Searches keep answering from the old index until the swap.
 */
export async function reindexQuestions(client: Meilisearch, prefix = "", options: { extraSettings?: Settings; onProgress?: (done: number) => void } = {}) {
  const { extraSettings, onProgress } = options;
  const live = prefix + questionsIndex.uid;
  const fresh = `${live}_new`;
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  await client.createIndex(fresh, { primaryKey: questionsIndex.primaryKey }).waitTask({ timeout: 60_000 });
  // The new index gets everything the live one has, staff synonyms and stop words included.
  await client.index(fresh).updateSettings({ ...questionsIndex.settings, ...extraSettings }).waitTask({ timeout: 60_000 });
  const existing = new Set((await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid));
  if (!existing.has(live)) await client.createIndex(live, { primaryKey: questionsIndex.primaryKey }).waitTask({ timeout: 60_000 });

  let done = 0;
  const pending: Promise<unknown>[] = [];
  for await (const ids of allQuestionIds(5000)) {
    const { upserts } = await buildQuestionDocuments(ids);
    // Meilisearch indexes batches in order; we only wait at the end, so reading and indexing overlap.
    pending.push(client.index(fresh).addDocuments(upserts).waitTask({ timeout: 600_000, interval: 250 }));
    done += upserts.length;
    onProgress?.(done);
  }
  for (const task of (await Promise.all(pending)) as { status: string; error?: { message: string } | null }[]) {
    if (task.status !== "succeeded") throw new Error(`Indexing failed: ${task.error?.message ?? task.status}`);
  }
  await client.swapIndexes([{ indexes: [live, fresh], rename: false }]).waitTask({ timeout: 60_000 });
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  return done;
}
