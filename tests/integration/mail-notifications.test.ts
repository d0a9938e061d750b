import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { mailMessages, notifications, questions, users } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { resetConfigForTests } from "~/config.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { postAnswer } from "~/domain/answers/answers.server";
import { createCategory } from "~/domain/categories/manage.server";
import { closeMailTransport } from "~/domain/mail/transport.server";
import { updateEmailPrefs } from "~/domain/notifications/preferences.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { nextDigestAt, sendDailyDigests } from "~/domain/mail-notifications/digest.server";
import { nextWeeklyDigestAt, sendWeeklyDigests } from "~/domain/mail-notifications/weekly-digest.server";
import { watch } from "~/domain/following/watch.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { loader as unsubscribeLoader, action as unsubscribeAction } from "~/routes/unsubscribe";
import { useTestDatabase } from "../support/db";
import { linkIn, startSmtpSink } from "../support/smtp-sink";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-mailnotify-"));
useTestDatabase({ DATA_DIR: dataDir });

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let staff: Actor;
let n = 0;

async function member(name: string, verified = true) {
  const user = await signup({ email: `${name}@example.com`, username: name, password: "a-long-password-1" });
  await db()
    .update(users)
    .set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: verified ? new Date() : null })
    .where(eq(users.id, user.id));
  return toActor(user);
}

async function askAndAnswer(asker: Actor, answerer: Actor, answer = "Hold the button for ten seconds until the light blinks, then pair again.") {
  n += 1;
  const { question } = await askQuestion(asker, { title: `Earbuds will not pair after update ${n}`, body: "They worked yesterday; after the update they never show up.", category: "audio" });
  const posted = await postAnswer(answerer, question.id, { body: answer });
  return { question, answer: posted };
}

// Notification mail only: sign-up also queues the account's own verification message.
const mailsOf = (userId: string) =>
  db()
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.userId, userId), ne(mailMessages.template, "verify_email")));

function pageRequest(url: URL, init: RequestInit = {}) {
  return { request: new Request(url, init), params: {}, context: {} } as unknown as Parameters<typeof unsubscribeLoader>[0];
}

beforeAll(async () => {
  sink = await startSmtpSink();
  resetConfigForTests({ NODE_ENV: "test", DATA_DIR: dataDir, SMTP_URL: sink.url, MAIL_INSTANT_DELAY_SECONDS: "0", PUBLIC_URL: "http://forum.test" });
  staff = await member("mn_staff");
  await db().update(users).set({ role: "staff" }).where(eq(users.id, staff.id));
  staff = { ...staff, role: "staff" };
  await createCategory(staff, { name: "Audio", slug: "audio" });
});

afterAll(async () => {
  closeMailTransport();
  await sink.close();
});

describe("instant notification mail", () => {
  it("sends the asker one message quoting the answer, linking to it, with one-click unsubscribe headers", async () => {
    const asker = await member("mn_asker");
    const { question, answer } = await askAndAnswer(asker, staff);
    await runQueuedJobs("mail.send");
    await sink.waitFor(1);
    const [mail] = sink.to("mn_asker@example.com");
    expect(mail.parsed.subject).toBe(`mn_staff answered your question: ${question.title}`);
    expect(mail.parsed.text).toContain("Hold the button for ten seconds");
    const link = linkIn(mail.parsed, "/q/");
    expect(link.origin).toBe("http://forum.test");
    expect(link.hash).toBe(`#answer-${answer.id}`);
    const header = (key: string) => mail.parsed.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, "");
    expect(header("list-unsubscribe")).toMatch(/^List-Unsubscribe: ?<http:\/\/forum\.test\/unsubscribe\?token=[^>]+>$/);
    expect(header("list-unsubscribe-post")).toMatch(/^List-Unsubscribe-Post: ?List-Unsubscribe=One-Click$/);
  });

  it("drops the message when the notification was read in the page before it left", async () => {
    const asker = await member("mn_reader");
    await askAndAnswer(asker, staff);
    await db().update(notifications).set({ readAt: new Date() }).where(eq(notifications.userId, asker.id));
    const before = sink.received.length;
    await runQueuedJobs("mail.send");
    const rows = await mailsOf(asker.id);
    expect(rows.map((r) => r.status)).toEqual(["skipped"]);
    expect(sink.received.length).toBe(before);
  });

  it("queues nothing for a kind turned off, nor for an address not yet confirmed", async () => {
    const quiet = await member("mn_quiet");
    await updateEmailPrefs(quiet, { answer: "off" });
    await askAndAnswer(quiet, staff);
    const unconfirmed = await member("mn_unconfirmed", false);
    await askAndAnswer(unconfirmed, staff);
    expect(await mailsOf(quiet.id)).toEqual([]);
    expect(await mailsOf(unconfirmed.id)).toEqual([]);
    // The bell still rings for both.
    expect((await db().select().from(notifications).where(eq(notifications.userId, quiet.id))).length).toBe(1);
  });

  it("unsubscribes its recipient from that kind by the mailed link, signed out, and refuses an altered link", async () => {
    const asker = await member("mn_leaver");
    await askAndAnswer(asker, staff);
    await runQueuedJobs("mail.send");
    await sink.waitFor(sink.received.length);
    const [mail] = sink.to("mn_leaver@example.com");
    const link = linkIn(mail.parsed, "/unsubscribe");
    const shown = await unsubscribeLoader(pageRequest(link));
    expect(await (shown as Response).json()).toMatchObject({ label: '"Answers to my questions"' });
    // Showing the page changes nothing: mail scanners open links.
    expect((await db().select({ prefs: users.emailPrefs }).from(users).where(eq(users.id, asker.id)))[0].prefs.answer ?? "instant").toBe("instant");

    const altered = new URL(link);
    altered.searchParams.set("token", link.searchParams.get("token")!.replace(asker.id, staff.id));
    await expect(unsubscribeAction(pageRequest(altered, { method: "POST" }))).rejects.toMatchObject({ status: 400 });

    const done = await unsubscribeAction(pageRequest(link, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) }));
    expect(await (done as Response).json()).toMatchObject({ done: true });
    const [row] = await db().select({ prefs: users.emailPrefs }).from(users).where(eq(users.id, asker.id));
    expect(row.prefs.answer).toBe("off");
    // Only its own member changed.
    const [other] = await db().select({ prefs: users.emailPrefs }).from(users).where(eq(users.id, staff.id));
    expect(other.prefs.answer ?? "instant").toBe("instant");
    await askAndAnswer(asker, staff);
    expect((await mailsOf(asker.id)).length).toBe(1);
  });

  it("gathers the kinds a member chose daily into one digest a day, and sends nothing instant for them", async () => {
    const daily = await member("mn_daily");
    await updateEmailPrefs(daily, { answer: "daily" });
    const first = await askAndAnswer(daily, staff);
    const second = await askAndAnswer(daily, staff);
    expect(await mailsOf(daily.id)).toEqual([]);
    expect(await sendDailyDigests(new Date())).toBe(1);
    // The same day again queues nothing more.
    expect(await sendDailyDigests(new Date())).toBe(0);
    await runQueuedJobs("mail.send");
    await sink.waitFor(sink.received.length);
    const mails = sink.to("mn_daily@example.com");
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe("Your daily digest: 2 updates");
    expect(mails[0].parsed.text).toContain(first.question.title);
    expect(mails[0].parsed.text).toContain(second.question.title);
    expect(linkIn(mails[0].parsed, "/unsubscribe").searchParams.get("token")).toContain("daily_digest");
  });
});

