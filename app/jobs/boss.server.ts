/**
 * Background jobs on pg-boss, in the forum's own database: they survive
 * restarts and each runs once across app nodes. Domain code enqueues inside
 * its transaction, so a job exists exactly when the change that caused it
 * committed.
 */
import { sql } from "drizzle-orm";
import { PgBoss, fromDrizzle, fromPglite, type Job, type SendOptions } from "pg-boss";
import type { DatabaseHandle, Executor } from "#db/client.server";
import { log } from "~/log.server";

export type JobName = "badges.check" | "escalation.due" | "webhooks.deliver" | "townhall.remind";

interface QueueSpec {
  name: JobName;
  // stately: one waiting and one running job per key, so a burst of votes on
  // one member's posts becomes one badge check, not a hundred.
  policy: "standard" | "stately";
  /** Jobs handed to one handler call; a throw fails (and retries) all of them. */
  batchSize: number;
  retryLimit: number;
  /** Seconds before the first retry; backoff doubles it each time. */
  retryDelay?: number;
}
const queues: QueueSpec[] = [
  { name: "badges.check", policy: "stately", batchSize: 50, retryLimit: 5 },
  // SLA timers: sent with a start time; the handler is idempotent, so a repeat is harmless.
  { name: "escalation.due", policy: "standard", batchSize: 50, retryLimit: 5 },
  // One delivery per call, so one receiver failing never re-sends another's.
  // Retries double from 30 s: the ninth and last attempt comes 2-4 hours after the first, like common webhook senders.
  { name: "webhooks.deliver", policy: "standard", batchSize: 1, retryLimit: 8, retryDelay: 30 },
  { name: "townhall.remind", policy: "standard", batchSize: 10, retryLimit: 3 },
];

type Handler = (jobs: Job<Record<string, unknown>>[]) => Promise<void>;
const handlers = new Map<JobName, Handler>();

let boss: PgBoss | undefined;

/** Domain modules register what runs a job; the worker and `runQueuedJobs` both call it. */
export function defineJob<T extends Record<string, unknown>>(name: JobName, handler: (data: T[]) => Promise<void>) {
  handlers.set(name, (jobs) => handler(jobs.map((j) => j.data as T)));
}

export async function startJobs(handle: DatabaseHandle, opts: { work: boolean }) {
  const instance =
    handle.kind === "pglite" && handle.pglite
      ? new PgBoss({ db: fromPglite(handle.pglite), backend: "pglite", supervise: opts.work, schedule: false })
      : new PgBoss({ connectionString: handle.url, max: 3, supervise: opts.work, schedule: false });
  instance.on("error", (err) => log.error("jobs: pg-boss error", err));
  await instance.start();
  for (const q of queues) {
    const retries = { retryLimit: q.retryLimit, retryBackoff: true, ...(q.retryDelay ? { retryDelay: q.retryDelay } : {}) };
    // A queue made by an older release keeps its policy, but takes today's retry settings.
    if (await instance.getQueue(q.name)) await instance.updateQueue(q.name, retries);
    else await instance.createQueue(q.name, { policy: q.policy, ...retries });
  }
  boss = instance;
  if (opts.work) {
    for (const q of queues) {
      await instance.work(q.name, { batchSize: q.batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        const handler = handlers.get(q.name);
        if (handler) await handler(jobs as Job<Record<string, unknown>>[]);
      });
    }
  }
  return instance;
}

export async function stopJobs() {
  const current = boss;
  boss = undefined;
  await current?.stop({ graceful: true, close: true, timeout: 10_000 });
}

export function jobsRunning() {
  return Boolean(boss);
}

/** Enqueues inside the caller's transaction. Without a started job system (a CLI task) it does nothing. */
export async function enqueueJob(tx: Executor, name: JobName, data: Record<string, unknown>, options: SendOptions = {}) {
  if (!boss) return;
  // drizzle's execute is typed loosely; pg-boss only reads `rows` (or the array) from it.
  const executor = tx as unknown as Parameters<typeof fromDrizzle>[0];
  await boss.send(name, data, { ...options, db: fromDrizzle(executor, sql) });
}

/** Runs what is queued now, in this process: for tests and benchmarks that need the outcome before they look. */
export async function runQueuedJobs(name: JobName) {
  if (!boss) throw new Error("Jobs are not started.");
  const handler = handlers.get(name);
  let ran = 0;
  for (;;) {
    const spec = queues.find((q) => q.name === name);
    const jobs = await boss.fetch<Record<string, unknown>>(name, { batchSize: spec?.batchSize ?? 50 });
    if (!jobs.length) return ran;
    try {
      await handler?.(jobs);
      await boss.complete(name, jobs.map((j) => j.id));
    } catch (err) {
      await boss.fail(name, jobs.map((j) => j.id), { message: String(err) });
      throw err;
    }
    ran += jobs.length;
  }
}
