/**
 * A member's profile: their own questions listed newest first with their
 * state, paged, and every count agreeing with what the viewer may see.
 * (The page itself, without JavaScript, is in tests/e2e/profile-and-question.test.ts.)
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { questions, users } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { profilePage } from "~/domain/accounts/profile-page.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { deleteAnswer, postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { createCategory } from "~/domain/categories/manage.server";
import { ValidationError } from "~/domain/errors";
import { askQuestion } from "~/domain/questions/ask.server";
import { deleteQuestion } from "~/domain/questions/edit.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const body = "Please describe the steps so others can reproduce this with their own kit.";
const answerBody = "Hold the button for ten seconds, then pair it again from the app.";
let customer: Actor, advocate: Actor, staff: Actor, helper: Actor;
const asked: { id: string; title: string }[] = [];

async function member(username: string, role: "customer" | "advocate" | "staff") {
  const user = await signup({ email: `${username}@example.com`, username, password: "a-long-password-1" }, { role });
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

beforeAll(async () => {
  staff = await member("pf_staff", "staff");
  advocate = await member("pf_advocate", "advocate");
  customer = await member("pf_customer", "customer");
  helper = await member("pf_helper", "customer");
  await createCategory(staff, { name: "Headphones", slug: "pf-headphones" });
  await createCategory(staff, { name: "Staff room", slug: "pf-staff-room", visibility: "staff" });

  // The staff member asks 12 public questions and one in the staff room, a minute apart, oldest first.
  const start = Date.now() - 60 * 60_000;
  for (let i = 1; i <= 12; i++) {
    const { question } = await askQuestion(staff, { title: `Public pairing question number ${i}`, body, category: "pf-headphones" });
    await db().update(questions).set({ createdAt: new Date(start + i * 60_000) }).where(eq(questions.id, question.id));
    asked.push({ id: question.id, title: `Public pairing question number ${i}` });
  }
  const { question: hidden } = await askQuestion(staff, { title: "Staff only escalation review notes", body, category: "pf-staff-room" });
  await db().update(questions).set({ createdAt: new Date(start + 13 * 60_000) }).where(eq(questions.id, hidden.id));

  // The helper answers five questions: one answer is then deleted, and so is another's question.
  await postAnswer(helper, asked[0].id, { body: answerBody });
  const solution = await postAnswer(helper, asked[1].id, { body: answerBody });
  await setAccepted(staff, solution.id, true);
  await postAnswer(helper, asked[2].id, { body: answerBody });
  await postAnswer(helper, asked[3].id, { body: answerBody });
  const gone = await postAnswer(helper, asked[4].id, { body: answerBody });
  await deleteAnswer(helper, gone.id);
  await deleteQuestion(staff, asked[3].id);
});

describe("a member's own questions on their profile", () => {
  it("lists them newest first with their solved state, ten to a page, then the rest", async () => {
    const first = await profilePage(customer, "pf_staff");
    const titles = first.questions.questions.map((q) => q.title);
    const live = asked.filter((q) => q.id !== asked[3].id).reverse();
    expect(titles).toEqual(live.slice(0, 10).map((q) => q.title));
    expect(first.questions.questions.find((q) => q.id === asked[1].id)?.solved).toBe(true);
    expect(first.questions.questions.find((q) => q.id === asked[0].id)).toBeUndefined();
    expect(first.questions.questions.filter((q) => q.solved)).toHaveLength(1);
    expect(first.questions.nextCursor).toEqual(expect.any(String));

    const second = await profilePage(customer, "pf_staff", { questionsCursor: first.questions.nextCursor! });
    expect(second.questions.questions.map((q) => q.title)).toEqual(live.slice(10).map((q) => q.title));
    expect(second.questions.nextCursor).toBeNull();
  });

  it("leaves out questions in categories the viewer may not read, and counts only what it lists", async () => {
    for (const viewer of [null, customer, advocate]) {
      const p = await profilePage(viewer, "pf_staff");
      expect(p.profile.questionCount).toBe(11);
      expect(p.questions.questions.map((q) => q.title)).not.toContain("Staff only escalation review notes");
    }
    const asStaff = await profilePage(staff, "pf_staff");
    expect(asStaff.profile.questionCount).toBe(12);
    expect(asStaff.questions.questions[0].title).toBe("Staff only escalation review notes");
  });

  it("answers a cursor that is not one of ours with a field message", async () => {
    const refused = await profilePage(customer, "pf_staff", { questionsCursor: "not-a-cursor" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).status).toBe(400);
    expect((refused as ValidationError).fields).toEqual({ cursor: ["That cursor is not valid."] });
  });
});

describe("a member's answer count", () => {
  it("counts the answers the profile lists: not deleted ones, nor those on deleted questions", async () => {
    const p = await profilePage(null, "pf_helper");
    expect(p.answers).toHaveLength(3);
    expect(p.profile.answerCount).toBe(p.answers.length);
    expect(p.profile.acceptedCount).toBe(1);
  });
});
