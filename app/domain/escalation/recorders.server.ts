/**
 * What the forum's writes mean for a question's case, recorded inside the
 * caller's transaction: a question asked opens one, an answer may stop its
 * clock, a solution closes it, and staff or the clock send it to the queue.
 * Each takes `(tx, events, ...)`; the events it records go out when the
 * caller's transaction commits.
 */
import { and, eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { questions, supportCases, type CaseState, type SupportCase } from "#db/schema";
import { opensACase, responderOf, stopsTheClock, type Role } from "~/auth/policies";
import type { EventLog } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { bestAdvocates } from "~/domain/reputation/experts.server";
import { enqueueJob } from "~/jobs/boss.server";
import { logCaseEvent, type EscalationReason } from "./case-log.server";
import { lockCase, setCaseState, snapshotOf } from "./case-state.server";
import { effectivePolicy } from "./policies.server";
import { deadlinesFor } from "./sla";
import { now as clock } from "~/clock";

export interface AskedQuestion {
  id: string;
  categoryId: string;
  authorId: string;
  authorRole: Role;
  createdAt: Date;
  tags: string[];
}

/** Starts a new question's clocks and routes it to advocates; escalates at once when urgent. */
export async function openCaseInTx(tx: Executor, events: EventLog, q: AskedQuestion, urgent = false): Promise<void> {
  if (!opensACase(q.authorRole)) return;
  const policy = await effectivePolicy(tx, q.categoryId);
  const d = deadlinesFor(q.createdAt, policy);
  await tx.insert(supportCases).values({
    questionId: q.id,
    categoryId: q.categoryId,
    customerId: q.authorId,
    urgent,
    advocateDueAt: d.advocateDueAt,
    firstResponseDueAt: d.firstResponseDueAt,
    resolutionDueAt: d.resolutionDueAt,
    slaDueAt: d.firstResponseDueAt,
    createdAt: q.createdAt,
  });
  await enqueueJob(tx, "escalation.due", { questionId: q.id, check: "advocate_window" }, { startAfter: d.advocateDueAt });
  await enqueueJob(tx, "escalation.due", { questionId: q.id, check: "first_response" }, { startAfter: d.firstResponseDueAt });
  const advocates = await bestAdvocates(tx, q);
  if (advocates.length) await logCaseEvent(tx, { questionId: q.id, customerId: q.authorId }, "routed", null, { advocates: advocates.length }, q.createdAt);
  await notify(
    tx,
    events,
    advocates.map((userId) => ({ userId, kind: "routed" as const, questionId: q.id })),
  );
  if (urgent) await escalateInTx(tx, events, q.id, "urgent", q.authorId);
}

/** Moves a routing case to the staff queue. Idempotent: an escalated, assigned or solved case is left alone (null). */
export async function escalateInTx(
  tx: Executor,
  events: EventLog,
  questionId: string,
  reason: EscalationReason,
  actorId: string | null,
  note?: string,
  at = clock(),
): Promise<SupportCase | null> {
  const [c] = await tx
    .update(supportCases)
    .set({ state: "escalated", escalatedAt: at, escalationReason: reason, updatedAt: at })
    .where(and(eq(supportCases.questionId, questionId), eq(supportCases.state, "routing")))
    .returning();
  if (!c) return null;
  await tx.update(questions).set({ status: "escalated" }).where(eq(questions.id, questionId));
  await logCaseEvent(tx, c, "escalated", actorId, note ? { reason, note } : { reason }, at);
  events.record({ type: "case.escalated", case: snapshotOf(c) });
  return c;
}

/**
 * An answer (or a private reply) arrived: the first reply from anyone but the
 * asker is noted; the first staff or advocate reply stops the clock. It
 * records no event: the reply's own event tells the page, and the queue
 * re-reads the clock when it is next opened.
 */
export async function recordResponseInTx(tx: Executor, _events: EventLog, questionId: string, responder: { id: string; role: Role }, at: Date): Promise<void> {
  const c = await lockCase(tx, questionId);
  if (!c || responder.id === c.customerId) return;
  const role = responderOf(responder.role);
  const changes: Partial<SupportCase> = {};
  if (!c.firstResponseAt) Object.assign(changes, { firstResponseAt: at, firstResponseRole: role });
  if (stopsTheClock(responder.role) && !c.clockStoppedAt) {
    Object.assign(changes, { clockStoppedAt: at, slaDueAt: c.resolutionDueAt });
    await logCaseEvent(tx, c, "first_response", responder.id, { role, minutes: Math.round((at.getTime() - c.createdAt.getTime()) / 60_000) }, at);
  }
  if (Object.keys(changes).length) await tx.update(supportCases).set({ ...changes, updatedAt: at }).where(eq(supportCases.questionId, questionId));
}

/**
 * A solution was marked (or, with `solver` null, unmarked). Unmarking puts
 * the case back where it stood and records no event: the answer's own
 * (answer.unaccepted) tells the page.
 */
export async function recordSolutionInTx(
  tx: Executor,
  events: EventLog,
  questionId: string,
  solver: { id: string; role: Role } | null,
  actorId: string,
  inPrivate = false,
): Promise<void> {
  const c = await lockCase(tx, questionId);
  if (!c) return;
  const now = clock();
  if (solver) {
    const solvedBy = responderOf(solver.role);
    await setCaseState(tx, questionId, "solved", { solvedAt: now, solvedBy, solvedInPrivate: inPrivate });
    await logCaseEvent(tx, c, "solved", actorId, { by: solvedBy, private: inPrivate }, now);
    // Where the case stood before it was solved: the webhook says "solved" itself.
    events.record({ type: "case.solved", case: snapshotOf(c), solvedBy, inPrivate });
  } else if (c.state === "solved") {
    const back: CaseState = c.assigneeId ? "assigned" : c.escalatedAt ? "escalated" : "routing";
    await setCaseState(tx, questionId, back, { solvedAt: null, solvedBy: null, solvedInPrivate: null });
  }
}
