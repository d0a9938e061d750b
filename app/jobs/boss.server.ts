/**
 * Background jobs on pg-boss, in the forum's own database: they survive
 * restarts and each runs once across app nodes. Domain code enqueues inside
 * its transaction, so a job exists exactly when the change that caused it
 * committed. This module knows no handlers (the registry does), so the
 * domain can enqueue without importing what runs the jobs.
 */
import { sql } from "drizzle-orm";
import { PgBoss, fromDrizzle, fromPglite, type Job, type SendOptions } from "pg-boss";
import type { DatabaseHandle, Executor } from "#db/client.server";
import { log } from "~/log.server";
import { jobNames, queues, type JobData, type JobHandlers, type JobName } from "./queues";

let boss: PgBoss | undefined;

/** Hands a batch to its handler; a name without one is an error, never a silent completion. */
export async function runHandler<N extends JobName>(handlers: Partial<JobHandlers>, name: N, jobs: Job<object>[]) {
  const handler = handlers[name] as JobHandlers[N] | undefined;
  if (!handler) throw new Error(`jobs: no handler is registered for "${name}"`);
  await handler(jobs.map((j) => j.data as JobData[N]));
}

/** Starts pg-boss; with `handlers`, this process also works the queues. */
export async function startJobs(handle: DatabaseHandle, opts: { handlers?: JobHandlers } = {}) {
  const work = Boolean(opts.handlers);
  const instance =
    handle.kind === "pglite" && handle.pglite
      ? new PgBoss({ db: fromPglite(handle.pglite), backend: "pglite", supervise: work, schedule: false })
      : new PgBoss({ connectionString: handle.url, max: 3, supervise: work, schedule: false });
  instance.on("error", (err) => log.error("jobs: pg-boss error", err));
  await instance.start();
  for (const name of jobNames) {
    const q = queues[name];
    const retries = { retryLimit: q.retryLimit, retryBackoff: true, ...(q.retryDelay ? { retryDelay: q.retryDelay } : {}) };
    const existing = await instance.getQueue(name);
    // pg-boss cannot change a queue's policy. A queue whose jobs every start re-creates (the digest) is rebuilt with
    // today's; any other keeps the policy an older release gave it, but takes today's retry settings.
    if (existing && existing.policy !== q.policy && q.rescheduledAtStart) await instance.deleteQueue(name);
    else if (existing) {
      await instance.updateQueue(name, retries);
      continue;
    }
    await instance.createQueue(name, { policy: q.policy, ...retries });
  }
  boss = instance;
  if (opts.handlers) {
    const handlers = opts.handlers;
    for (const name of jobNames) {
      await instance.work(name, { batchSize: queues[name].batchSize, pollingIntervalSeconds: 0.5 }, (jobs) => runHandler(handlers, name, jobs as Job<object>[]));
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
export async function enqueueJob<N extends JobName>(tx: Executor, name: N, data: JobData[N], options: SendOptions = {}) {
  if (!boss) return;
  // drizzle's execute is typed loosely; pg-boss only reads `rows` (or the array) from it.
  const executor = tx as unknown as Parameters<typeof fromDrizzle>[0];
  await boss.send(name, data, { ...options, db: fromDrizzle(executor, sql) });
}

/** Enqueues many jobs of one name in one statement, inside the caller's transaction (a fan-out of thousands). */
export async function enqueueJobs<N extends JobName>(tx: Executor, name: N, jobs: { data: JobData[N]; startAfter?: number }[]) {
  if (!boss || !jobs.length) return;
  const executor = tx as unknown as Parameters<typeof fromDrizzle>[0];
  for (let i = 0; i < jobs.length; i += 1000) {
    await boss.insert(name, jobs.slice(i, i + 1000), { db: fromDrizzle(executor, sql) });
  }
}

/** Runs what is queued now, in this process: for tests and benchmarks that need the outcome before they look. */
export async function runQueued<N extends JobName>(handlers: Partial<JobHandlers>, name: N) {
  if (!boss) throw new Error("Jobs are not started.");
  let ran = 0;
  for (;;) {
    const jobs = await boss.fetch<object>(name, { batchSize: queues[name].batchSize });
    if (!jobs.length) return ran;
    try {
      await runHandler(handlers, name, jobs);
      await boss.complete(name, jobs.map((j) => j.id));
    } catch (err) {
      await boss.fail(name, jobs.map((j) => j.id), { message: String(err) });
      throw err;
    }
    ran += jobs.length;
  }
}