describe("the weekly digest", () => {
  it("names the week's top five questions in the categories and tags a member follows, only those they may read, once a week", async () => {
    const follower = await member("mn_weekly");
    const asker = await member("mn_weekly_asker");
    await watch(follower, "category", "audio");
    await watch(follower, "tag", "pairing");
    await createCategory(staff, { name: "Internal", slug: "internal", visibility: "staff" });
    const asked = [];
    for (let i = 0; i < 6; i++) {
      asked.push((await askQuestion(asker, { title: `Weekly candidate number ${i} crackles on calls`, body: "The left earbud crackles on every call since Monday.", category: "audio" })).question);
    }
    // Votes rank them above this file's other (answered, unvoted) audio questions; the fifth is the week's favourite.
    for (const [i, q] of asked.entries()) await db().update(questions).set({ score: i === 4 ? 9 : i + 1 }).where(eq(questions.id, q.id));
    const { question: secret } = await askQuestion(staff, { title: "Internal: pairing regression in build 4.2", body: "Staff only: the 4.2 build breaks pairing.", category: "internal", tags: ["pairing"] });
    const { question: ownTagged } = await askQuestion(follower, { title: "My own pairing question about the case lid", body: "Does the lid have to be open to pair?", category: "audio", tags: ["pairing"] });

    expect(await sendWeeklyDigests(new Date())).toBe(1);
    expect(await sendWeeklyDigests(new Date())).toBe(0);
    await runQueuedJobs("mail.send");
    await sink.waitFor(sink.received.length);
    const [mail] = sink.to("mn_weekly@example.com").filter((m) => m.parsed.subject?.startsWith("This week"));
    expect(mail.parsed.subject).toBe(`This week in what you follow: ${asked[4].title} and 4 more`);
    const text = mail.parsed.text ?? "";
    for (const i of [4, 5, 3, 2, 1]) expect(text).toContain(asked[i].title);
    expect(text).not.toContain(asked[0].title);
    expect(text).not.toContain(secret.title);
    expect(text).not.toContain(ownTagged.title);
    expect(text).toContain("9 votes");
    expect(linkIn(mail.parsed, "/unsubscribe").searchParams.get("token")).toContain("weekly_digest");
  });

  it("skips a member who turned it off", async () => {
    const off = await member("mn_weekly_off");
    await watch(off, "category", "audio");
    await updateEmailPrefs(off, {}, false);
    await sendWeeklyDigests(new Date(Date.now() + 60_000));
    expect((await mailsOf(off.id)).filter((m) => m.template === "digest_weekly")).toEqual([]);
  });
});

describe("the digest schedule", () => {
  it("falls at the next 07:00 UTC", () => {
    expect(nextDigestAt(new Date("2026-12-03T06:59:00Z")).toISOString()).toBe("2026-12-03T07:00:00.000Z");
    expect(nextDigestAt(new Date("2026-12-03T07:00:00Z")).toISOString()).toBe("2026-12-04T07:00:00.000Z");
  });

  it("falls on the next Monday at 07:00 UTC for the weekly digest", () => {
    expect(nextWeeklyDigestAt(new Date("2026-12-04T18:00:00Z")).toISOString()).toBe("2026-12-07T07:00:00.000Z");
    expect(nextWeeklyDigestAt(new Date("2026-12-07T06:59:00Z")).toISOString()).toBe("2026-12-07T07:00:00.000Z");
    expect(nextWeeklyDigestAt(new Date("2026-12-07T07:00:00Z")).toISOString()).toBe("2026-12-14T07:00:00.000Z");
  });
});
