import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { answers, privateMessages, questions, savedReplies, supportCases, users } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { createCategory } from "~/domain/categories/manage.server";
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { assign, claim, escalate, getCase, setStatus } from "~/domain/escalation/cases.server";
import { runEscalationCheck } from "~/domain/escalation/timers.server";
import { addNote, listNotes } from "~/domain/escalation/notes.server";
import { savePolicy } from "~/domain/escalation/policies.server";
import { listPrivateMessages, moveToPrivate, postPrivateMessage } from "~/domain/escalation/private-thread.server";
import { getStaffQueue } from "~/domain/escalation/queue.server";
import { approveSavedReply, createSavedReply, listSavedReplies, useSavedReply } from "~/domain/escalation/saved-replies.server";
import { getCustomerTimeline } from "~/domain/escalation/timeline.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { getQuestion } from "~/domain/questions/get.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { rowsOf, useTestDatabase } from "../support/db";

useTestDatabase();

let n = 0;
async function member(prefix: string, role: "customer" | "staff" | "advocate" | "admin" = "customer") {
  n += 1;
  const user = await signup({ email: `${prefix}${n}@example.com`, username: `${prefix}${n}`, password: "a-long-password-1" }, { role });
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

async function ask(by: Actor, extra: Record<string, unknown> = {}) {
  const { question } = await askQuestion(by, { title: "My Hub camera feed freezes every night", body: "The live view stops at about 2am and only a restart helps.", category: "smart-home", ...extra });
  return question;
}

async function caseOf(questionId: string) {
  const [c] = await db().select().from(supportCases).where(eq(supportCases.questionId, questionId));
  return c;
}

const minutesAfter = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

let staff: Actor, admin: Actor, advocate: Actor;

beforeAll(async () => {
  admin = await member("esc_admin", "admin");
  staff = await member("esc_staff", "staff");
  advocate = await member("esc_advocate", "advocate");
  await createCategory(admin, { name: "Smart Home", slug: "smart-home" });
});

describe("the SLA clock on a question", () => {
  it("starts when the question is asked, with the category's policy (24/7, 60 minutes by default)", async () => {
    const q = await ask(await member("asker"));
    const c = await caseOf(q.id);
    expect(c.state).toBe("routing");
    expect(c.firstResponseDueAt.getTime() - c.createdAt.getTime()).toBe(60 * 60_000);
    expect(c.advocateDueAt.getTime() - c.createdAt.getTime()).toBe(30 * 60_000);
  });

  it("escalates when no advocate or staff answer comes within the advocate window, once, however often the timer fires", async () => {
    const q = await ask(await member("asker"));
    const c = await caseOf(q.id);
    // A peer's answer does not stop the clock.
    await postAnswer(await member("peer"), q.id, { body: "Have you tried turning it off and on again?" });
    expect(await runEscalationCheck(q.id, "advocate_window", minutesAfter(c.createdAt, 29))).toBe("early");
    expect(await runEscalationCheck(q.id, "advocate_window", minutesAfter(c.createdAt, 31))).toBe("escalated");
    expect(await runEscalationCheck(q.id, "advocate_window", minutesAfter(c.createdAt, 32))).toBe("nothing");
    const after = await caseOf(q.id);
    expect(after).toMatchObject({ state: "escalated", escalationReason: "advocate_window" });
    expect((await getQuestion(null, q.id)).question.status).toBe("escalated");
    // Past the first-response target the case is marked breached.
    expect(await runEscalationCheck(q.id, "first_response", minutesAfter(c.createdAt, 61))).toBe("breached");
    const queue = await getStaffQueue(staff, {});
    expect(queue.items.find((i) => i.question.id === q.id)).toMatchObject({ breached: true, state: "escalated" });
  });

  it("stops when an advocate answers: no escalation, no breach", async () => {
    const q = await ask(await member("asker"));
    const c = await caseOf(q.id);
    await postAnswer(advocate, q.id, { body: "Switch the camera to the 5 GHz network: the 2am drop is the router's channel scan." });
    expect(await runEscalationCheck(q.id, "advocate_window", minutesAfter(c.createdAt, 31))).toBe("nothing");
    expect(await runEscalationCheck(q.id, "first_response", minutesAfter(c.createdAt, 61))).toBe("nothing");
    expect(await caseOf(q.id)).toMatchObject({ state: "routing", firstResponseRole: "advocate", breachedAt: null });
  });

  it("fires from the durable job queue: the timers are pg-boss jobs that survive a restart", async () => {
    const q = await ask(await member("asker"));
    const jobs = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from pgboss.job where name = 'escalation.due' and data->>'questionId' = ${q.id}`));
    expect(jobs[0].n).toBe(2);
  });

  it("uses business hours when the category's policy says so", async () => {
    await savePolicy(staff, "smart-home", { firstResponseMinutes: 60, advocateWindowMinutes: 30, resolutionMinutes: 480, coverage: "business_hours", timeZone: "Europe/Berlin", businessDays: "1 2 3 4 5", businessStart: "09:00", businessEnd: "17:00", holidays: "" });
    const q = await ask(await member("asker"));
    const c = await caseOf(q.id);
    expect(c.firstResponseDueAt.getTime() - c.createdAt.getTime()).toBeGreaterThanOrEqual(60 * 60_000);
    await expect(savePolicy(staff, "smart-home", { firstResponseMinutes: 30, advocateWindowMinutes: 45, resolutionMinutes: 60, coverage: "always", timeZone: "Mars/Olympus", businessDays: "1", businessStart: "09:00", businessEnd: "17:00", holidays: "" })).rejects.toMatchObject({
      fields: { timeZone: expect.any(Array), advocateWindowMinutes: expect.any(Array) },
    });
    await expect(savePolicy(advocate, "smart-home", {})).rejects.toBeInstanceOf(ForbiddenError);
    await savePolicy(staff, "smart-home", { firstResponseMinutes: 60, advocateWindowMinutes: 30, resolutionMinutes: 1440, coverage: "always", timeZone: "UTC", businessDays: "1 2 3 4 5", businessStart: "09:00", businessEnd: "17:00", holidays: "" });
  });
});

describe("escalating, claiming and working a case", () => {
  it("lets the asker ask for staff, staff claim and assign, and refuses both to everyone else", async () => {
    const asker = await member("asker");
    const stranger = await member("stranger");
    const q = await ask(asker);
    await expect(escalate(stranger, q.id, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(escalate(null, q.id, {})).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await escalate(asker, q.id, { reason: "I have a client demo tomorrow" })).state).toBe("escalated");
    await expect(escalate(asker, q.id, {})).rejects.toBeInstanceOf(ConflictError);

    for (const who of [asker, advocate]) {
      await expect(claim(who, q.id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getStaffQueue(who, {})).rejects.toBeInstanceOf(ForbiddenError);
      await expect(addNote(who, q.id, { body: "sneaky" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setStatus(who, q.id, { status: "solved" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getCustomerTimeline(who, asker.username)).rejects.toBeInstanceOf(ForbiddenError);
    }

    expect((await getStaffQueue(staff, { filter: "unassigned" })).items.map((i) => i.question.id)).toContain(q.id);
    expect((await claim(staff, q.id)).assignee?.username).toBe(staff.username);
    expect((await getStaffQueue(staff, { filter: "mine" })).items.map((i) => i.question.id)).toContain(q.id);
    expect((await getStaffQueue(staff, { filter: "unassigned" })).items.map((i) => i.question.id)).not.toContain(q.id);
    await expect(assign(staff, q.id, { username: asker.username })).rejects.toBeInstanceOf(ValidationError);
    expect((await assign(staff, q.id, { username: admin.username })).state).toBe("assigned");
    expect((await setStatus(staff, q.id, { status: "waiting_on_customer" })).state).toBe("waiting_on_customer");
    await expect(setStatus(staff, q.id, { status: "lost" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps internal notes to staff on every path", async () => {
    const asker = await member("asker");
    const q = await ask(asker);
    await addNote(staff, q.id, { body: "Customer is on firmware 3.9: known freeze, fixed in 4.0." });
    expect((await listNotes(staff, q.id)).map((x) => x.body)).toEqual(["Customer is on firmware 3.9: known freeze, fixed in 4.0."]);
    const forStaff = await getQuestion(staff, q.id);
    expect("notes" in forStaff && forStaff.notes?.length).toBe(1);
    for (const who of [null, asker, advocate, await member("other")]) {
      const page = await getQuestion(who, q.id);
      expect("notes" in page).toBe(false);
      expect(JSON.stringify(page)).not.toContain("firmware 3.9");
    }
    await expect(addNote(staff, q.id, { body: "   " })).rejects.toBeInstanceOf(ValidationError);
  });

  it("records who solved it, and sends the case back when the solution is unmarked", async () => {
    const asker = await member("asker");
    const q = await ask(asker);
    await escalate(asker, q.id, {});
    const answer = await postAnswer(staff, q.id, { body: "Update the Hub to 4.0 from the app: it fixes the nightly freeze." });
    expect(await caseOf(q.id)).toMatchObject({ firstResponseRole: "staff" });
    await setAccepted(asker, answer.id, true);
    expect(await caseOf(q.id)).toMatchObject({ state: "solved", solvedBy: "staff", solvedInPrivate: false });
    await setAccepted(asker, answer.id, false);
    expect((await caseOf(q.id)).state).toBe("escalated");
  });
});

describe("saved replies", () => {
  it("need an admin's approval, fill their placeholders, and credit the advocate who uses them", async () => {
    const draft = await createSavedReply(staff, { title: "Hub firmware", body: "Hi {{customer}}, about \"{{question}}\": update your Hub to 4.0. {{agent}}" });
    await expect(createSavedReply(staff, { title: "Bad", body: "Hello {{nobody}}, this will not do." })).rejects.toBeInstanceOf(ValidationError);
    await expect(createSavedReply(advocate, { title: "Mine", body: "An advocate's own template" })).rejects.toBeInstanceOf(ForbiddenError);
    const asker = await member("asker");
    const q = await ask(asker);
    await expect(useSavedReply(staff, q.id, { replyId: draft.id })).rejects.toBeInstanceOf(ConflictError);
    expect((await listSavedReplies(advocate)).map((r) => r.id)).not.toContain(draft.id);
    await expect(approveSavedReply(staff, draft.id)).rejects.toBeInstanceOf(ForbiddenError);
    await approveSavedReply(admin, draft.id);
    expect((await listSavedReplies(advocate)).map((r) => r.id)).toContain(draft.id);
    await expect(useSavedReply(asker, q.id, { replyId: draft.id })).rejects.toBeInstanceOf(ForbiddenError);

    const answer = await useSavedReply(advocate, q.id, { replyId: draft.id, extra: "Tell me if it happens again." });
    expect(answer.body).toBe(`Hi ${asker.username}, about "My Hub camera feed freezes every night": update your Hub to 4.0. ${advocate.username}\n\nTell me if it happens again.`);
    expect(answer.author.username).toBe(advocate.username);
    expect(await caseOf(q.id)).toMatchObject({ firstResponseRole: "advocate" });
  });
});

describe("a private conversation", () => {
  it("is readable by the asker and staff only; the public page only says it moved", async () => {
    const asker = await member("asker");
    const q = await ask(asker);
    await expect(moveToPrivate(asker, q.id)).rejects.toBeInstanceOf(ForbiddenError);
    await moveToPrivate(staff, q.id);
    await postPrivateMessage(staff, q.id, { body: "Could you send the serial number on the back of the Hub?" });
    await postPrivateMessage(asker, q.id, { body: "It is NB-4471-XZ." });
    expect((await listPrivateMessages(asker, q.id)).map((m) => m.body)).toEqual(["Could you send the serial number on the back of the Hub?", "It is NB-4471-XZ."]);
    await expect(listPrivateMessages(advocate, q.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(postPrivateMessage(await member("other"), q.id, { body: "me too" })).rejects.toBeInstanceOf(ForbiddenError);
    const publicPage = await getQuestion(null, q.id);
    expect(publicPage.support).toEqual({ view: "public", isPrivate: true });
    expect(JSON.stringify(publicPage)).not.toContain("NB-4471");
    await setStatus(staff, q.id, { status: "solved" });
    expect(await caseOf(q.id)).toMatchObject({ state: "solved", solvedInPrivate: true, solvedBy: "staff" });
  });
});

describe("the customer timeline", () => {
  it("puts questions, answers, escalations, notes and private messages on one line for staff", async () => {
    const asker = await member("asker");
    const q = await ask(asker);
    await escalate(asker, q.id, {});
    await claim(staff, q.id);
    await addNote(staff, q.id, { body: "Second time this month." });
    const other = await ask(await member("asker"));
    await postAnswer(asker, other.id, { body: "Same here: my Hub freezes too since the update." });
    const { events } = await getCustomerTimeline(staff, asker.username);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["question", "escalated", "claimed", "note", "answer"]));
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort().reverse());
  });
});

describe("the timer worker", () => {
  it("runs due escalations from the queue", async () => {
    const q = await ask(await member("asker"));
    // Pretend the window has passed: move the deadline and the job's start time into the past.
    await db().update(supportCases).set({ advocateDueAt: new Date(Date.now() - 1000) }).where(eq(supportCases.questionId, q.id));
    await db().execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = 'escalation.due' and data->>'questionId' = ${q.id} and data->>'check' = 'advocate_window'`);
    await runQueuedJobs("escalation.due");
    expect((await caseOf(q.id)).state).toBe("escalated");
    expect((await getCase(staff, q.id)).escalationReason).toBe("advocate_window");
  });
});

