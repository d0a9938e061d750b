/**
 * The support side of every question: the SLA clocks set when it is asked,
 * escalation to staff (by the clock, the asker, urgency or staff), assignment,
 * statuses, and how it ended. Functions ending in `InTx` run inside the
 * caller's transaction; the others are the doors for routes and sockets.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { caseEvents, questions, reputationTotals, supportCases, users, type CaseState, type SupportCase } from "#db/schema";
import { isStaff, requireActor, requirePermission, type Actor, type Role } from "~/auth/permissions";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/domain/errors";
import { transact, type EventLog } from "~/domain/events/transact.server";
import { announce, createNotifications, notify } from "~/domain/notifications/notify.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { parseInput } from "~/domain/validate";
import { emitWebhook } from "~/domain/webhooks/webhooks.server";
import { enqueueJob } from "~/jobs/boss.server";
import { publish } from "~/realtime/publish.server";
import { z } from "zod";
import { effectivePolicy } from "./policies.server";
import { deadlinesFor } from "./sla";

export type Responder = "peer" | "advocate" | "staff";

export function responderOf(role: Role): Responder {
  return role === "staff" || role === "admin" ? "staff" : role === "advocate" ? "advocate" : "peer";
}

const questionStatusOf: Record<CaseState, "open" | "escalated" | "assigned" | "waiting_on_customer" | "solved"> = {
  routing: "open",
  escalated: "escalated",
  assigned: "assigned",
  waiting_on_customer: "waiting_on_customer",
  solved: "solved",
};

async function setState(tx: Executor, questionId: string, state: CaseState, extra: Partial<SupportCase> = {}) {
  await tx.update(supportCases).set({ ...extra, state, updatedAt: new Date() }).where(eq(supportCases.questionId, questionId));
  await tx.update(questions).set({ status: questionStatusOf[state] }).where(eq(questions.id, questionId));
}

async function logEvent(tx: Executor, c: Pick<SupportCase, "questionId" | "customerId">, kind: (typeof caseEvents.$inferInsert)["kind"], actorId: string | null, data: Record<string, unknown> = {}, at = new Date()) {
  await tx.insert(caseEvents).values({ id: newId(), questionId: c.questionId, customerId: c.customerId, kind, actorId, data, createdAt: at });
}

async function lockCase(tx: Executor, questionId: string) {
  const [row] = await tx.select().from(supportCases).where(eq(supportCases.questionId, questionId)).for("update");
  return row;
}

function webhookPayload(c: SupportCase, extra: Record<string, unknown> = {}) {
  return {
    questionId: c.questionId,
    url: `/q/${c.questionId}`,
    state: c.state,
    escalationReason: c.escalationReason,
    slaDueAt: c.slaDueAt.toISOString(),
    ...extra,
  };
}

/**
 * The advocates best placed to answer: most solutions in this category, then
 * in these tags, never the asker. Only a few hear about it, so nobody learns
 * to ignore the pings.
 */
