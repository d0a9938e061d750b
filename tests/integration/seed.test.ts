/**
 * The demo seed, run against the test database: it writes through the
 * domain's commands, so what it leaves must hold every rule the product
 * keeps (badges by their rules, caches equal to the ledger and the rows),
 * and look like the living community README promises.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { demoState, seedCommunity, type SeedSummary } from "#db/seed-community";
import { demoAdvocates, demoQuestions } from "#db/seed-data";
import { findUserByUsername, toActor } from "~/domain/accounts/users.server";
import { badgeStats } from "~/domain/badges/check.server";
import { badges } from "~/domain/badges/definitions";
import { getStaffQueue } from "~/domain/escalation/queue.server";
import { getLeaderboard } from "~/domain/reputation/leaderboard.server";
import { getReputationHistory } from "~/domain/reputation/history.server";
import { listTownhallQuestions } from "~/domain/townhalls/questions.server";
import { listTownhalls } from "~/domain/townhalls/townhalls.server";
import { rowsOf, useTestDatabase } from "../support/db";

useTestDatabase();

const DAY = 86_400_000;
const present = new Date();
let summary: SeedSummary;

async function rows<T>(query: ReturnType<typeof sql>) {
  return rowsOf<T>(await db().execute(query));
}

async function as(username: string) {
  const user = await findUserByUsername(username);
  if (!user) throw new Error(`no ${username}`);
  return toActor(user);
}

beforeAll(async () => {
  expect(await demoState()).toBe("absent");
  summary = await seedCommunity({ present });
}, 600_000);

describe("the demo seed", () => {
  it("is there, whole, afterwards", async () => {
    expect(await demoState()).toBe("complete");
  });

  it("makes what README.md says it makes", () => {
    const readme = fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../README.md"), "utf8");
    const line = /npm run seed\s+#\s*(\d+) members, (\d+) categories, (\d+) questions, (\d+) answers, (\d+) votes/.exec(readme);
    expect(line, "README's `npm run seed` line").not.toBeNull();
    const [, members, categories, questions, answers, votes] = line!.map(Number);
    expect({ members: summary.members, categories: summary.categories, questions: summary.questions, answers: summary.answers, votes: summary.votes }).toEqual({ members, categories, questions, answers, votes });
    expect(summary.questions).toBe(demoQuestions.length);
  });

  it("awards exactly the badges the rules award", async () => {
    const users = await rows<{ id: string; username: string }>(sql`select id, username from users`);
    const held = await rows<{ user_id: string; slug: string }>(sql`select user_id, slug from user_badges`);
    const mismatches: string[] = [];
    for (const u of users) {
      const stats = await badgeStats(u.id, new Set());
      const due = badges.filter((b) => b.earned(stats!)).map((b) => b.slug).sort();
      const has = held.filter((h) => h.user_id === u.id).map((h) => h.slug).sort();
      if (due.join() !== has.join()) mismatches.push(`${u.username}: rules say [${due}], holds [${has}]`);
    }
    expect(mismatches).toEqual([]);
    expect(summary.badges).toBe(held.length);
    expect(held.length).toBeGreaterThan(50);
  });

  it("keeps every cached reputation total equal to the ledger", async () => {
    const cache = await rows(sql`
      select u.username, u.reputation, coalesce(sum(e.points), 0)::int as ledger
      from users u left join reputation_events e on e.user_id = u.id
      group by u.id having u.reputation <> coalesce(sum(e.points), 0)`);
    expect(cache).toEqual([]);
    // The leaderboards' sums, per period bucket and category, are the ledger regrouped.
    const buckets = await rows(sql`
      with ledger as (
        select e.user_id, p.period, p.start, c.category_id, sum(e.points)::int as points
        from reputation_events e
        left join reputation_events original on original.id = e.reverses_id
        cross join lateral (values
          ('week', (date_trunc('week', coalesce(original.created_at, e.created_at) at time zone 'utc'))::date),
          ('month', (date_trunc('month', coalesce(original.created_at, e.created_at) at time zone 'utc'))::date),
          ('all', date '1970-01-01')) as p(period, start)
        cross join lateral (select '' as category_id union all select e.category_id where e.category_id is not null) as c
        group by 1, 2, 3, 4)
      select * from ledger l full join reputation_totals t
        on t.user_id = l.user_id and t.period = l.period and t.period_start = l.start and t.category_id = l.category_id
      where coalesce(l.points, 0) <> coalesce(t.points, 0)`);
    expect(buckets).toEqual([]);
    // Real members do not vote in rings: nothing the seed did was reversed.
    expect(await rows(sql`select id from reputation_events where kind = 'reversal'`)).toEqual([]);
  });

  it("gives every post the score its votes add up to, and every question the answers it has", async () => {
    const scores = await rows(sql`
      select 'question' as kind, q.id, q.score, coalesce(sum(v.value), 0)::int as votes from questions q
        left join votes v on v.target_type = 'question' and v.target_id = q.id group by q.id having q.score <> coalesce(sum(v.value), 0)
      union all
      select 'answer', a.id, a.score, coalesce(sum(v.value), 0)::int from answers a
        left join votes v on v.target_type = 'answer' and v.target_id = a.id group by a.id having a.score <> coalesce(sum(v.value), 0)`);
    expect(scores).toEqual([]);
    const counts = await rows(sql`
      select q.id, q.answer_count, count(a.id)::int as answers from questions q
        left join answers a on a.question_id = q.id and a.deleted_at is null group by q.id having q.answer_count <> count(a.id)`);
    expect(counts).toEqual([]);
    const townhallVotes = await rows(sql`
      select q.id from townhall_questions q left join townhall_votes v on v.question_id = q.id
      group by q.id having q.votes <> count(v.user_id)`);
    expect(townhallVotes).toEqual([]);
  });

  it("dates everything in the past it describes, weeks of it, answers after their questions", async () => {
    const [span] = await rows<{ oldest: Date; newest: Date }>(sql`select min(created_at) as oldest, max(created_at) as newest from questions`);
    expect(present.getTime() - new Date(span.oldest).getTime()).toBeGreaterThan(40 * DAY);
    // Anything stamped by the wall clock instead of the seed's would come after `present`.
    const late = await rows(sql`
      select 'answer' as what, created_at from answers where created_at > ${present.toISOString()}::timestamptz
      union all select 'vote', created_at from votes where created_at > ${present.toISOString()}::timestamptz
      union all select 'reputation', created_at from reputation_events where created_at > ${present.toISOString()}::timestamptz
      union all select 'badge', awarded_at from user_badges where awarded_at > ${present.toISOString()}::timestamptz
      union all select 'notification', created_at from notifications where created_at > ${present.toISOString()}::timestamptz
      union all select 'case event', created_at from case_events where created_at > ${present.toISOString()}::timestamptz
      union all select 'user', created_at from users where created_at > ${present.toISOString()}::timestamptz`);
    expect(late).toEqual([]);
    const early = await rows(sql`select a.id from answers a join questions q on q.id = a.question_id where a.created_at <= q.created_at`);
    expect(early).toEqual([]);
    const solved = await rows<{ n: number }>(sql`select count(*)::int as n from questions where status = 'solved'`);
    expect(Number(solved[0].n)).toBeGreaterThan(15);
  });

  it("leaves a staff queue with breached, assigned and private cases", async () => {
    const queue = await getStaffQueue(await as("leo_support"), {});
    expect(queue.items.some((i) => i.breached)).toBe(true);
    expect(queue.items.filter((i) => i.assignee).map((i) => i.assignee!.username).sort()).toEqual(["leo_support", "priya_support"]);
    expect(summary.cases.private).toBe(1);
    expect(queue.items.some((i) => i.state === "waiting_on_customer")).toBe(true);
    const [notes] = await rows<{ n: number }>(sql`select count(*)::int as n from staff_notes`);
    expect(Number(notes.n)).toBe(2);
    const replies = await rows<{ title: string; approved: boolean; use_count: number }>(sql`select title, approved_at is not null as approved, use_count from saved_replies order by title`);
    expect(replies.filter((r) => r.approved)).toHaveLength(3);
    expect(replies.reduce((n, r) => n + Number(r.use_count), 0)).toBe(1);
  });

  it("holds two town halls: one coming up with questions asked ahead, one archived with answers", async () => {
    const { upcoming, past } = await listTownhalls();
    expect(upcoming).toHaveLength(1);
    expect(past).toHaveLength(1);
    const host = await as("priya_support");
    const ahead = await listTownhallQuestions(host, upcoming[0].id);
    expect(ahead.map((q) => q.status).sort()).toEqual(["approved", "approved", "pending"]);
    const archived = await listTownhallQuestions(null, past[0].id);
    expect(archived.filter((q) => q.status === "answered")).toHaveLength(3);
  });

  it("has its advocates, its leaderboards and its members' history", async () => {
    const advocates = await rows<{ username: string }>(sql`select username from users where role = 'advocate' order by username`);
    expect(advocates.map((a) => a.username)).toEqual([...demoAdvocates].sort());
    const nominated = await rows<{ username: string }>(sql`select u.username from advocate_nominations n join users u on u.id = n.user_id where n.decision is null`);
    expect(nominated.map((n) => n.username)).toEqual(["frank_m"]);
    for (const period of ["week", "month", "all"] as const) {
      const board = await getLeaderboard(null, { period });
      expect(board.entries.length, period).toBeGreaterThan(0);
    }
    const all = await getLeaderboard(null, { period: "all" });
    expect(all.entries[0].username).toBe("audio_amir");
    const history = await getReputationHistory(null, "audio_amir", {});
    expect(history.events.length).toBeGreaterThan(0);
    const [oldest] = await rows<{ at: Date }>(sql`select min(e.created_at) as at from reputation_events e join users u on u.id = e.user_id where u.username = 'audio_amir'`);
    expect(present.getTime() - new Date(oldest.at).getTime()).toBeGreaterThan(300 * DAY);
  });
});
