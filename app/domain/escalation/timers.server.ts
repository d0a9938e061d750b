/** The SLA timers: jobs set when a question is asked, run when they fall due. */
import { eq } from "drizzle-orm";
import { questions, supportCases } from "#db/schema";
import { transact } from "~/domain/events/transact.server";
import { enqueueJob } from "~/jobs/boss.server";
import type { JobHandler } from "~/jobs/queues";
import { logCaseEvent } from "./case-log.server";
import { lockCase } from "./case-state.server";
import { escalateInTx } from "./recorders.server";
import { now as clock } from "~/clock";

/** "early": the timer fired before its deadline and should come back later. */
export type EscalationOutcome = "nothing" | "early" | "escalated" | "breached";

/** Runs when a timer falls due: escalate after the advocate window, mark a breach after the first-response target. */
export async function runEscalationCheck(questionId: string, check: "advocate_window" | "first_response", now = clock()): Promise<EscalationOutcome> {
  return transact(async (tx, events): Promise<EscalationOutcome> => {
    const c = await lockCase(tx, questionId);
    if (!c || c.state === "solved" || c.clockStoppedAt) return "nothing";
    const [q] = await tx.select({ deletedAt: questions.deletedAt }).from(questions).where(eq(questions.id, questionId));
    if (!q || q.deletedAt) return "nothing";
    if (check === "advocate_window") {
      if (now < c.advocateDueAt) return "early";
      return (await escalateInTx(tx, events, questionId, "advocate_window", null, undefined, now)) ? "escalated" : "nothing";
    }
    if (now < c.firstResponseDueAt || c.breachedAt) return c.breachedAt ? "nothing" : "early";
    await escalateInTx(tx, events, questionId, "advocate_window", null, undefined, now);
    await tx.update(supportCases).set({ breachedAt: now, updatedAt: now }).where(eq(supportCases.questionId, questionId));
    await logCaseEvent(tx, c, "breached", null, {}, now);
    events.record({ type: "case.breached", questionId });
    return "breached";
  });
}

/** Timers due together run ten at a time: each is its own small transaction, so a backlog drains in parallel. */
const TIMER_CONCURRENCY = 10;

/** The "escalation.due" job: SLA timers that fell due. */
export const runEscalationTimers: JobHandler<"escalation.due"> = async (jobs) => {
  for (let i = 0; i < jobs.length; i += TIMER_CONCURRENCY) {
    await Promise.all(
      jobs.slice(i, i + TIMER_CONCURRENCY).map(async (job) => {
        const outcome = await runEscalationCheck(job.questionId, job.check);
        // A timer that fired early (clocks between nodes disagree) comes back a little later.
        if (outcome === "early") await transact((tx) => enqueueJob(tx, "escalation.due", job, { startAfter: 5 }));
      }),
    );
  }
};