describe("the queue's breached count", () => {
  it("counts exactly the rows that say breached: waiting on the customer pauses the clock, a deleted question is in neither", async () => {
    await createCategory(admin, { name: "Breach Count", slug: "breach-count" });
    const hourAgo = new Date(Date.now() - 3600_000);
    const inAnHour = new Date(Date.now() + 3600_000);
    const setUp = async (changes: Partial<typeof supportCases.$inferInsert>) => {
      const asker = await member("bc_asker");
      const q = await ask(asker, { category: "breach-count" });
      await escalate(asker, q.id, {});
      await db().update(supportCases).set(changes).where(eq(supportCases.questionId, q.id));
      return q.id;
    };
    const overdueFirstReply = await setUp({ firstResponseDueAt: hourAgo, slaDueAt: hourAgo });
    const markedBreached = await setUp({ breachedAt: hourAgo, firstResponseDueAt: hourAgo, slaDueAt: hourAgo });
    const overdueResolution = await setUp({ state: "assigned", clockStoppedAt: hourAgo, slaDueAt: hourAgo, resolutionDueAt: hourAgo });
    const waitingOnCustomer = await setUp({ state: "waiting_on_customer", clockStoppedAt: hourAgo, slaDueAt: hourAgo, resolutionDueAt: hourAgo });
    const inTime = await setUp({ firstResponseDueAt: inAnHour, slaDueAt: inAnHour });
    const deleted = await setUp({ firstResponseDueAt: hourAgo, slaDueAt: hourAgo });
    await db().update(questions).set({ deletedAt: new Date() }).where(eq(questions.id, deleted));

    const queue = await getStaffQueue(staff, { category: "breach-count" });
    const rows = new Map(queue.items.map((i) => [i.question.id, i]));
    expect([...rows.keys()].sort()).toEqual([overdueFirstReply, markedBreached, overdueResolution, waitingOnCustomer, inTime].sort());
    expect(rows.get(overdueFirstReply)?.breached).toBe(true);
    expect(rows.get(markedBreached)?.breached).toBe(true);
    expect(rows.get(overdueResolution)?.breached).toBe(true);
    expect(rows.get(waitingOnCustomer)).toMatchObject({ breached: false, breachDeadline: null });
    expect(rows.get(inTime)?.breached).toBe(false);
    expect(queue.counts).toEqual({ open: 5, breached: queue.items.filter((i) => i.breached).length });
    expect(queue.counts.breached).toBe(3);
  });
});

