/**
 * Flags, the review queue and the spam rules, through the domain on real
 * PostgreSQL and a Meilisearch of the file's own: weights and the threshold,
 * hidden at once and out of lists, counts and search, an edit back to review,
 * keep restoring everywhere, a decision made once, the audit line.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { auditLog, notifications, questions, reviewItems, users } from "#db/schema";
import { applyIndexSettings, createSearchClient, useSearch } from "#search/client.server";
import { drainOnce } from "#search/drainer.server";
import { startEmbeddedMeili, type EmbeddedMeili } from "#search/embedded.server";
import { flagWeight, type Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { editAnswer, postAnswer } from "~/domain/answers/answers.server";
import { createCategory } from "~/domain/categories/manage.server";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/domain/errors";
import { flagPost } from "~/domain/moderation/flags.server";
import { resolveReview, reviewQueue } from "~/domain/moderation/review.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { editQuestion } from "~/domain/questions/edit.server";
import { getQuestion } from "~/domain/questions/get.server";
import { listQuestions } from "~/domain/questions/list.server";
import { searchContent } from "~/domain/search/search.server";
import { askTownhallQuestion, flagTownhallQuestion, listChat, listTownhallQuestions, postChat } from "~/domain/townhalls/questions.server";
import { scheduleTownhall, startTownhall } from "~/domain/townhalls/townhalls.server";
import { rowsOf, useTestDatabase } from "../support/db";

useTestDatabase();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "moderation-it-"));
const prefix = "mod_";
let meili: EmbeddedMeili;
let staff: Actor, advocate: Actor, asker: Actor, trusted: Actor;
const members: Actor[] = [];
let n = 0;

async function drainAll() {
  const client = createSearchClient(meili.host, meili.apiKey);
  for (;;) if ((await drainOnce(client, prefix)).claimed === 0) return;
}

async function member(name: string, opts: { role?: "staff" | "advocate"; ageDays?: number } = {}) {
  const user = await signup({ email: `${name}@example.com`, username: name, password: "a-long-password-1" }, opts.role ? { role: opts.role } : {});
  await db().update(users).set({ createdAt: new Date(Date.now() - (opts.ageDays ?? 30) * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

/** A question with some standing posts behind its asker, so the first-links rule leaves it alone. */
async function ask(title: string, body = "It happens every time I try, and a restart does not help at all.") {
  n += 1;
  return (await askQuestion(asker, { title: `${title} ${n}`, body, category: "gear" })).question;
}

const ids = async (actor: Actor | null) => (await listQuestions(actor, {})).questions.map((q) => q.id);

beforeAll(async () => {
  meili = await startEmbeddedMeili({ dataDir: dir });
  const client = createSearchClient(meili.host, meili.apiKey);
  useSearch({ client, prefix, host: meili.host, embedded: true, healthy: () => client.isHealthy(), stop: meili.stop });
  await applyIndexSettings(client, prefix);
  staff = await member("mod_staff", { role: "staff" });
  advocate = await member("mod_advocate", { role: "advocate" });
  asker = await member("mod_asker");
  trusted = await member("mod_trusted");
  await db().update(users).set({ reputation: 1500 }).where(eq(users.id, trusted.id));
  trusted = { ...trusted, reputation: 1500 };
  for (const name of ["mod_m1", "mod_m2", "mod_m3", "mod_m4"]) members.push(await member(name));
  await createCategory(staff, { name: "Gear", slug: "gear" });
});

