import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { notifications, reputationEvents, userBadges, users } from "#db/schema";
import type { Actor } from "~/auth/policies";
import { signup } from "~/domain/accounts/signup.server";
import { getProfile, toActor } from "~/domain/accounts/users.server";
import { dismissNomination, listAdvocateProgramme, promoteAdvocate, revokeAdvocate } from "~/domain/advocates/nominations.server";
import { deleteAnswer, postAnswer, setAccepted } from "~/domain/answers/answers.server";
import { checkBadges } from "~/domain/badges/check.server";
import { getBadge, listBadges } from "~/domain/badges/list.server";
import { createCategory } from "~/domain/categories/manage.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/domain/errors";
import { askQuestion } from "~/domain/questions/ask.server";
import { deleteQuestion } from "~/domain/questions/edit.server";
import { getReputationHistory } from "~/domain/reputation/history.server";
import { record } from "~/domain/reputation/ledger.server";
import { transact } from "~/domain/events/transact.server";
import { getLeaderboard } from "~/domain/reputation/leaderboard.server";
import { castVote } from "~/domain/votes/votes.server";
import { runQueuedJobs } from "~/jobs/worker.server";
import { rowsOf, useTestDatabase } from "../support/db";

useTestDatabase();

let n = 0;
async function member(prefix: string, role: "customer" | "staff" | "advocate" = "customer") {
  n += 1;
  const user = await signup({ email: `${prefix}${n}@example.com`, username: `${prefix}${n}`, password: "a-long-password-1" }, { role });
  // Old enough that the new-member posting limits stay out of the way.
  await db().update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return toActor(user);
}

/** A fresh actor, with the reputation the database holds now (as a new request would see it). */
async function fresh(actor: Actor): Promise<Actor> {
  const [row] = await db().select().from(users).where(eq(users.id, actor.id));
  return toActor(row);
}

async function reputation(actor: Actor) {
  return (await fresh(actor)).reputation;
}

async function ledgerSum(userId: string) {
  const [row] = await db()
    .select({ n: sql<number>`coalesce(sum(${reputationEvents.points}), 0)`.mapWith(Number) })
    .from(reputationEvents)
    .where(eq(reputationEvents.userId, userId));
  return row.n;
}

/** Every member's cached total equals the sum of their ledger. */
async function cacheMatchesLedger() {
  const rows = rowsOf<{ id: string; cached: number; ledger: number }>(
    await db().execute(sql`
      select u.id, u.reputation as cached, coalesce(sum(e.points), 0)::int as ledger
      from users u left join reputation_events e on e.user_id = u.id
      group by u.id having u.reputation <> coalesce(sum(e.points), 0)`),
  );
  return rows;
}

async function ask(by: Actor, title = "My Arc speaker will not pair with my phone at all") {
  return (await askQuestion(by, { title, body: "It shows up in the list but pairing fails every time I try it.", category: "speakers" })).question;
}

async function answer(by: Actor, questionId: string) {
  return postAnswer(by, questionId, { body: "Hold the power button for ten seconds to reset pairing, then try again." });
}

let staff: Actor;

beforeAll(async () => {
  staff = await member("rep_staff", "staff");
  await createCategory(staff, { name: "Speakers", slug: "speakers" });
  await createCategory(staff, { name: "Headphones", slug: "headphones" });
});

