import { db } from "#db/client.server";
import { enqueueJob } from "~/jobs/boss.server";
import type { JobHandler } from "~/jobs/queues";
import { runEscalationCheck } from "./cases.server";

/** Timers due together run ten at a time: each is its own small transaction, so a backlog drains in parallel. */
const TIMER_CONCURRENCY = 10;

/** The "escalation.due" job: SLA timers that fell due. */
export const runEscalationTimers: JobHandler<"escalation.due"> = async (jobs) => {
  for (let i = 0; i < jobs.length; i += TIMER_CONCURRENCY) {
    await Promise.all(
      jobs.slice(i, i + TIMER_CONCURRENCY).map(async (job) => {
        const outcome = await runEscalationCheck(job.questionId, job.check);
        // A timer that fired early (clocks between nodes disagree) comes back a little later.
        if (outcome === "early") await db().transaction((tx) => enqueueJob(tx, "escalation.due", job, { startAfter: 5 }));
      }),
    );
  }
};
