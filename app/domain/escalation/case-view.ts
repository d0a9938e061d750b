/** A case as staff and the asker see it. Pure: pages and the API get the same. */
import type { SupportCase } from "#db/schema";

/** Late: the first reply is overdue, or the resolution is while the ball is in staff's court. */
export function isBreached(c: Pick<SupportCase, "state" | "breachedAt" | "clockStoppedAt" | "firstResponseDueAt" | "slaDueAt">, now = new Date()) {
  if (c.state === "solved") return false;
  if (!c.clockStoppedAt) return Boolean(c.breachedAt) || now > c.firstResponseDueAt;
  return c.state !== "waiting_on_customer" && now > c.slaDueAt;
}

export function presentCase(c: SupportCase, assignee: string | null = null, now = new Date()) {
  const breached = isBreached(c, now);
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
