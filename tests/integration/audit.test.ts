/**
 * The staff action log: each staff and admin action writes one line in its
 * own transaction, the database refuses to change a line, admins alone read
 * it (page, API, CSV), with filters and keyset pages.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { auditLog, users } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { changeRole } from "~/domain/accounts/roles.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { dismissNomination, promoteAdvocate, revokeAdvocate } from "~/domain/advocates/nominations.server";
import { deleteAnswer, postAnswer } from "~/domain/answers/answers.server";
import { auditCsv, auditPage } from "~/domain/audit/list.server";
import { createCategory, updateCategory } from "~/domain/categories/manage.server";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { approveSavedReply, createSavedReply } from "~/domain/escalation/saved-replies.server";
import { resetPolicy, savePolicy } from "~/domain/escalation/policies.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { closeAsDuplicate, reopen } from "~/domain/questions/duplicates.server";
import { deleteQuestion } from "~/domain/questions/edit.server";
import { saveVocabulary } from "~/domain/search/vocabulary.server";
import { createEndpoint, deleteEndpoint, setEndpointActive } from "~/domain/webhooks/endpoints.server";
import { useTestDatabase } from "../support/db";

useTestDatabase({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });

let n = 0;
async function member(prefix: string, role: "customer" | "advocate" | "staff" | "admin" = "customer") {
  n += 1;
  const user = await signup({ email: `${prefix}${n}@example.com`, username: `${prefix}${n}`, password: "a-long-password-1" }, { role });
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

let admin: Actor;
let staff: Actor;
let customer: Actor;

beforeAll(async () => {
  admin = await member("boss", "admin");
  staff = await member("agent", "staff");
  customer = await member("owner");
});

async function lines() {
  return (await auditPage(admin, {})).entries;
}

describe("the staff action log", () => {
  it("keeps one line for each staff and admin action, with who, what, on what and what changed", async () => {
    const category = await createCategory(staff, { name: "Speakers", slug: "speakers-audit" });
    await updateCategory(staff, "speakers-audit", { visibility: "staff" });
    await updateCategory(staff, "speakers-audit", { visibility: "public", description: "Arc, Pulse and Beam" });
    await savePolicy(staff, "speakers-audit", { firstResponseMinutes: 45, advocateWindowMinutes: 20, resolutionMinutes: 600, coverage: "always", timeZone: "UTC", businessDays: "1 2 3 4 5", businessStart: "09:00", businessEnd: "17:00", holidays: "" });
    await resetPolicy(staff, "speakers-audit");

    await changeRole(admin, customer.username, { role: "advocate" });
    await revokeAdvocate(staff, customer.username);
    await promoteAdvocate(staff, customer.username);

    const { question: q } = await askQuestion(customer, { title: "Arc speaker hums when the TV is off", body: "A low hum from the Arc whenever the television is switched off.", category: "speakers-audit" });
    const { question: older } = await askQuestion(customer, { title: "Arc speaker makes a humming noise", body: "There is a steady hum from my Arc soundbar when nothing plays.", category: "speakers-audit" });
    const answer = await postAnswer(customer, q.id, { body: "Try another power socket: a ground loop makes that hum." });
    await closeAsDuplicate(staff, q.id, { of: older.id });
    await reopen(staff, q.id);
    await deleteAnswer(staff, answer.id);
    await deleteQuestion(staff, older.id);

    const draft = await createSavedReply(staff, { title: "Ground loop", body: "Hi {{customer}}, try another socket." });
    await approveSavedReply(admin, draft.id);
    const hook = await createEndpoint(staff, { url: "http://127.0.0.1:9/hooks/audit", events: ["question.escalated"] });
    await setEndpointActive(staff, hook.id, false);
    await setEndpointActive(staff, hook.id, false);
    await deleteEndpoint(staff, hook.id);
    await saveVocabulary(staff, { synonyms: "hum, buzz", stopWords: "please" });

    const log = await lines();
    // Newest first; turning a webhook off twice is one change.
    expect(log.map((e) => e.action)).toEqual([
      "search.vocabulary_saved",
      "webhook.deleted",
      "webhook.deactivated",
      "webhook.created",
      "saved_reply.approved",
      "question.deleted",
      "answer.deleted",
      "question.reopened",
      "question.closed_duplicate",
      "advocate.promoted",
      "advocate.revoked",
      "user.role_changed",
      "sla.reset",
      "sla.saved",
      "category.updated",
      "category.updated",
      "category.created",
    ]);
    const byAction = (action: string) => log.filter((e) => e.action === action);
    expect(byAction("user.role_changed")[0]).toMatchObject({
      actor: { id: admin.id, username: admin.username },
      target: { type: "user", id: customer.id, label: customer.username },
      data: { from: "customer", to: "advocate" },
    });
    expect(byAction("category.updated")[0]).toMatchObject({
      target: { type: "category", id: category.id, label: "Speakers" },
      data: { visibility: { from: "staff", to: "public" }, description: { from: "", to: "Arc, Pulse and Beam" } },
    });
    expect(byAction("question.closed_duplicate")[0]).toMatchObject({ target: { type: "question", id: q.id, label: q.title }, data: { duplicateOf: older.id } });
    expect(byAction("answer.deleted")[0]).toMatchObject({ actor: { username: staff.username }, target: { type: "answer", id: answer.id }, data: { questionId: q.id } });
    expect(byAction("saved_reply.approved")[0]).toMatchObject({ actor: { username: admin.username }, target: { type: "saved_reply", label: "Ground loop" } });
    for (const e of log) expect(new Date(e.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("leaves out what members do to their own posts, and what changed nothing", async () => {
    const before = (await lines()).length;
    const { question: q } = await askQuestion(customer, { title: "Pulse speaker drops out of the group", body: "My Pulse leaves the multi-room group every evening.", category: "speakers-audit" });
    const a = await postAnswer(staff, q.id, { body: "Give the Pulse a fixed address on the router." });
    await deleteAnswer(staff, a.id);
    await deleteQuestion(customer, q.id);
    await changeRole(admin, customer.username, { role: "advocate" });
    await updateCategory(staff, "speakers-audit", {});
    expect((await lines()).length).toBe(before);
  });

  it("is append-only: the database refuses to edit or delete a line", async () => {
    const [line] = await db().select().from(auditLog).limit(1);
    const refusal = (err: unknown) => String((err as { cause?: unknown }).cause ?? err);
    expect(refusal(await db().update(auditLog).set({ actorName: "someone-else" }).where(eq(auditLog.id, line.id)).catch((e: unknown) => e))).toMatch(/audit_log is append-only/);
    expect(refusal(await db().delete(auditLog).where(eq(auditLog.id, line.id)).catch((e: unknown) => e))).toMatch(/audit_log is append-only/);
    const [still] = await db().select().from(auditLog).where(eq(auditLog.id, line.id));
    expect(still.actorName).toBe(line.actorName);
  });

  it("filters by actor, action and target, pages with a cursor, and exports the same lines as CSV", async () => {
    const mine = await auditPage(admin, { actor: admin.username });
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.actor.username === admin.username)).toBe(true);
    const categoryLines = await auditPage(admin, { target: "category" });
    expect(new Set(categoryLines.entries.map((e) => e.target.type))).toEqual(new Set(["category"]));
    const roleLines = await auditPage(admin, { action: "user.role_changed", target: `user:${customer.id}` });
    expect(roleLines.entries.map((e) => e.data)).toEqual([{ from: "customer", to: "advocate" }]);

    // Sixty role changes make more than one page; the pages meet without a gap or a repeat.
    const extra = await member("paged");
    for (let i = 0; i < 30; i++) {
      await changeRole(admin, extra.username, { role: "advocate" });
      await changeRole(admin, extra.username, { role: "customer" });
    }
    const first = await auditPage(admin, { target: `user:${extra.id}` });
    expect(first.entries).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await auditPage(admin, { target: `user:${extra.id}`, cursor: first.nextCursor });
    expect(second.entries).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(60);

    const csv = await auditCsv(admin, { target: `user:${extra.id}` });
    const rows = csv.trim().split("\n");
    expect(rows[0]).toBe("at,actor,action,target_type,target_id,target,data");
    expect(rows).toHaveLength(61);
    expect(rows[1]).toContain(`${admin.username},user.role_changed,user,${extra.id},${extra.username}`);
    // The JSON of what changed is quoted as one field, its quotes doubled.
    expect(rows[1]).toMatch(/,"\{.*\}"$/);
    expect(rows[1]).toContain('""from"":""advocate""');
    expect(rows[1]).toContain('""to"":""customer""');
  });

  it("is for admins only, and says which filter is wrong", async () => {
    await expect(auditPage(null, {})).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(auditPage(staff, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auditPage(customer, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auditCsv(staff, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auditPage(admin, { action: "rm -rf" })).rejects.toMatchObject({ fields: { action: ["Choose an action from the list."] } });
    await expect(auditPage(admin, { target: "planet:mars" })).rejects.toBeInstanceOf(ValidationError);
    await expect(auditPage(admin, { cursor: "not-a-cursor" })).rejects.toMatchObject({ fields: { cursor: [expect.any(String)] } });
    // A refused action writes no line.
    const before = (await lines()).length;
    await expect(changeRole(staff, customer.username, { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeRole(admin, "nobody-here", { role: "staff" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await lines()).length).toBe(before);
  });
});
