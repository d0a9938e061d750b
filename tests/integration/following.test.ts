import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { notifications, users, watches } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { postAnswer } from "~/domain/answers/answers.server";
import { createCategory } from "~/domain/categories/manage.server";
import { NotFoundError, UnauthenticatedError } from "~/domain/errors";
import { followedScopes, listWatches } from "~/domain/following/queries.server";
import { unwatch, watch } from "~/domain/following/watch.server";
import { ignoreUser } from "~/domain/moderation/ignores.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const body = "Please describe the steps so others can reproduce this with their own kit.";
let asker: Actor, answerer: Actor, fan: Actor, other: Actor, staff: Actor;

async function member(username: string, role: "customer" | "advocate" | "staff" = "customer") {
  const user = await signup({ email: `${username}@example.com`, username, password: "a-long-password-1" }, { role });
  // Old enough accounts: new ones meet the posting allowance, which is not what this file is about.
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

async function ask(by: Actor, category: string, title: string, tags: string[] = []) {
  return (await askQuestion(by, { title, body, category, tags })).question;
}

async function notes(userId: string, kind: "watched_answer" | "watched_question" | "answer") {
  return db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
}

beforeAll(async () => {
  staff = await member("fw_staff", "staff");
  asker = await member("fw_asker");
  answerer = await member("fw_answerer");
  fan = await member("fw_fan");
  other = await member("fw_other");
  await createCategory(staff, { name: "Headphones", slug: "headphones" });
  await createCategory(staff, { name: "Speakers", slug: "speakers" });
  await createCategory(staff, { name: "Staff room", slug: "staff-room", visibility: "staff" });
});

describe("watching", () => {
  it("follows and stops idempotently, and lists what is followed", async () => {
    const q = await ask(asker, "headphones", "Zephyr headset pairing fails on Android");
    expect(await watch(fan, "question", q.id)).toEqual({ watching: true });
    expect(await watch(fan, "question", q.id)).toEqual({ watching: true });
    expect(await watch(fan, "category", "speakers")).toEqual({ watching: true });
    expect(await watch(fan, "tag", "#Air Pro")).toEqual({ watching: true });
    const list = await listWatches(fan);
    expect(list.watches.map((w) => [w.type, w.id, w.title]).sort()).toEqual([
      ["category", "speakers", "Speakers"],
      ["question", q.id, "Zephyr headset pairing fails on Android"],
      ["tag", "air-pro", "#air-pro"],
    ]);
    const scopes = await followedScopes(fan.id);
    expect(scopes.questionIds).toEqual([q.id]);
    expect(scopes.categoryIds).toHaveLength(1);
    expect(scopes.tags).toEqual(["air-pro"]);

    expect(await unwatch(fan, "question", q.id)).toEqual({ watching: false });
    expect(await unwatch(fan, "question", q.id)).toEqual({ watching: false });
    await unwatch(fan, "category", "speakers");
    await unwatch(fan, "tag", "air-pro");
    expect((await listWatches(fan)).watches).toEqual([]);
  });

  it("refuses the signed out, and answers 404 for what the member may not see", async () => {
    const secret = await ask(staff, "staff-room", "Quarterly escalation review notes for Zephyr");
    await expect(watch(null, "category", "speakers")).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(watch(fan, "category", "staff-room")).rejects.toBeInstanceOf(NotFoundError);
    await expect(unwatch(fan, "category", "staff-room")).rejects.toBeInstanceOf(NotFoundError);
    await expect(watch(fan, "question", secret.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(watch(fan, "question", "no-such-question")).rejects.toBeInstanceOf(NotFoundError);
    await expect(watch(fan, "category", "no-such-category")).rejects.toBeInstanceOf(NotFoundError);
    await expect(watch(fan, "tag", "!!!")).rejects.toBeInstanceOf(NotFoundError);
    expect(await watch(staff, "category", "staff-room")).toEqual({ watching: true });
  });

  it("has askers follow their own questions, and lets them stop", async () => {
    const q = await ask(asker, "headphones", "Zephyr case will not charge the left bud");
    expect((await followedScopes(asker.id)).questionIds).toContain(q.id);
    await unwatch(asker, "question", q.id);
    expect((await followedScopes(asker.id)).questionIds).not.toContain(q.id);
  });
});

describe("fan-out", () => {
  it("rings a question's followers once for another member's answer: not its author, not the asker twice", async () => {
    const q = await ask(asker, "headphones", "Zephyr firmware update stuck at ninety percent");
    await watch(fan, "question", q.id);
    await watch(answerer, "question", q.id);
    await runQueuedJobs("watchers.fanout");
    const answer = await postAnswer(answerer, q.id, { body: "Keep the case on the charger and retry from the app." });
    // Nothing until the job runs: the answer's request did not wait for the followers.
    expect(await notes(fan.id, "watched_answer")).toHaveLength(0);
    expect(await runQueuedJobs("watchers.fanout")).toBe(1);
    const fanNotes = await notes(fan.id, "watched_answer");
    expect(fanNotes).toHaveLength(1);
    expect(fanNotes[0]).toMatchObject({ questionId: q.id, answerId: answer.id, actorId: answerer.id });
    expect(await notes(answerer.id, "watched_answer")).toHaveLength(0);
    expect((await notes(asker.id, "answer")).filter((n) => n.answerId === answer.id)).toHaveLength(1);
    expect(await notes(asker.id, "watched_answer")).toHaveLength(0);
  });

  it("rings followers of a category or a tag once per new question, not the asker, not who ignores the asker", async () => {
    await watch(fan, "category", "speakers");
    await watch(fan, "tag", "bass");
    await watch(other, "tag", "bass");
    await watch(asker, "category", "speakers");
    await watch(answerer, "category", "speakers");
    await ignoreUser(answerer, asker.username);
    const q = await ask(asker, "speakers", "Pulse speaker crackles at high volume", ["bass", "crackle"]);
    await runQueuedJobs("watchers.fanout");
    const fanNotes = (await notes(fan.id, "watched_question")).filter((n) => n.questionId === q.id);
    expect(fanNotes).toHaveLength(1);
    expect(fanNotes[0].subject).toBe("Speakers");
    const otherNotes = (await notes(other.id, "watched_question")).filter((n) => n.questionId === q.id);
    expect(otherNotes.map((n) => n.subject)).toEqual(["#bass"]);
    expect(await notes(asker.id, "watched_question")).toHaveLength(0);
    expect(await notes(answerer.id, "watched_question")).toHaveLength(0);
  });

  it("tells followers of a tag nothing of a question in a category they may not read", async () => {
    await watch(fan, "tag", "roadmap");
    await watch(staff, "tag", "roadmap");
    const q = await ask(staff, "staff-room", "Roadmap review notes for the next quarter", ["roadmap"]);
    const lead = await member("fw_lead", "staff");
    await watch(lead, "tag", "roadmap");
    await runQueuedJobs("watchers.fanout");
    expect((await notes(fan.id, "watched_question")).filter((n) => n.questionId === q.id)).toHaveLength(0);
    expect((await notes(lead.id, "watched_question")).filter((n) => n.questionId === q.id)).toHaveLength(1);
  });

  it("writes many followers in batches, each once", async () => {
    const q = await ask(asker, "headphones", "Zephyr microphone sounds muffled on calls");
    const many = Array.from({ length: 1200 }, (_, i) => ({ id: newId(), email: `fw_many${i}@example.com`, username: `fw_many${i}`, passwordHash: "x" }));
    await db().insert(users).values(many);
    await db().insert(watches).values(many.map((u) => ({ userId: u.id, targetType: "question" as const, targetId: q.id })));
    await runQueuedJobs("watchers.fanout");
    await postAnswer(answerer, q.id, { body: "Clean the mesh with a dry brush, then reset the buds." });
    await runQueuedJobs("watchers.fanout");
    const rows = await db().select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.kind, "watched_answer"), eq(notifications.questionId, q.id)));
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(1200);
  });
});
