import type { DatabaseHandle } from "#db/client.server";
import { runQueued, startJobs } from "./boss.server";
import type { JobName } from "./queues";
import { jobHandlers } from "./registry";

/** Starts pg-boss and works every queue with the registry's handlers (the server). */
export function startWorker(handle: DatabaseHandle) {
  return startJobs(handle, { handlers: jobHandlers });
}

/** Runs what is queued now, in this process: for tests and benchmarks that need the outcome before they look. */
export function runQueuedJobs(name: JobName) {
  return runQueued(jobHandlers, name);
}
