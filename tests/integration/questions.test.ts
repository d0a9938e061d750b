import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { answers, categories, notifications, questions, users } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { deleteAnswer, editAnswer, postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { createCategory } from "~/domain/categories/manage.server";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { listNotifications, markRead } from "~/domain/notifications/notify.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { deleteQuestion, editQuestion, listRevisions } from "~/domain/questions/edit.server";
import { getQuestion } from "~/domain/questions/get.server";
import { listQuestions } from "~/domain/questions/list.server";
import { recordView } from "~/domain/questions/views.server";
import { castVote } from "~/domain/votes/votes.server";
import { rowsOf, useTestDatabase } from "../support/db";

useTestDatabase();

let asker: Actor, helper: Actor, other: Actor, staff: Actor;
const body = "My Nimbus Air Pro drop audio every few minutes on my laptop. What can I try?";

async function member(username: string, role: "customer" | "staff" = "customer", ageDays = 30) {
  const user = await signup({ email: `${username}@example.com`, username, password: "a-long-password-1" }, { role });
  await db().update(users).set({ createdAt: new Date(Date.now() - ageDays * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

async function ask(by: Actor, title = "Air Pro keeps disconnecting from my laptop", extra: Record<string, unknown> = {}) {
  return (await askQuestion(by, { title, body, category: "headphones", ...extra })).question;
}

beforeAll(async () => {
  staff = await member("qa_staff", "staff");
  asker = await member("qa_asker");
  helper = await member("qa_helper");
  other = await member("qa_other");
  await createCategory(staff, { name: "Headphones & Earbuds", slug: "headphones", description: "Air, Air Pro, Studio" });
  await createCategory(staff, { name: "Speakers", description: "Arc and Pulse" });
});

describe("categories", () => {
  it("are created by staff only, with a slug derived from the name when none is given", async () => {
    const [speakers] = await db().select().from(categories).where(eq(categories.name, "Speakers"));
    expect(speakers.slug).toBe("speakers");
    await expect(createCategory(asker, { name: "Nope" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createCategory(staff, { name: "Speakers 2", slug: "speakers" })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("asking", () => {
  it("stores the question with normalised tags, a first revision and sanitised HTML", async () => {
    const q = await ask(asker, "Air Pro keeps disconnecting from Windows", { tags: ["Air Pro", "#Bluetooth", "bluetooth"] });
    expect(q.tags).toEqual(["air-pro", "bluetooth"]);
    expect(q.html).toContain("<p>");
    expect(q.author.username).toBe("qa_asker");
    const revs = await listRevisions(asker, "question", q.id, q.id);
    expect(revs.map((r) => r.number)).toEqual([1]);
  });

  it("explains every problem and stores nothing", async () => {
    const before = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(questions);
    const err = await askQuestion(asker, { title: "short", body: "tiny", category: "nowhere", tags: ["a", "b", "c", "d", "e", "f"] }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.keys(err.fields).sort()).toEqual(["body", "tags", "title"]);
    const unknownCategory = await askQuestion(asker, { title: "A perfectly fine question title", body, category: "nowhere" }).catch((e) => e);
    expect(unknownCategory.fields).toEqual({ category: ["Choose one of the categories."] });
    const tooLong = await askQuestion(asker, { title: "x".repeat(151), body, category: "headphones" }).catch((e) => e);
    expect(tooLong.fields.title).toEqual(["Titles have at most 150 characters."]);
    const after = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(questions);
    expect(after[0].n).toBe(before[0].n);
  });

  it("needs an account", async () => {
    await expect(askQuestion(null, { title: "A perfectly fine question title", body, category: "headphones" })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("limits how fast a brand-new account can post", async () => {
    const newbie = await member("qa_newbie", "customer", 0);
    for (let i = 0; i < 5; i++) await ask(newbie, `New member question number ${i} about pairing`);
    await expect(ask(newbie, "One question too many from a new member")).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe("rendering posts", () => {
  it("removes scripts, event handlers, javascript: links and iframes, and marks links nofollow", async () => {
    const evil =
      'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) <iframe src="https://evil.example"></iframe> [ok](https://nimbus.example/help)\n\n```js\nconst a = "<b>";\n```';
    const q = await ask(asker, "Markdown with hostile HTML inside it", { body: evil });
    // What survives is text: no element or attribute that could run.
    expect(q.html).not.toMatch(/<script|<img[^>]*onerror|href="javascript:|<iframe/i);
    expect(q.html).toContain('href="https://nimbus.example/help"');
    expect(q.html).toContain('rel="nofollow ugc noopener"');
    expect(q.html).toContain("<pre><code");
    expect(q.body).toBe(evil.trim());
  });
});

describe("answering, voting and accepting", () => {
  it("runs the whole thread: answer, votes, accept, switch, un-accept", async () => {
    const q = await ask(asker, "Which ear tips seal best for running?");
    const a1 = await postAnswer(helper, q.id, { body: "Foam tips seal best and stay in while running." });
    const a2 = await postAnswer(other, q.id, { body: "Try the large silicone tips with the wings." });

    let page = await getQuestion(null, q.id);
    expect(page.question.answerCount).toBe(2);

    // one vote each, changeable, withdrawable
    expect((await castVote(asker, { target: "answer", id: a1.id, value: 1 })).score).toBe(1);
    expect((await castVote(other, { target: "answer", id: a1.id, value: 1 })).score).toBe(2);
    expect((await castVote(other, { target: "answer", id: a1.id, value: 1 })).score).toBe(2);
    // Downvoting is a privilege earned at 125 reputation.
    await expect(castVote(other, { target: "answer", id: a1.id, value: -1 })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await castVote({ ...other, reputation: 125 }, { target: "answer", id: a1.id, value: -1 })).score).toBe(0);
    expect((await castVote(other, { target: "answer", id: a1.id, value: 0 })).score).toBe(1);
    await expect(castVote(helper, { target: "answer", id: a1.id, value: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(castVote(asker, { target: "question", id: q.id, value: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(castVote(asker, { target: "answer", id: a1.id, value: 2 })).rejects.toBeInstanceOf(ValidationError);
    await expect(castVote(null, { target: "answer", id: a1.id, value: 1 })).rejects.toBeInstanceOf(UnauthenticatedError);

    // answers: by score then age
    page = await getQuestion(asker, q.id);
    expect(page.answers.map((a) => a.id)).toEqual([a1.id, a2.id]);
    expect(page.answers[0].myVote).toBe(1);

    // only the asker or staff accept
    await expect(setAccepted(other, a2.id, true)).rejects.toBeInstanceOf(ForbiddenError);
    page = await setAccepted(asker, a2.id, true);
    expect(page.question.solved).toBe(true);
    expect(page.question.acceptedAnswerId).toBe(a2.id);
    expect(page.question.status).toBe("solved");
    expect(page.answers[0].id).toBe(a2.id); // the solution comes first

    page = await setAccepted(staff, a1.id, true);
    expect(page.question.acceptedAnswerId).toBe(a1.id);
    await expect(setAccepted(asker, a2.id, false)).rejects.toBeInstanceOf(ConflictError);
    page = await setAccepted(asker, a1.id, false);
    expect(page.question.solved).toBe(false);
    expect(page.question.status).toBe("open");
  });

  it("keeps every score equal to the sum of its votes", async () => {
    const rows = await db().execute(sql`
      select a.id, a.score, coalesce((select sum(v.value) from votes v where v.target_type = 'answer' and v.target_id = a.id), 0)::int as sum from answers a
      union all
      select q.id, q.score, coalesce((select sum(v.value) from votes v where v.target_type = 'question' and v.target_id = q.id), 0)::int from questions q`);
    const list = rowsOf<{ id: string; score: number; sum: number }>(rows);
    expect(list.length).toBeGreaterThan(0);
    for (const r of list) expect(Number(r.score)).toBe(Number(r.sum));
  });
});

describe("editing and deleting", () => {
  it("keeps every revision and lets only the author or staff edit", async () => {
    const q = await ask(asker, "Firmware update stuck at ninety-nine percent");
    await expect(editQuestion(other, q.id, { title: "Hijacked title that is long enough" })).rejects.toBeInstanceOf(ForbiddenError);
    await editQuestion(asker, q.id, { body: `${body} Update: I am on iOS 18.` });
    await editQuestion(staff, q.id, { tags: "firmware ios" });
    const revs = await listRevisions(null, "question", q.id, q.id);
    expect(revs.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(revs[2].tags).toEqual(["firmware", "ios"]);
    expect(revs[1].body).toContain("iOS 18");
    await expect(editQuestion(asker, q.id, {})).rejects.toBeInstanceOf(ValidationError);

    const a = await postAnswer(helper, q.id, { body: "Close the case lid for thirty seconds and retry." });
    await expect(editAnswer(other, a.id, { body: "Vandalised answer text here" })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await editAnswer(helper, a.id, { body: "Close the case lid for 30 seconds, reopen and retry." })).edited).toBe(true);
  });

  it("soft-deletes: gone from lists and pages, still there for staff, and a deleted solution is no longer the solution", async () => {
    const q = await ask(asker, "Temporary question that will be deleted");
    const a = await postAnswer(helper, q.id, { body: "An answer that becomes the solution." });
    await setAccepted(asker, a.id, true);
    await expect(deleteAnswer(other, a.id)).rejects.toBeInstanceOf(ForbiddenError);
    await deleteAnswer(helper, a.id);
    let page = await getQuestion(asker, q.id);
    expect(page.question.solved).toBe(false);
    expect(page.answers).toHaveLength(0);
    expect(page.question.answerCount).toBe(0);

    await expect(deleteQuestion(other, q.id)).rejects.toBeInstanceOf(ForbiddenError);
    await deleteQuestion(asker, q.id);
    await expect(getQuestion(asker, q.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getQuestion(null, q.id)).rejects.toBeInstanceOf(NotFoundError);
    page = await getQuestion(staff, q.id);
    expect(page.question.deleted).toBe(true);
    const listed = await listQuestions(null, { limit: 100 });
    expect(listed.questions.map((x) => x.id)).not.toContain(q.id);
    await expect(postAnswer(helper, q.id, { body: "Answering a deleted question" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(castVote(helper, { target: "question", id: q.id, value: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("lists", () => {
  it("filter latest, unanswered, unsolved and solved, by category and tag, and page with a cursor without gaps or repeats", async () => {
    // A deterministic block of questions in another category.
    const [speakers] = await db().select().from(categories).where(eq(categories.slug, "speakers"));
    const base = Date.now() - 86400_000;
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = newId();
      ids.push(id);
      const at = new Date(base + (i % 5) * 1000); // many share a timestamp: the id breaks ties
      await db().insert(questions).values({ id, authorId: asker.id, categoryId: speakers.id, title: `Speaker question number ${i}`, body, html: "<p>x</p>", tags: i % 2 ? ["arc"] : ["pulse"], createdAt: at, lastActivityAt: at, answerCount: i % 3 === 0 ? 0 : 1, acceptedAnswerId: i % 4 === 0 ? "fake-accepted" : null });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listQuestions(null, { category: "speakers", limit: 7, cursor });
      seen.push(...page.questions.map((q) => q.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(new Set(seen)).toEqual(new Set(ids));

    const unanswered = await listQuestions(null, { category: "speakers", filter: "unanswered", limit: 100 });
    expect(unanswered.questions.every((q) => q.answerCount === 0)).toBe(true);
    expect(unanswered.questions).toHaveLength(9);
    const solved = await listQuestions(null, { category: "speakers", filter: "solved", limit: 100 });
    expect(solved.questions).toHaveLength(7);
    expect(solved.questions.every((q) => q.solved)).toBe(true);
    const unsolved = await listQuestions(null, { category: "speakers", filter: "unsolved", limit: 100 });
    expect(unsolved.questions).toHaveLength(18);
    const tagged = await listQuestions(null, { tag: "ARC", category: "speakers", limit: 100 });
    expect(tagged.questions).toHaveLength(12);

    await expect(listQuestions(null, { category: "nowhere" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listQuestions(null, { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(listQuestions(null, { cursor: "garbage" })).rejects.toBeInstanceOf(ValidationError);
    await db().delete(questions).where(eq(questions.categoryId, speakers.id));
  });
});

describe("notifications", () => {
  it("tell the asker about answers, the mentioned about mentions, the helper about acceptance", async () => {
    await markRead(asker);
    await markRead(helper);
    const q = await ask(asker, "Watch notifications missing on iPhone");
    const a = await postAnswer(helper, q.id, { body: "Check the WhatsApp setting; @qa_other had the same issue." });
    const forAsker = await listNotifications(asker);
    expect(forAsker.unread).toBe(1);
    expect(forAsker.notifications[0]).toMatchObject({ kind: "answer", read: false, actor: { username: "qa_helper" }, question: { id: q.id } });
    const forOther = await listNotifications(other);
    expect(forOther.notifications.some((n) => n.kind === "mention" && n.question?.id === q.id)).toBe(true);

    await setAccepted(asker, a.id, true);
    const forHelper = await listNotifications(helper);
    expect(forHelper.notifications[0]).toMatchObject({ kind: "accepted", answerId: a.id });

    expect(await markRead(asker)).toBe(1);
    expect((await listNotifications(asker)).unread).toBe(0);
    await expect(listNotifications(null)).rejects.toBeInstanceOf(UnauthenticatedError);
    const own = await db().select().from(notifications).where(eq(notifications.actorId, asker.id));
    expect(own.every((n) => n.userId !== asker.id)).toBe(true);
  });
});

describe("views", () => {
  it("count a person once a day", async () => {
    const q = await ask(asker, "Counting the views of this question");
    await recordView(q.id, "u:someone");
    await recordView(q.id, "u:someone");
    await recordView(q.id, "a:anonymous-fingerprint");
    const [row] = await db().select({ viewCount: questions.viewCount }).from(questions).where(eq(questions.id, q.id));
    expect(row.viewCount).toBe(2);
  });
});

describe("answers on missing questions", () => {
  it("are refused with 404", async () => {
    await expect(postAnswer(helper, "nope", { body: "Answer to nothing at all" })).rejects.toBeInstanceOf(NotFoundError);
    const [count] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(answers).where(eq(answers.questionId, "nope"));
    expect(count.n).toBe(0);
  });
});
