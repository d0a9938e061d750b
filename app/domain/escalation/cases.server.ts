/**
 * The doors for routes and sockets to a question's case: asking for staff,
 * assignment, statuses, and reading the case. What the forum's own writes do
 * to a case is recorded in recorders.server.ts; the SLA timers run in
 * timers.server.ts; how a case is shown is case-view.ts.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { supportCases, users } from "#db/schema";
import { canBeAssigned, canEscalate, ensure, ensureCan, ensureActive, ensureSignedIn, escalationReasonOf, type Actor } from "~/auth/policies";
import { listStaffMembers } from "~/domain/accounts/staff.server";
import { findUserByUsername } from "~/domain/accounts/users.server";
import { ConflictError, NotFoundError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { notify } from "~/domain/notifications/notify.server";
import { requireReadableQuestion } from "~/domain/questions/queries.server";
import { parseInput } from "~/domain/validate";
import { logCaseEvent } from "./case-log.server";
import { lockCase, setCaseState, snapshotOf } from "./case-state.server";
import { presentCase, presentCaseToAsker } from "./case-view";
import { escalateInTx, recordSolutionInTx } from "./recorders.server";

// Where the forum (ask, answers) and the pages have always found them.
export { escalateInTx, openCaseInTx, recordResponseInTx, recordSolutionInTx } from "./recorders.server";
export { isBreached, presentCase, type AskerCaseView, type CaseView } from "./case-view";

const escalateSchema = z.object({ reason: z.string().trim().max(500, "Keep it under 500 characters.").optional() });

/** "I need staff": the asker (or staff) sends an open question to the staff queue now. */
export async function escalate(actor: Actor | null, questionId: string, input: unknown = {}) {
  const me = ensureActive(actor);
  const { reason } = parseInput(escalateSchema, input ?? {});
  await requireReadableQuestion(me, questionId);
  const escalated = await transact(async (tx, events) => {
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    // The case's customer is the person who asked.
    ensure(canEscalate(me, { authorId: c.customerId }), "Only the person who asked, or staff, can ask for staff.");
    if (c.state === "solved") throw new ConflictError("This question is solved already.");
    if (c.state !== "routing") throw new ConflictError("Staff already have this question.");
    return escalateInTx(tx, events, questionId, escalationReasonOf(me), me.id, reason);
  });
  return presentCase(escalated!);
}

const assignSchema = z.object({ username: z.string().trim().min(1, "Choose someone.").max(64) });

/** Gives the case to a staff member (escalating it first if it was still with advocates). */
export async function assign(actor: Actor | null, questionId: string, input: unknown) {
  const me = ensureCan(actor, "case:work");
  const { username } = parseInput(assignSchema, input);
  await transact(async (tx, events) => {
    const target = await findUserByUsername(username, tx);
    if (!target) throw new ValidationError({ username: ["No member has that username."] });
    if (!canBeAssigned(target)) throw new ValidationError({ username: [`${target.username} is not staff.`] });
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    if (c.state === "solved") throw new ConflictError("This question is solved already.");
    // The assignee's bell rings before the queue hears (notify skips someone claiming for themselves).
    await notify(tx, events, [{ userId: target.id, kind: "assigned", actorId: me.id, questionId }]);
    if (c.state === "routing") await escalateInTx(tx, events, questionId, "staff", me.id);
    await setCaseState(tx, questionId, "assigned", { assigneeId: target.id });
    await logCaseEvent(tx, c, target.id === me.id ? "claimed" : "assigned", me.id, { assignee: target.username });
    // As it stood when it was locked: the webhook says "assigned" itself.
    events.record({ type: "case.assigned", case: snapshotOf(c), assignee: target.username });
  });
  return getCase(me, questionId);
}

export async function claim(actor: Actor | null, questionId: string) {
  const me = ensureCan(actor, "case:work");
  return assign(me, questionId, { username: me.username });
}

const statusSchema = z.object({ status: z.enum(["escalated", "assigned", "waiting_on_customer", "solved"], { message: "Pick escalated, assigned, waiting on customer or solved." }) });

/** Staff move a case between statuses; "solved" here closes it without a marked answer (e.g. solved in private). */
export async function setStatus(actor: Actor | null, questionId: string, input: unknown) {
  const me = ensureCan(actor, "case:work");
  const { status } = parseInput(statusSchema, input);
  await transact(async (tx, events) => {
    const c = await lockCase(tx, questionId);
    if (!c) throw new NotFoundError("No such question.");
    if (status === c.state) return;
    if (status === "assigned" && !c.assigneeId) throw new ValidationError({ status: ["Assign someone first."] });
    if (c.state === "routing") await escalateInTx(tx, events, questionId, "staff", me.id);
    if (status === "solved") {
      await recordSolutionInTx(tx, events, questionId, { id: me.id, role: me.role }, me.id, c.isPrivate);
    } else {
      await setCaseState(tx, questionId, status, status === "escalated" ? { assigneeId: null } : {});
      await logCaseEvent(tx, c, "status_changed", me.id, { from: c.state, to: status });
    }
    events.record({ type: "case.status_changed", questionId, from: c.state, to: status });
  });
  return getCase(me, questionId);
}

/** The case as staff see it. */
export async function getCase(actor: Actor | null, questionId: string) {
  ensureCan(actor, "case:read");
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
  return c ? presentCaseToAsker(c) : null;
}

/** Staff who can take a case, for the assign picker. */
export async function listStaff(actor: Actor | null) {
  ensureCan(actor, "case:read");
  return listStaffMembers();
}
