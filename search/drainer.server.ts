import { inArray, sql } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import { db } from "#db/client.server";
import { searchOutbox } from "#db/schema";
import { buildQuestionDocuments } from "./indexes/questions.server";

const BATCH = 500;
const CLAIM_SECONDS = 60;

export interface DrainResult {
  claimed: number;
  upserted: number;
  deleted: number;
}

/**
 * Claims due outbox rows (a lease, not a lock held open, so PGlite's single
 * connection stays free while Meilisearch works), pushes their documents and
 * deletes the rows once Meilisearch reports success. On failure the rows come
 * back later with a growing delay. Several app nodes can run this at once.
 */
export async function drainOnce(client: Meilisearch, prefix = ""): Promise<DrainResult> {
  const claimed = await db()
    .update(searchOutbox)
    .set({ availableAt: sql`now() + make_interval(secs => ${CLAIM_SECONDS})`, attempts: sql`${searchOutbox.attempts} + 1` })
    .where(
      inArray(
        searchOutbox.id,
        sql`(select id from ${searchOutbox} where available_at <= now() order by id limit ${BATCH} for update skip locked)`,
      ),
    )
    .returning({ id: searchOutbox.id, indexName: searchOutbox.indexName, docId: searchOutbox.docId, attempts: searchOutbox.attempts });
  if (!claimed.length) return { claimed: 0, upserted: 0, deleted: 0 };

  const ids = Array.from(new Set(claimed.filter((r) => r.indexName === "questions").map((r) => r.docId)));
  try {
    const { upserts, deletes } = await buildQuestionDocuments(ids);
    const index = client.index(prefix + "questions");
    const tasks = [];
    if (upserts.length) tasks.push(index.addDocuments(upserts, { primaryKey: "id" }).waitTask({ timeout: 30_000 }));
    if (deletes.length) tasks.push(index.deleteDocuments(deletes).waitTask({ timeout: 30_000 }));
    for (const task of await Promise.all(tasks)) {
      if (task.status !== "succeeded") throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? ""}`);
    }
    await db().delete(searchOutbox).where(inArray(searchOutbox.id, claimed.map((r) => r.id)));
    return { claimed: claimed.length, upserted: upserts.length, deleted: deletes.length };
  } catch (err) {
    // Back off: 1 s, 2 s, 4 s ... up to a minute, so a long outage costs little.
    await db()
      .update(searchOutbox)
      .set({ availableAt: sql`now() + make_interval(secs => least(60, power(2, greatest(${searchOutbox.attempts} - 1, 0))))` })
      .where(inArray(searchOutbox.id, claimed.map((r) => r.id)));
    throw err;
  }
}

export interface Drainer {
  stop(): Promise<void>;
  /** Resolves once the outbox has nothing due (tests and reindex use it). */
  idle(): Promise<void>;
}

export function startDrainer(
  getClient: () => { client: Meilisearch; prefix: string } | undefined,
  log: (msg: string, err?: unknown) => void,
  opts: { intervalMs?: number; onPushed?: () => void } = {},
): Drainer {
  const intervalMs = opts.intervalMs ?? 100;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const waiters: (() => void)[] = [];

  const tick = async () => {
    const target = getClient();
    if (!target) return schedule(2000);
    try {
      let result: DrainResult;
      let pushed = 0;
      do {
        result = await drainOnce(target.client, target.prefix);
        pushed += result.upserted + result.deleted;
      } while (!stopped && result.claimed === BATCH);
      if (pushed) opts.onPushed?.();
      if (failures) log(`search: outbox draining again after ${failures} failed attempts`);
      failures = 0;
      for (const w of waiters.splice(0)) w();
      schedule(intervalMs);
    } catch (err) {
      failures += 1;
      if (failures === 1 || failures % 20 === 0) log("search: could not push to Meilisearch; changes wait in the outbox", err);
      schedule(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick();
    }, ms);
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    idle: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
