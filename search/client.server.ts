import { Meilisearch } from "meilisearch";
import { meiliHttpClient } from "./http-client.server";
import { questionsIndex } from "./indexes/questions.server";

export const indexes = [questionsIndex] as const;

export interface SearchHandle {
  client: Meilisearch;
  prefix: string;
  host: string;
  embedded: boolean;
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export function createSearchClient(host: string, apiKey?: string) {
  return new Meilisearch({ host, apiKey, timeout: 5000, httpClient: meiliHttpClient });
}

/**
 * Creates each index and applies its settings. Meilisearch treats an
 * unchanged settings update as a no-op, so this is safe at every start.
 */
export async function applyIndexSettings(client: Meilisearch, prefix = "") {
  const existing = new Set((await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid));
  for (const index of indexes) {
    const uid = prefix + index.uid;
    if (!existing.has(uid)) {
      await client.createIndex(uid, { primaryKey: index.primaryKey }).waitTask({ timeout: 30_000 });
    }
    await client.index(uid).updateSettings(index.settings).waitTask({ timeout: 30_000 });
  }
}

let current: SearchHandle | undefined;

export function searchHandle(): SearchHandle | undefined {
  return current;
}

export function useSearch(handle: SearchHandle | undefined) {
  current = handle;
}

export function meili(): Meilisearch {
  if (!current) throw new Error("Search is not started yet.");
  return current.client;
}

/** The real uid of one of our indexes, with the configured prefix. */
export function indexUid(name: (typeof indexes)[number]["uid"]): string {
  return (current?.prefix ?? "") + name;
}
