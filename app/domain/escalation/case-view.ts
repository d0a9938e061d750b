/** A case as staff and the asker see it. Pure: pages and the API get the same. */
import type { SupportCase } from "#db/schema";

type BreachFields = Pick<SupportCase, "state" | "breachedAt" | "clockStoppedAt" | "firstResponseDueAt" | "slaDueAt">;

/**
 * The one definition of "past its SLA", shared by the queue's rows, its header
 * count (`breachedSql` in queue.server.ts says the same in SQL) and the
 * ticking clock in the browser: the instant from which the case counts as
 * breached, or null while nothing can breach (solved, or the ball is in the
 * customer's court). Before the first reply the first-response target runs;
 * after it, the resolution target runs while staff hold the case.
 */
export function breachDeadline(c: BreachFields): Date | null {
  if (c.state === "solved") return null;
  if (!c.clockStoppedAt) return c.firstResponseDueAt;
  return c.state === "waiting_on_customer" ? null : c.slaDueAt;
}

/** Breached at `now` once its deadline has passed; takes the deadline as an ISO string too, for the browser. */
export function isPastDeadline(deadline: Date | string | null, now: Date | number = Date.now()) {
  if (deadline === null) return false;
  return new Date(now).getTime() > new Date(deadline).getTime();
}

/** The deadline has passed, or the first-response timer marked a breach that no reply has answered yet (it stays marked). */
export function isBreached(c: BreachFields, now = new Date()) {
  const marked = c.state !== "solved" && !c.clockStoppedAt && c.breachedAt !== null;
  return marked || isPastDeadline(breachDeadline(c), now);
}

export function presentCase(c: SupportCase, assignee: string | null = null, now = new Date()) {
  const breached = isBreached(c, now);
  const deadline = breachDeadline(c);
  return {
    questionId: c.questionId,
    state: c.state,
    urgent: c.urgent,
    escalatedAt: c.escalatedAt?.toISOString() ?? null,
    escalationReason: c.escalationReason,
    slaDueAt: c.slaDueAt.toISOString(),
    firstResponseDueAt: c.firstResponseDueAt.toISOString(),
    resolutionDueAt: c.resolutionDueAt.toISOString(),
    firstResponseAt: c.firstResponseAt?.toISOString() ?? null,
    firstResponseRole: c.firstResponseRole,
    clockStoppedAt: c.clockStoppedAt?.toISOString() ?? null,
    breached,
    breachDeadline: deadline?.toISOString() ?? null,
    isPrivate: c.isPrivate,
    solvedAt: c.solvedAt?.toISOString() ?? null,
    solvedBy: c.solvedBy,
    assignee: assignee ? { username: assignee } : null,
  };
}
export type CaseView = ReturnType<typeof presentCase>;

/** What the asker sees of their own case: whether staff have it, and when to expect a reply. */
export function presentCaseToAsker(c: SupportCase) {
  return {
    state: c.state,
    withStaff: c.state !== "routing" && c.state !== "solved",
    canEscalate: c.state === "routing",
    replyExpectedBy: c.clockStoppedAt ? null : c.firstResponseDueAt.toISOString(),
    isPrivate: c.isPrivate,
  };
}
export type AskerCaseView = ReturnType<typeof presentCaseToAsker>;