describe("sending a note, a private message or a saved reply twice", () => {
  it("keeps one note per client key, even when both requests race, and refuses the key for a different note", async () => {
    const q = await ask(await member("ik_asker"));
    const clientKey = "note-key-0123456789";
    const [a, b] = await Promise.all([
      addNote(staff, q.id, { body: "Customer called: the freeze started after 3.9.", clientKey }),
      addNote(staff, q.id, { body: "Customer called: the freeze started after 3.9.", clientKey }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await addNote(staff, q.id, { body: "Customer called: the freeze started after 3.9.", clientKey })).toMatchObject({ id: a.id });
    expect((await listNotes(staff, q.id)).map((n) => n.id)).toEqual([a.id]);
    await expect(addNote(staff, q.id, { body: "Something else entirely", clientKey })).rejects.toMatchObject({ status: 409, fields: { clientKey: expect.any(Array) } });
    // Another staff member's key space is their own; no key means no deduplication.
    await addNote(admin, q.id, { body: "Customer called: the freeze started after 3.9.", clientKey });
    await addNote(staff, q.id, { body: "A second, separate note." });
    await addNote(staff, q.id, { body: "A second, separate note." });
    expect(await listNotes(staff, q.id)).toHaveLength(4);
    await expect(addNote(staff, q.id, { body: "Bad key", clientKey: "no spaces allowed" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps one private message and one saved-reply answer per key", async () => {
    const asker = await member("ik_asker");
    const q = await ask(asker);
    await moveToPrivate(staff, q.id);
    const clientKey = "message-key-0123456789";
    await Promise.all([0, 1, 2].map(() => postPrivateMessage(asker, q.id, { body: "Here is the order number: 12345.", clientKey })));
    const mine = await db().select().from(privateMessages).where(eq(privateMessages.questionId, q.id));
    expect(mine).toHaveLength(1);

    const template = await createSavedReply(staff, { title: "Firmware 4.0", body: "Update your Hub to 4.0 from the app, it fixes this.", clientKey: "template-key-0123456789" });
    const again = await createSavedReply(staff, { title: "Firmware 4.0", body: "Update your Hub to 4.0 from the app, it fixes this.", clientKey: "template-key-0123456789" });
    expect(again.id).toBe(template.id);
    expect(await db().select().from(savedReplies).where(eq(savedReplies.clientKey, "template-key-0123456789"))).toHaveLength(1);
    await approveSavedReply(admin, template.id);

    const q2 = await ask(await member("ik_asker"));
    const replyKey = "reply-key-0123456789";
    const sent = await Promise.all([0, 1].map(() => useSavedReply(staff, q2.id, { replyId: template.id, clientKey: replyKey })));
    expect(sent[0].id).toBe(sent[1].id);
    expect(await db().select().from(answers).where(eq(answers.questionId, q2.id))).toHaveLength(1);
    expect((await getQuestion(null, q2.id)).question.answerCount).toBe(1);
    const [used] = await db().select({ useCount: savedReplies.useCount }).from(savedReplies).where(eq(savedReplies.id, template.id));
    expect(used.useCount).toBe(1);
    // The key names that answer to that question: reusing it on another question is a conflict, not a silent no-op.
    await expect(useSavedReply(staff, q.id, { replyId: template.id, clientKey: replyKey })).rejects.toMatchObject({ status: 409 });
  });
});