describe("reputation from votes", () => {
  it("pays 10 for an upvoted answer and 5 for an upvoted question, and takes it back when the vote is withdrawn", async () => {
    const asker = await member("asker");
    const helper = await member("helper");
    const voter = await member("voter");
    const q = await ask(asker);
    const a = await answer(helper, q.id);

    await castVote(voter, { target: "answer", id: a.id, value: 1 });
    await castVote(voter, { target: "question", id: q.id, value: 1 });
    expect(await reputation(helper)).toBe(10);
    expect(await reputation(asker)).toBe(5);

    await castVote(voter, { target: "answer", id: a.id, value: 0 });
    expect(await reputation(helper)).toBe(0);
    const history = await getReputationHistory(null, helper.username, {});
    expect(history.events.map((e) => e.kind).sort()).toEqual(["answer_upvoted", "first_response", "reversal"]);
    expect(history.events.find((e) => e.kind === "reversal")).toMatchObject({ points: -10, reverses: "answer_upvoted", reason: "vote withdrawn" });
    expect(await cacheMatchesLedger()).toEqual([]);
  });

  it("lets only members with 125 reputation downvote; a downvote costs the author 2 and the voter 1 on answers", async () => {
    const author = await member("author");
    const newcomer = await member("newcomer");
    const q = await ask(await member("asker"));
    const a = await answer(author, q.id);
    await expect(castVote(newcomer, { target: "answer", id: a.id, value: -1 })).rejects.toBeInstanceOf(ForbiddenError);

    await castVote(staff, { target: "answer", id: a.id, value: -1 });
    expect(await reputation(author)).toBe(-2);
    expect(await reputation(staff)).toBe(-1);
    // Changing the downvote to an upvote reverses both and pays the upvote.
    await castVote(staff, { target: "answer", id: a.id, value: 1 });
    expect(await reputation(author)).toBe(10);
    expect(await reputation(staff)).toBe(0);
    expect(await cacheMatchesLedger()).toEqual([]);
  });

  it("caps upvote points at 200 a day", async () => {
    const star = await member("star");
    const q = await ask(await member("asker"));
    const answersByStar = [];
    for (let i = 0; i < 22; i++) answersByStar.push(await answer(star, q.id));
    for (const a of answersByStar) await castVote(await member("fan"), { target: "answer", id: a.id, value: 1 });
    expect(await reputation(star)).toBe(200);
    expect(await ledgerSum(star.id)).toBe(200);
  });

  it("reverses a day's votes between two accounts once they pass 5", async () => {
    const ringLeader = await member("ring");
    const sock = await member("sock");
    const q = await ask(await member("asker"));
    const posts = [];
    for (let i = 0; i < 6; i++) posts.push(await answer(ringLeader, q.id));
    for (const a of posts.slice(0, 5)) await castVote(sock, { target: "answer", id: a.id, value: 1 });
    expect(await reputation(ringLeader)).toBe(50);
    await castVote(sock, { target: "answer", id: posts[5].id, value: 1 });
    expect(await reputation(ringLeader)).toBe(0);
    const history = await getReputationHistory(null, ringLeader.username, { limit: 100 });
    expect(history.events.filter((e) => e.reason === "voting ring")).toHaveLength(6);
    expect(await cacheMatchesLedger()).toEqual([]);
  });
});

describe("reputation from solutions", () => {
  it("pays the answerer 15 and the asker 2, moves with the solution, and pays nothing for your own answer", async () => {
    const asker = await member("asker");
    const first = await member("first");
    const second = await member("second");
    const q = await ask(asker);
    const a1 = await answer(first, q.id);
    const a2 = await answer(second, q.id);
    const own = await answer(asker, q.id);

    await setAccepted(asker, a1.id, true);
    expect([await reputation(first), await reputation(asker)]).toEqual([15, 2]);
    await setAccepted(asker, a2.id, true);
    expect([await reputation(first), await reputation(second), await reputation(asker)]).toEqual([0, 15, 2]);
    await setAccepted(asker, a2.id, false);
    expect([await reputation(second), await reputation(asker)]).toEqual([0, 0]);
    await setAccepted(asker, own.id, true);
    expect(await reputation(asker)).toBe(0);
    // Staff marking on the asker's behalf pays the answerer, not staff or the asker.
    await setAccepted(staff, a1.id, true);
    expect([await reputation(first), await reputation(asker)]).toEqual([15, 0]);
    expect(await cacheMatchesLedger()).toEqual([]);
  });

  it("takes back everything a deleted answer earned, and a deleted question's own votes and the asker's bonus", async () => {
    const asker = await member("asker");
    const helper = await member("helper");
    const q = await ask(asker);
    const a = await answer(helper, q.id);
    await castVote(await member("voter"), { target: "answer", id: a.id, value: 1 });
    await castVote(await member("voter"), { target: "question", id: q.id, value: 1 });
    await setAccepted(asker, a.id, true);
    expect([await reputation(helper), await reputation(asker)]).toEqual([25, 7]);

    await deleteQuestion(asker, q.id);
    expect([await reputation(helper), await reputation(asker)]).toEqual([25, 0]);
    await deleteAnswer(helper, a.id);
    expect(await reputation(helper)).toBe(0);
    expect(await cacheMatchesLedger()).toEqual([]);
  });

  it("keeps the ledger append-only: the database refuses to edit or delete an event", async () => {
    const [event] = await db().select().from(reputationEvents).limit(1);
    await expect(db().update(reputationEvents).set({ points: 1000 }).where(eq(reputationEvents.id, event.id))).rejects.toThrow();
    await expect(db().delete(reputationEvents).where(eq(reputationEvents.id, event.id))).rejects.toThrow();
  });
});

