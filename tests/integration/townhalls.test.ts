import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { townhallQuestions, townhallVotes, users } from "#db/schema";
import { buildQuestionDocuments } from "#search/indexes/questions.server";
import type { Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { createCategory } from "~/domain/categories/manage.server";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "~/domain/errors";
import { townhallFeed, townhallIcs } from "~/domain/townhalls/calendar.server";
import {
  askTownhallQuestion,
  convertToForumQuestion,
  flagTownhallQuestion,
  listTownhallQuestions,
  moderateTownhallQuestion,
  postChat,
  voteTownhallQuestion,
} from "~/domain/townhalls/questions.server";
import { streamEmbed } from "~/domain/townhalls/stream";
import { endTownhall, listTownhalls, rsvp, scheduleTownhall, setChat, startTownhall, townhallDetails } from "~/domain/townhalls/townhalls.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

let n = 0;
async function member(prefix: string, role: "customer" | "staff" | "advocate" = "customer") {
  n += 1;
  const user = await signup({ email: `${prefix}${n}@example.com`, username: `${prefix}${n}`, password: "a-long-password-1" }, { role });
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
let host: Actor, cohost: Actor, alice: Actor, bob: Actor;

beforeAll(async () => {
  host = await member("th_host", "staff");
  cohost = await member("th_cohost", "advocate");
  alice = await member("th_alice");
  bob = await member("th_bob");
  await createCategory(host, { name: "Smart Home", slug: "smart-home" });
});

async function schedule(extra: Record<string, unknown> = {}) {
  return scheduleTownhall(host, { title: "Hub 5.0 launch Q&A", description: "Ask the Hub team anything about the 5.0 release.", startsAt: inAnHour(), cohosts: cohost.username, ...extra });
}

describe("scheduling", () => {
  it("is for staff, checks its input, and embeds only streams it can rebuild safely", async () => {
    await expect(scheduleTownhall(alice, { title: "Mine", description: "Not allowed here at all", startsAt: inAnHour() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(scheduleTownhall(host, { title: "x", description: "short", startsAt: "yesterday", streamUrl: "javascript:alert(1)" })).rejects.toMatchObject({
      fields: { title: expect.any(Array), description: expect.any(Array), startsAt: expect.any(Array), streamUrl: expect.any(Array) },
    });
    await expect(scheduleTownhall(host, { title: "Co-host typo", description: "A co-host who does not exist", startsAt: inAnHour(), cohosts: "nobody_here" })).rejects.toBeInstanceOf(ValidationError);
    const t = await schedule({ streamUrl: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" });
    expect(t).toMatchObject({ state: "scheduled", moderated: true, stream: { kind: "youtube", src: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" } });
    expect(streamEmbed("https://vimeo.com/123456789")).toEqual({ kind: "vimeo", src: "https://player.vimeo.com/video/123456789" });
    expect(streamEmbed("https://cdn.example.com/live/index.m3u8")?.kind).toBe("hls");
    expect(streamEmbed("https://evil.example.com/embed")).toBeNull();
    expect((await listTownhalls()).upcoming.map((x) => x.id)).toContain(t.id);
  });

  it("offers an .ics file and a feed, and takes RSVPs", async () => {
    const t = await schedule();
    const ics = await townhallIcs(t.id, "https://community.example");
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain("SUMMARY:Hub 5.0 launch Q&A");
    expect(ics).toContain(`https://community.example/townhalls/${t.id}`);
    expect(await townhallFeed("https://community.example")).toContain(`UID:townhall-${t.id}@nimbus-community`);
    await rsvp(alice, t.id, true);
    expect((await townhallDetails(alice, t.id)).townhall).toMatchObject({ attending: true, attendees: 1 });
    await rsvp(alice, t.id, false);
    expect((await townhallDetails(alice, t.id)).townhall.attending).toBe(false);
    await expect(rsvp(null, t.id, true)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe("questions, moderation and votes", () => {
  it("keeps a moderated question to the hosts and its author until approved", async () => {
    const t = await schedule();
    // Collected in advance while it is still scheduled.
    const q = await askTownhallQuestion(alice, t.id, { body: "Will the Hub 5.0 support Matter over Thread?" });
    expect(q.status).toBe("pending");
    expect((await listTownhallQuestions(bob, t.id)).map((x) => x.id)).not.toContain(q.id);
    expect((await listTownhallQuestions(null, t.id)).map((x) => x.id)).not.toContain(q.id);
    expect((await listTownhallQuestions(alice, t.id)).map((x) => x.id)).toContain(q.id);
    expect((await listTownhallQuestions(cohost, t.id)).map((x) => x.id)).toContain(q.id);
    await expect(voteTownhallQuestion(bob, t.id, q.id, { value: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(moderateTownhallQuestion(bob, t.id, q.id, { action: "approve" })).rejects.toBeInstanceOf(ForbiddenError);

    await moderateTownhallQuestion(cohost, t.id, q.id, { action: "approve" });
    expect((await listTownhallQuestions(bob, t.id)).map((x) => x.id)).toContain(q.id);
  });

  it("counts one upvote per attendee, never on your own question", async () => {
    const t = await schedule({ moderated: false });
    const q = await askTownhallQuestion(alice, t.id, { body: "Can I keep my automations when I upgrade?" });
    expect(q.status).toBe("approved");
    expect((await voteTownhallQuestion(bob, t.id, q.id, { value: 1 })).votes).toBe(1);
    expect((await voteTownhallQuestion(bob, t.id, q.id, { value: 1 })).votes).toBe(1);
    expect((await voteTownhallQuestion(host, t.id, q.id, { value: 1 })).votes).toBe(2);
    expect((await voteTownhallQuestion(bob, t.id, q.id, { value: 0 })).votes).toBe(1);
    await expect(voteTownhallQuestion(alice, t.id, q.id, { value: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(voteTownhallQuestion(bob, t.id, q.id, { value: 5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(askTownhallQuestion(bob, t.id, { body: "" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps the count equal to the vote rows when many vote and unvote at once, its version rising with each", async () => {
    const t = await schedule({ moderated: false });
    const q = await askTownhallQuestion(alice, t.id, { body: "Will the Hub keep working offline during the upgrade?" });
    const voters = await Promise.all(Array.from({ length: 12 }, () => member("th_crowd")));
    // Everyone votes at once, half of them twice, then a third take theirs back at once.
    await Promise.all([...voters, ...voters.slice(0, 6)].map((v) => voteTownhallQuestion(v, t.id, q.id, { value: 1 })));
    await Promise.all(voters.slice(0, 4).map((v) => voteTownhallQuestion(v, t.id, q.id, { value: 0 })));
    const [row] = await db().select().from(townhallQuestions).where(eq(townhallQuestions.id, q.id));
    const rows = await db().select().from(townhallVotes).where(eq(townhallVotes.questionId, q.id));
    expect(rows).toHaveLength(8);
    expect(row.votes).toBe(8);
    expect(row.votesVersion).toBe(12 + 6 + 4);
    expect((await voteTownhallQuestion(bob, t.id, q.id, { value: 1 })).votes).toBe(9);
  });

  it("goes scheduled, live, ended: answering now, a written answer, then the archive and search", async () => {
    const t = await schedule({ moderated: false });
    const q1 = await askTownhallQuestion(alice, t.id, { body: "When does 5.0 reach the older Hub Mini?" });
    const q2 = await askTownhallQuestion(bob, t.id, { body: "Is there a beta programme for 5.0?" });
    await expect(moderateTownhallQuestion(host, t.id, q1.id, { action: "answering" })).rejects.toBeInstanceOf(ConflictError);
    await expect(startTownhall(alice, t.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await startTownhall(cohost, t.id)).state).toBe("live");
    await expect(startTownhall(host, t.id)).rejects.toBeInstanceOf(ConflictError);

    await moderateTownhallQuestion(host, t.id, q1.id, { action: "answering" });
    expect((await townhallDetails(null, t.id)).townhall.answeringQuestionId).toBe(q1.id);
    await expect(moderateTownhallQuestion(host, t.id, q1.id, { action: "answered" })).rejects.toBeInstanceOf(ValidationError);
    await moderateTownhallQuestion(host, t.id, q1.id, { action: "answered", answer: "The Hub Mini gets 5.0 in **March**, after the main Hub." });
    const [answered] = (await listTownhallQuestions(null, t.id)).filter((x) => x.id === q1.id);
    expect(answered).toMatchObject({ status: "answered", answer: "The Hub Mini gets 5.0 in **March**, after the main Hub." });
    expect(answered.answerHtml).toContain("<strong>March</strong>");
    expect((await townhallDetails(null, t.id)).townhall.answeringQuestionId).toBeNull();

    // Chat: rate-limited, and the hosts can turn it off.
    expect((await postChat(bob, t.id, { body: "Hello from Lisbon" })).body).toBe("Hello from Lisbon");
    await setChat(host, t.id, false);
    await expect(postChat(bob, t.id, { body: "still there?" })).rejects.toBeInstanceOf(ForbiddenError);

    expect((await endTownhall(host, t.id)).state).toBe("ended");
    await expect(askTownhallQuestion(bob, t.id, { body: "One more thing please" })).rejects.toBeInstanceOf(ConflictError);

    // The answered question is a search document of type "townhall"; the unanswered one is not.
    const docs = await buildQuestionDocuments([`th_${q1.id}`, `th_${q2.id}`]);
    expect(docs.upserts).toEqual([expect.objectContaining({ id: `th_${q1.id}`, type: "townhall", solved: true, url: `/townhalls/${t.id}#q-${q1.id}` })]);
    expect(docs.deletes).toEqual([`th_${q2.id}`]);

    // The unanswered one moves to the forum with one click, by its author, linking back.
    await expect(convertToForumQuestion(host, t.id, q2.id, { category: "nope" })).rejects.toBeInstanceOf(ValidationError);
    const moved = await convertToForumQuestion(host, t.id, q2.id, { category: "smart-home" });
    expect(moved.url).toBe(`/q/${moved.questionId}`);
    await expect(convertToForumQuestion(host, t.id, q2.id, { category: "smart-home" })).rejects.toBeInstanceOf(ConflictError);
    const after = (await listTownhallQuestions(null, t.id)).find((x) => x.id === q2.id);
    expect(after?.forumQuestionUrl).toBe(moved.url);
  });

  it("hides flagged questions for review and merges duplicates, their votes with them", async () => {
    const t = await schedule({ moderated: false });
    const original = await askTownhallQuestion(alice, t.id, { body: "Will there be a dark mode in the app?" });
    const dup = await askTownhallQuestion(bob, t.id, { body: "Dark mode for the Nimbus app, any news?" });
    await voteTownhallQuestion(alice, t.id, dup.id, { value: 1 });
    await voteTownhallQuestion(host, t.id, dup.id, { value: 1 });
    await moderateTownhallQuestion(host, t.id, dup.id, { action: "merge", into: original.id });
    const list = await listTownhallQuestions(null, t.id);
    expect(list.map((x) => x.id)).toEqual([original.id]);
    expect(list[0].votes).toBe(1); // alice's own vote cannot count on her question; the host's moves over

    const rude = await askTownhallQuestion(bob, t.id, { body: "Something rude that people will flag" });
    for (const who of [alice, await member("flagger"), await member("flagger")]) await flagTownhallQuestion(who, t.id, rude.id);
    expect((await listTownhallQuestions(null, t.id)).map((x) => x.id)).not.toContain(rude.id);
    expect((await listTownhallQuestions(host, t.id)).find((x) => x.id === rude.id)?.status).toBe("pending");
  });
});