afterAll(async () => {
  useSearch(undefined);
  await meili?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("flag weights", () => {
  it("weighs a member 1, a trusted member 2, an advocate or staff member enough to hide at once", () => {
    expect(flagWeight(members[0])).toBe(1);
    expect(flagWeight(trusted)).toBe(2);
    expect(flagWeight(advocate)).toBe(3);
    expect(flagWeight(staff)).toBe(3);
    expect(flagWeight(null)).toBe(0);
  });
});

describe("flagging a question", () => {
  it("hides it at the third member's flag: out of lists, search and the page for others, there for its author and staff", async () => {
    const q = await ask("Volume buttons stopped working on the Arc remote");
    await drainAll();
    expect((await searchContent(null, { q: "volume buttons arc remote" })).hits.map((h) => h.id)).toContain(q.id);

    const first = await flagPost(members[0], { target: "question", id: q.id, reason: "spam" });
    expect(first).toMatchObject({ flag: { target: "question", postId: q.id, reason: "spam" }, hidden: false });
    await flagPost(members[1], { target: "question", id: q.id, reason: "off_topic" });
    expect(await ids(null)).toContain(q.id);
    const third = await flagPost(members[2], { target: "question", id: q.id, reason: "spam" });
    expect(third.hidden).toBe(true);

    expect(await ids(null)).not.toContain(q.id);
    expect(await ids(members[3])).not.toContain(q.id);
    await expect(getQuestion(null, q.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getQuestion(members[3], q.id)).rejects.toBeInstanceOf(NotFoundError);
    const own = await getQuestion(asker, q.id);
    expect(own.question.hidden).toBe(true);
    expect(own.question.hiddenNote?.explanation).toContain("spam");
    expect((await getQuestion(staff, q.id)).question.hidden).toBe(true);
    await drainAll();
    expect((await searchContent(null, { q: "volume buttons arc remote" })).hits.map((h) => h.id)).not.toContain(q.id);

    // The author heard why.
    const bell = await db().select().from(notifications).where(eq(notifications.userId, asker.id));
    expect(bell.some((b) => b.kind === "post_hidden" && b.questionId === q.id)).toBe(true);

    // The queue shows one item with the flags summed up.
    const queue = await reviewQueue(staff, {});
    const item = queue.items.find((i) => i.target.id === q.id);
    expect(item).toMatchObject({ target: { type: "question", id: q.id }, flagCount: 3, weight: 3, source: "flags", status: "pending" });
    expect(item?.reasons.sort()).toEqual(["off_topic", "spam"]);

    // Kept: back everywhere, search included, and the flaggers hear it.
    await resolveReview(staff, item!.id, { action: "keep" });
    expect(await ids(null)).toContain(q.id);
    expect((await getQuestion(null, q.id)).question.hidden).toBe(false);
    await drainAll();
    expect((await searchContent(null, { q: "volume buttons arc remote" })).hits.map((h) => h.id)).toContain(q.id);
    const told = await db().select().from(notifications).where(eq(notifications.kind, "flag_resolved"));
    expect(told.filter((t) => t.questionId === q.id).map((t) => t.userId).sort()).toEqual([members[0].id, members[1].id, members[2].id].sort());
    expect((await reviewQueue(staff, {})).items.map((i) => i.target.id)).not.toContain(q.id);

    // The audit log keeps the decision.
    const [line] = await db().select().from(auditLog).where(eq(auditLog.targetId, q.id));
    expect(line).toMatchObject({ action: "review.kept", actorName: "mod_staff", targetType: "question" });
  });

  it("hides at once on one advocate's flag, and a trusted member's two count double", async () => {
    const q = await ask("Charging case lid is loose");
    expect((await flagPost(advocate, { target: "question", id: q.id, reason: "abusive" })).hidden).toBe(true);
    const q2 = await ask("Charging case hinge squeaks");
    expect((await flagPost(trusted, { target: "question", id: q2.id, reason: "spam" })).hidden).toBe(false);
    expect((await flagPost(members[0], { target: "question", id: q2.id, reason: "spam" })).hidden).toBe(true);
  });

  it("refuses a second flag from one member (409), one's own post (403), a missing post (404) and a bare 'other' (400)", async () => {
    const q = await ask("Microphone picks up keyboard noise");
    await flagPost(members[0], { target: "question", id: q.id, reason: "needs_staff" });
    await expect(flagPost(members[0], { target: "question", id: q.id, reason: "spam" })).rejects.toBeInstanceOf(ConflictError);
    await expect(flagPost(asker, { target: "question", id: q.id, reason: "spam" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(flagPost(members[1], { target: "question", id: "nope", reason: "spam" })).rejects.toBeInstanceOf(NotFoundError);
    const bare = await flagPost(members[1], { target: "question", id: q.id, reason: "other" }).catch((e: unknown) => e);
    expect(bare).toBeInstanceOf(ValidationError);
    expect((bare as ValidationError).fields).toEqual({ note: ["Say what is wrong with it."] });
    await expect(flagPost(null, { target: "question", id: q.id, reason: "spam" })).rejects.toMatchObject({ status: 401 });
  });
});

describe("a hidden answer", () => {
  it("leaves the count, comes back to review when its author edits it, and a decision is made once", async () => {
    const q = await ask("Left earbud will not pair");
    const a = await postAnswer(members[3], q.id, { body: "Reset both earbuds in the case for fifteen seconds, then pair again." });
    expect((await getQuestion(null, q.id)).question.answerCount).toBe(1);
    await flagPost(staff, { target: "answer", id: a.id, reason: "abusive" });
    const publicView = await getQuestion(null, q.id);
    expect(publicView.answers.map((x) => x.id)).not.toContain(a.id);
    expect(publicView.question.answerCount).toBe(0);
    const item = (await reviewQueue(staff, {})).items.find((i) => i.target.id === a.id)!;
    await resolveReview(staff, item.id, { action: "hide" });
    await expect(resolveReview(staff, item.id, { action: "keep" })).rejects.toBeInstanceOf(ConflictError);
    expect((await reviewQueue(staff, {})).items.map((i) => i.target.id)).not.toContain(a.id);

    // Its author sees it, with why, and fixes it: back in the queue, still hidden.
    const authorView = await getQuestion(members[3], q.id);
    expect(authorView.answers.find((x) => x.id === a.id)?.hiddenNote?.explanation).toContain("moderator hid it");
    await editAnswer(members[3], a.id, { body: "Put both earbuds in the case, hold the button for fifteen seconds, then pair again." });
    const again = (await reviewQueue(staff, {})).items.find((i) => i.target.id === a.id);
    expect(again).toMatchObject({ source: "edited", status: "pending" });
    expect((await getQuestion(null, q.id)).answers.map((x) => x.id)).not.toContain(a.id);
    await resolveReview(staff, again!.id, { action: "keep" });
    const back = await getQuestion(null, q.id);
    expect(back.answers.map((x) => x.id)).toContain(a.id);
    expect(back.question.answerCount).toBe(1);
  });

  it("is not for members to decide: the queue and decisions are staff's", async () => {
    await expect(reviewQueue(members[0], {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reviewQueue(null, {})).rejects.toMatchObject({ status: 401 });
    const [item] = await db().select().from(reviewItems).limit(1);
    await expect(resolveReview(advocate, item.id, { action: "keep" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resolveReview(staff, item.id, { action: "burn" })).rejects.toBeInstanceOf(ValidationError);
    await expect(resolveReview(staff, "nope", { action: "keep" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("spam rules", () => {
  it("holds a new account's first post with a link, and keeping it publishes it", async () => {
    const fresh = await member("mod_fresh", { ageDays: 0 });
    const { question } = await askQuestion(fresh, { title: "Best deal on replacement ear tips", body: "Found them cheap at https://tips-deals.example/cheap-tips today.", category: "gear" });
    expect(question.hidden).toBe(true);
    expect(question.hiddenNote?.explanation).toContain("new member");
    expect(await ids(null)).not.toContain(question.id);
    const item = (await reviewQueue(staff, {})).items.find((i) => i.target.id === question.id);
    expect(item).toMatchObject({ source: "spam_rule", rule: "first_links", flagCount: 0 });
    // No link, no hold.
    const plain = await askQuestion(fresh, { title: "Do the ear tips come in small", body: "My ears are small and the medium ones fall out.", category: "gear" });
    expect(plain.question.hidden).toBe(false);
    await resolveReview(staff, item!.id, { action: "keep" });
    expect(await ids(null)).toContain(question.id);
    // Kept from a hold is a first publication: the question opens its support case then.
    const [row] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from support_cases where question_id = ${question.id}`));
    expect(Number(row.n)).toBe(1);
  });

  it("holds a repeat of a post removed as spam, from anyone but staff and advocates", async () => {
    const spammer = await member("mod_spammer", { ageDays: 0 });
    const text = { title: "Cheap watches for sale", body: "Luxury watches at low prices, message me to order yours now." };
    const { question } = await askQuestion(spammer, { ...text, category: "gear" });
    expect(question.hidden).toBe(false);
    await flagPost(staff, { target: "question", id: question.id, reason: "spam" });
    const item = (await reviewQueue(staff, {})).items.find((i) => i.target.id === question.id)!;
    await resolveReview(staff, item.id, { action: "delete" });
    expect((await db().select({ deletedAt: questions.deletedAt }).from(questions).where(eq(questions.id, question.id)))[0].deletedAt).not.toBeNull();

    const copy = await askQuestion(members[3], { title: "CHEAP watches, for sale!", body: text.body, category: "gear" });
    expect(copy.question.hidden).toBe(true);
    expect((await reviewQueue(staff, {})).items.find((i) => i.target.id === copy.question.id)?.rule).toBe("repeat_spam");
    const [line] = await db().select().from(auditLog).where(eq(auditLog.targetId, question.id));
    expect(line).toMatchObject({ action: "review.deleted" });
  });

  it("leaves members with standing posts free to link", async () => {
    const q = await ask("Firmware notes", "The notes at https://support.example/firmware/2.1 say pairing changed.");
    expect(q.hiddenNote).toBeNull();
    expect(q.hidden).toBe(false);
  });
});

describe("editing while hidden", () => {
  it("lets the author edit a hidden question, which goes back to review", async () => {
    const q = await ask("Ear cushions peel after a month");
    await flagPost(advocate, { target: "question", id: q.id, reason: "off_topic" });
    const item = (await reviewQueue(staff, {})).items.find((i) => i.target.id === q.id)!;
    await resolveReview(staff, item.id, { action: "hide" });
    await editQuestion(asker, q.id, { body: "The ear cushions on my Nimbus Pro peel after a month of daily use. Is this covered?" });
    expect((await reviewQueue(staff, {})).items.find((i) => i.target.id === q.id)).toMatchObject({ source: "edited" });
  });
});

describe("town-hall flags", () => {
  it("join the same review queue, and staff hiding one there hides it in the town hall", async () => {
    const t = await scheduleTownhall(staff, { title: "Moderation town hall", description: "Questions about the review queue.", startsAt: new Date(Date.now() + 3_600_000).toISOString(), moderated: false });
    await startTownhall(staff, t.id);
    const q = await askTownhallQuestion(members[3], t.id, { body: "Buy cheap followers at my site, best prices in town!" });
    await flagTownhallQuestion(members[0], t.id, q.id);
    await flagTownhallQuestion(members[0], t.id, q.id);
    const item = (await reviewQueue(staff, {})).items.find((i) => i.target.id === q.id);
    expect(item).toMatchObject({ target: { type: "townhall_question", id: q.id }, flagCount: 1, source: "flags" });
    await resolveReview(staff, item!.id, { action: "hide" });
    const visible = await listTownhallQuestions(null, t.id);
    expect(visible.map((x) => x.id)).not.toContain(q.id);

    // A chat message: one advocate's flag takes it out of the chat; staff keeping it puts it back.
    const message = await postChat(members[3], t.id, { body: "Everyone here is an idiot." });
    expect((await flagPost(advocate, { target: "chat_message", id: message.id, reason: "abusive" })).hidden).toBe(true);
    expect((await listChat(t.id)).map((m) => m.id)).not.toContain(message.id);
    const chatItem = (await reviewQueue(staff, {})).items.find((i) => i.target.id === message.id);
    expect(chatItem).toMatchObject({ target: { type: "chat_message" }, flagCount: 1 });
    await expect(flagPost(members[3], { target: "chat_message", id: message.id, reason: "abusive" })).rejects.toBeInstanceOf(ForbiddenError);
    await resolveReview(staff, chatItem!.id, { action: "keep" });
    expect((await listChat(t.id)).map((m) => m.id)).toContain(message.id);
  });
});