async function bestAdvocates(tx: Executor, categoryId: string, tags: string[], exclude: string, limit = 3) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .leftJoin(
      reputationTotals,
      and(eq(reputationTotals.userId, users.id), eq(reputationTotals.period, "all"), eq(reputationTotals.periodStart, "1970-01-01"), eq(reputationTotals.categoryId, categoryId)),
    )
    .where(and(eq(users.role, "advocate"), sql`${users.id} <> ${exclude}`))
    .orderBy(
      desc(sql`coalesce(${reputationTotals.accepted}, 0)`),
      ...(tags.length
        ? [desc(sql`(select count(*) from answers a join questions q on q.id = a.question_id where a.author_id = ${users.id} and q.tags && ${sql.param(tags)}::text[] and a.deleted_at is null)`)]
        : []),
      desc(users.reputation),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Starts a new question's clocks and routes it to advocates; escalates at once when urgent. Returns notifications to announce. */
export async function openCaseInTx(tx: Executor, events: EventLog, q: { id: string; categoryId: string; authorId: string; authorRole: Role; createdAt: Date; tags: string[] }, urgent = false) {
  // Staff posting (announcements, notes to advocates) owe themselves no reply.
  if (responderOf(q.authorRole) === "staff") return [];
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
  const advocates = await bestAdvocates(tx, q.categoryId, q.tags, q.authorId);
  if (advocates.length) await logEvent(tx, { questionId: q.id, customerId: q.authorId }, "routed", null, { advocates: advocates.length }, q.createdAt);
  const notes = await notify(
    tx,
    events,
    advocates.map((userId) => ({ userId, kind: "routed" as const, questionId: q.id })),
  );
  if (urgent) await escalateInTx(tx, q.id, "urgent", q.authorId);
  return notes;
}

/** Moves a routing case to the staff queue. Idempotent: an escalated, assigned or solved case is left alone. */
export async function escalateInTx(tx: Executor, questionId: string, reason: NonNullable<SupportCase["escalationReason"]>, actorId: string | null, note?: string, at = new Date()) {
  const [c] = await tx
    .update(supportCases)
    .set({ state: "escalated", escalatedAt: at, escalationReason: reason, updatedAt: at })
    .where(and(eq(supportCases.questionId, questionId), eq(supportCases.state, "routing")))
    .returning();
  if (!c) return null;
  await tx.update(questions).set({ status: "escalated" }).where(eq(questions.id, questionId));
  await logEvent(tx, c, "escalated", actorId, note ? { reason, note } : { reason }, at);
  await emitWebhook(tx, "question.escalated", webhookPayload(c));
  return c;
}

const escalateSchema = z.object({ reason: z.string().trim().max(500, "Keep it under 500 characters.").optional() });

/** "I need staff": the asker (or staff) sends an open question to the staff queue now. */
export async function escalate(actor: Actor | null, questionId: string, input: unknown = {}) {
  const me = requireActor(actor);
  const { reason } = parseInput(escalateSchema, input ?? {});
  const q = await requireReadableQuestion(me, questionId);
  const [owner] = await db().select({ authorId: questions.authorId }).from(questions).where(eq(questions.id, q.id));
  if (owner.authorId !== me.id && !isStaff(me)) throw new ForbiddenError("Only the person who asked, or staff, can ask for staff.");
  const escalated = await db().transaction(async (tx) => {
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    if (c.state === "solved") throw new ConflictError("This question is solved already.");
    if (c.state !== "routing") throw new ConflictError("Staff already have this question.");
    return escalateInTx(tx, questionId, isStaff(me) ? "staff" : "asker", me.id, reason);
  });
  publish.queueChanged(questionId);
  publish.questionUpdated(questionId);
  return presentCase(escalated!);
}

/** Runs when a timer falls due: escalate after the advocate window, mark a breach after the first-response target. */
export async function runEscalationCheck(questionId: string, check: "advocate_window" | "first_response", now = new Date()) {
  const outcome = await db().transaction(async (tx) => {
    const c = await lockCase(tx, questionId);
    if (!c || c.state === "solved" || c.clockStoppedAt) return "nothing";
    const [q] = await tx.select({ deletedAt: questions.deletedAt }).from(questions).where(eq(questions.id, questionId));
    if (!q || q.deletedAt) return "nothing";
    if (check === "advocate_window") {
      if (now < c.advocateDueAt) return "early";
      return (await escalateInTx(tx, questionId, "advocate_window", null, undefined, now)) ? "escalated" : "nothing";
    }
    if (now < c.firstResponseDueAt || c.breachedAt) return c.breachedAt ? "nothing" : "early";
    await escalateInTx(tx, questionId, "advocate_window", null, undefined, now);
    await tx.update(supportCases).set({ breachedAt: now, updatedAt: now }).where(eq(supportCases.questionId, questionId));
    await logEvent(tx, c, "breached", null, {}, now);
    return "breached";
  });
  if (outcome === "escalated" || outcome === "breached") {
    publish.queueChanged(questionId);
    publish.questionUpdated(questionId);
  }
  return outcome;
}

/** An answer arrived: the first reply from anyone but the asker is noted; the first staff or advocate reply stops the clock. */
export async function recordResponseInTx(tx: Executor, events: EventLog, questionId: string, responder: { id: string; role: Role }, at: Date) {
  const c = await lockCase(tx, questionId);
  if (!c || responder.id === c.customerId) return;
  const role = responderOf(responder.role);
  const changes: Partial<SupportCase> = {};
  if (!c.firstResponseAt) Object.assign(changes, { firstResponseAt: at, firstResponseRole: role });
  if (role !== "peer" && !c.clockStoppedAt) {
    Object.assign(changes, { clockStoppedAt: at, slaDueAt: c.resolutionDueAt });
    await logEvent(tx, c, "first_response", responder.id, { role, minutes: Math.round((at.getTime() - c.createdAt.getTime()) / 60_000) }, at);
  }
  if (Object.keys(changes).length) await tx.update(supportCases).set({ ...changes, updatedAt: at }).where(eq(supportCases.questionId, questionId));
}

/** A solution was marked (or, with `solver` null, unmarked). */
export async function recordSolutionInTx(tx: Executor, events: EventLog, questionId: string, solver: { id: string; role: Role } | null, actorId: string, inPrivate = false) {
  const c = await lockCase(tx, questionId);
  if (!c) return;
  const now = new Date();
  if (solver) {
    const solvedBy = responderOf(solver.role);
    await setState(tx, questionId, "solved", { solvedAt: now, solvedBy, solvedInPrivate: inPrivate });
    await logEvent(tx, c, "solved", actorId, { by: solvedBy, private: inPrivate }, now);
    await emitWebhook(tx, "question.solved", webhookPayload({ ...c, state: "solved" }, { solvedBy, private: inPrivate }));
  } else if (c.state === "solved") {
    const back: CaseState = c.assigneeId ? "assigned" : c.escalatedAt ? "escalated" : "routing";
    await setState(tx, questionId, back, { solvedAt: null, solvedBy: null, solvedInPrivate: null });
  }
}

async function staffMember(executor: Executor, username: string) {
  const [u] = await executor.select().from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  if (!u) throw new ValidationError({ username: ["No member has that username."] });
  if (u.role !== "staff" && u.role !== "admin") throw new ValidationError({ username: [`${u.username} is not staff.`] });
  return u;
}

const assignSchema = z.object({ username: z.string().trim().min(1, "Choose someone.").max(64) });

/** Gives the case to a staff member (escalating it first if it was still with advocates). */
export async function assign(actor: Actor | null, questionId: string, input: unknown) {
  const me = requirePermission(actor, "staff:view");
  const { username } = parseInput(assignSchema, input);
  const result = await db().transaction(async (tx) => {
    const target = await staffMember(tx, username);
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    if (c.state === "solved") throw new ConflictError("This question is solved already.");
    if (c.state === "routing") await escalateInTx(tx, questionId, "staff", me.id);
    await setState(tx, questionId, "assigned", { assigneeId: target.id });
    const kind = target.id === me.id ? "claimed" : "assigned";
    await logEvent(tx, c, kind, me.id, { assignee: target.username });
    await emitWebhook(tx, "question.assigned", webhookPayload({ ...c, state: "assigned" }, { assignee: target.username }));
    const notes = target.id === me.id ? [] : await createNotifications(tx, [{ userId: target.id, kind: "assigned", actorId: me.id, questionId }]);
    return { notes };
  });
  announce(result.notes);
  publish.queueChanged(questionId);
  publish.questionUpdated(questionId);
  return getCase(me, questionId);
}

export async function claim(actor: Actor | null, questionId: string) {
  const me = requirePermission(actor, "staff:view");
  return assign(me, questionId, { username: me.username });
}

const statusSchema = z.object({ status: z.enum(["escalated", "assigned", "waiting_on_customer", "solved"], { message: "Pick escalated, assigned, waiting on customer or solved." }) });

/** Staff move a case between statuses; "solved" here closes it without a marked answer (e.g. solved in private). */
export async function setStatus(actor: Actor | null, questionId: string, input: unknown) {
  const me = requirePermission(actor, "staff:view");
  const { status } = parseInput(statusSchema, input);
  await transact(async (tx, events) => {
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    if (status === c.state) return;
    if (status === "assigned" && !c.assigneeId) throw new ValidationError({ status: ["Assign someone first."] });
    if (c.state === "routing") await escalateInTx(tx, questionId, "staff", me.id);
    if (status === "solved") {
      await recordSolutionInTx(tx, events, questionId, { id: me.id, role: me.role }, me.id, c.isPrivate);
      return;
    }
    await setState(tx, questionId, status, status === "escalated" ? { assigneeId: null } : {});
    await logEvent(tx, c, "status_changed", me.id, { from: c.state, to: status });
  });
  publish.queueChanged(questionId);
  publish.questionUpdated(questionId);
  return getCase(me, questionId);
}

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

/** The case as staff see it. */
export async function getCase(actor: Actor | null, questionId: string) {
  requirePermission(actor, "staff:view");
  const [row] = await db()
    .select({ c: supportCases, assignee: users.username })
    .from(supportCases)
    .leftJoin(users, eq(users.id, supportCases.assigneeId))
    .where(eq(supportCases.questionId, questionId));
  if (!row) throw new NotFoundError("No such question.");
  return presentCase(row.c, row.assignee);
}

/** What the asker sees of their own case: whether staff have it, and when to expect a reply. */
export async function caseForAsker(questionId: string) {
  const [c] = await db().select().from(supportCases).where(eq(supportCases.questionId, questionId));
  if (!c) return null;
  return {
    state: c.state,
    withStaff: c.state !== "routing" && c.state !== "solved",
    canEscalate: c.state === "routing",
    replyExpectedBy: c.clockStoppedAt ? null : c.firstResponseDueAt.toISOString(),
    isPrivate: c.isPrivate,
  };
}

/** Staff who can take a case, for the assign picker. */
export async function listStaff(actor: Actor | null) {
  requirePermission(actor, "staff:view");
  return db().select({ username: users.username, role: users.role }).from(users).where(inArray(users.role, ["staff", "admin"])).orderBy(users.username);
}