describe("badges", () => {
  it("are awarded by the job after the events that earn them, notify the member, and never twice", async () => {
    const asker = await member("asker");
    const helper = await member("helper");
    const q = await ask(asker);
    const a = await answer(helper, q.id);
    await setAccepted(asker, a.id, true);
    await runQueuedJobs("badges.check");

    const profile = await getProfile(null, helper.username);
    const slugs = profile.badges.map((b) => b.slug);
    expect(slugs).toEqual(expect.arrayContaining(["helper", "problem-solver", "quick-responder"]));
    expect((await getProfile(null, asker.username)).badges.map((b) => b.slug)).toContain("curious");

    const note = await db().select().from(notifications).where(eq(notifications.userId, helper.id));
    expect(note.filter((x) => x.kind === "badge").map((x) => x.subject)).toEqual(expect.arrayContaining(["helper", "problem-solver"]));

    // Checking again awards nothing new.
    expect(await checkBadges([helper.id])).toEqual([]);
    const held = await db().select().from(userBadges).where(eq(userBadges.userId, helper.id));
    expect(held).toHaveLength(new Set(held.map((h) => h.slug)).size);

    const holders = await getBadge("problem-solver");
    expect(holders.holders.map((h) => h.user.username)).toContain(helper.username);
    const all = await listBadges();
    expect(all.badges.length).toBeGreaterThanOrEqual(12);
    expect(new Set(all.badges.map((b) => b.tier))).toEqual(new Set(["bronze", "silver", "gold"]));
  });

  it("rewards breadth: answers in 5 categories earn Well-Rounded", async () => {
    const wide = await member("wide");
    for (const slug of ["cat-a", "cat-b", "cat-c", "cat-d"]) await createCategory(staff, { name: `Category ${slug}`, slug });
    for (const category of ["speakers", "cat-a", "cat-b", "cat-c", "cat-d"]) {
      const { question } = await askQuestion(await member("asker"), { title: `Question about ${category} that needs help`, body: "Details of the problem go here, please help.", category });
      await answer(wide, question.id);
    }
    expect((await checkBadges([wide.id])).map((x) => x.slug)).toContain("well-rounded");
  });
});

describe("leaderboards", () => {
  it("rank community members by points, solutions and speed, overall and per category, without staff", async () => {
    const top = await member("top");
    const second = await member("second");
    const q = await ask(await member("asker"));
    const h = (await askQuestion(await member("asker"), { title: "Headphones crackle when I use the noise cancelling", body: "Static sound in both ears since the update.", category: "headphones" })).question;
    const a1 = await answer(top, q.id);
    const a2 = await answer(second, h.id);
    const a3 = await answer(staff, h.id);
    for (let i = 0; i < 3; i++) await castVote(await member("voter"), { target: "answer", id: a1.id, value: 1 });
    await castVote(await member("voter"), { target: "answer", id: a2.id, value: 1 });
    for (let i = 0; i < 5; i++) await castVote(await member("voter"), { target: "answer", id: a3.id, value: 1 });

    for (const period of ["week", "month", "all"] as const) {
      const board = await getLeaderboard(null, { period });
      const names = board.entries.map((e) => e.username);
      expect(names.indexOf(top.username)).toBeLessThan(names.indexOf(second.username));
      expect(names).not.toContain(staff.username);
    }
    const headphones = await getLeaderboard(null, { period: "week", category: "headphones" });
    expect(headphones.entries.map((e) => e.username)).toContain(second.username);
    expect(headphones.entries.map((e) => e.username)).not.toContain(top.username);
    const ranked = (await getLeaderboard(null, { period: "all" })).entries;
    expect(ranked.map((e) => e.rank)).toEqual(ranked.map((_, i) => i + 1));
    expect(ranked.map((e) => e.points)).toEqual([...ranked.map((e) => e.points)].sort((x, y) => y - x));
    await expect(getLeaderboard(null, { period: "year" })).rejects.toMatchObject({ fields: { period: expect.any(Array) } });
  });
});

describe("the advocate programme", () => {
  it("nominates a customer who crosses the threshold once, and lets staff promote, revoke or dismiss", async () => {
    const expert = await member("expert");
    const customer = await member("customer");
    // 5 solutions today (75 points)...
    for (let i = 0; i < 5; i++) {
      const asker = await member("asker");
      const a = await answer(expert, (await ask(asker)).id);
      await setAccepted(asker, a.id, true);
    }
    expect(await reputation(expert)).toBe(75);
    await runQueuedJobs("badges.check");
    expect((await listAdvocateProgramme(staff)).nominations.map((x) => x.user.username)).not.toContain(expert.username);
    // ...and upvotes earned over the past weeks (the daily cap keeps a single day under 200).
    await transact((tx, events) =>
      record(
        tx,
        events,
        Array.from({ length: 45 }, (_, i) => ({
          userId: expert.id,
          kind: "answer_upvoted" as const,
          points: 10,
          sourceKey: `vote:answer:history-${i}:someone`,
          at: new Date(Date.now() - (i + 1) * 86400_000),
        })),
      ),
    );
    expect(await reputation(expert)).toBe(525);
    await runQueuedJobs("badges.check");

    await expect(listAdvocateProgramme(customer)).rejects.toBeInstanceOf(ForbiddenError);
    const programme = await listAdvocateProgramme(staff);
    expect(programme.nominations.map((x) => x.user.username)).toContain(expert.username);
    await expect(promoteAdvocate(customer, expert.username)).rejects.toBeInstanceOf(ForbiddenError);

    expect((await promoteAdvocate(staff, expert.username)).role).toBe("advocate");
    await expect(promoteAdvocate(staff, expert.username)).rejects.toBeInstanceOf(ConflictError);
    const after = await listAdvocateProgramme(staff);
    expect(after.nominations.map((x) => x.user.username)).not.toContain(expert.username);
    expect(after.advocates.map((x) => x.user.username)).toContain(expert.username);
    expect((await revokeAdvocate(staff, expert.username)).role).toBe("customer");
    await expect(revokeAdvocate(staff, staff.username)).rejects.toBeInstanceOf(ConflictError);
    await expect(dismissNomination(staff, customer.username)).rejects.toThrow(/no pending nomination/);
  });
});

describe("the ledger under any sequence of actions", () => {
  it("keeps every cached total equal to its ledger and never awards a badge twice", async () => {
    // Enough reputation to skip the posting limits and to downvote: the property is about the ledger, not the limits.
    const trusted = async (prefix: string) => ({ ...(await member(prefix)), reputation: 500 });
    const asker = await trusted("prop_asker");
    const authors = [await trusted("prop_a"), await trusted("prop_b")];
    const voters = [await member("prop_v"), await member("prop_w"), await trusted("prop_x"), await trusted("prop_y"), await member("prop_z")];

    const action = fc.oneof(
      fc.record({ type: fc.constant("vote" as const), voter: fc.nat(4), post: fc.nat(2), value: fc.constantFrom(-1, 0, 1) }),
      fc.record({ type: fc.constant("voteQuestion" as const), voter: fc.nat(4), value: fc.constantFrom(0, 1) }),
      fc.record({ type: fc.constant("accept" as const), post: fc.nat(2), accept: fc.boolean() }),
      fc.record({ type: fc.constant("delete" as const), post: fc.nat(2) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
        const q = await ask(asker, "A question the property test votes on a lot");
        const posts = [await answer(authors[0], q.id), await answer(authors[1], q.id), await answer(authors[0], q.id)];
        for (const act of actions) {
          try {
            if (act.type === "vote") await castVote(voters[act.voter], { target: "answer", id: posts[act.post].id, value: act.value });
            else if (act.type === "voteQuestion") await castVote(voters[act.voter], { target: "question", id: q.id, value: act.value });
            else if (act.type === "accept") await setAccepted(asker, posts[act.post].id, act.accept);
            else await deleteAnswer(staff, posts[act.post].id);
          } catch (err) {
            // Refusals (a deleted post, a downvote without the privilege, unaccepting what is not accepted) change nothing.
            if (!(err instanceof ForbiddenError || err instanceof ConflictError || err instanceof NotFoundError)) throw err;
          }
        }
        await runQueuedJobs("badges.check");
        expect(await cacheMatchesLedger()).toEqual([]);
        const dupes = rowsOf(await db().execute(sql`select user_id, subject from notifications where kind = 'badge' group by 1, 2 having count(*) > 1`));
        expect(dupes).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
