/**
 * Reputation under load: leaderboards and profiles through the real server,
 * then the cost of one vote (its ledger, cache and badge work) in-process.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench_rep \
 *     node --import tsx tests/bench/reputation.ts [--duration 10] [--connections 1,10] [--warmup 2]
 *       [--votes 300] [--vote-warmup 10] [--history-page 50] [--no-build] [--no-load] [--no-votes]
 *
 * Needs a database filled by tests/bench/generate-reputation.ts. Builds the
 * app, starts `node build/server.js` (production mode, bundled Meilisearch
 * unless MEILI_HOST is set) on 127.0.0.1, drives the read endpoints with
 * autocannon at each connection count, stops the server, then casts votes
 * in this process with the app's own castVote and runs the badge job each
 * vote queued, timing both. The server is stopped first so its job worker
 * cannot take the badge jobs this process times.
 *
 * It writes: the votes it casts (one per voter, on answers nobody of them
 * voted on before), their ledger events, totals and badge checks, and the
 * voters' rate-limit counters. Voters are customers who never voted, so
 * repeated runs keep measuring first votes.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type autocannon from "autocannon";
import postgres from "postgres";
import {
  buildApp,
  flag,
  hasFlag,
  intFlag,
  machineDescription,
  memoryOf,
  percentile,
  postgresOptions,
  requireLocalDatabaseUrl,
  runLoad,
  startAppServer,
  stopProcess,
} from "./shared";

const databaseUrl = requireLocalDatabaseUrl();
const duration = intFlag("duration", 10);
const warmup = intFlag("warmup", 2, 0);
const voteCount = intFlag("votes", 300);
const voteWarmup = intFlag("vote-warmup", 10, 0);
const historyPage = intFlag("history-page", 50, 0);
const connectionLevels = (flag("connections") ?? "1,10").split(",").map((s) => Number(s.trim()));
if (!connectionLevels.length || connectionLevels.some((c) => !Number.isInteger(c) || c < 1)) {
  console.error(`--connections takes one or more integers >= 1, comma-separated (got ${JSON.stringify(flag("connections"))}).`);
  process.exit(2);
}
const runHttp = !hasFlag("no-load");
const runVotes = !hasFlag("no-votes");

/** The targets. */
const READ_P99_MS = 50;
const VOTE_P99_MS = 30;

const fmt = (v: number, digits = 1) =>
  Number.isFinite(v) ? v.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
const n = (v: number) => v.toLocaleString("en");
const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${fmt(kb / 1024, 0)} MB`);

// ---------------------------------------------------------------- the server

let serverChild: ChildProcess | undefined;
let serverDataDir: string | undefined;

async function stopServer() {
  const child = serverChild;
  serverChild = undefined;
  await stopProcess(child);
  if (serverDataDir) fs.rmSync(serverDataDir, { recursive: true, force: true });
  serverDataDir = undefined;
}

// ---------------------------------------------------------------- what the data holds

interface Member {
  username: string;
  reputation: number;
  events: number;
}

interface Volume {
  users: number;
  events: number;
  totals: number;
  questions: number;
  answers: number;
  heavy: Member;
  typical: Member;
  category: string;
}

async function readVolume(sql: postgres.Sql): Promise<Volume> {
  const [counts] = await sql<{ users: number; events: number; totals: number; questions: number; answers: number }[]>`
    select (select count(*) from users)::int as users, (select count(*) from reputation_events)::int as events,
           (select count(*) from reputation_totals)::int as totals, (select count(*) from questions where deleted_at is null)::int as questions,
           (select count(*) from answers where deleted_at is null)::int as answers`;
  if (!counts.events) throw new Error("The ledger is empty: fill the database with tests/bench/generate-reputation.ts first.");
  // The member with the longest history: the profile and history endpoints' worst case.
  const [heavy] = await sql<Member[]>`
    select u.username, u.reputation, e.events from users u
    join (select user_id, count(*)::int as events from reputation_events group by user_id order by count(*) desc limit 1) e on e.user_id = u.id`;
  // The median of those who have any reputation.
  const [typical] = await sql<Member[]>`
    with earners as (select id, username, reputation, row_number() over (order by reputation, id) as i, count(*) over () as total from users where reputation > 0)
    select username, reputation, (select count(*) from reputation_events e where e.user_id = earners.id)::int as events
    from earners where i = (total + 1) / 2`;
  const [category] = await sql<{ slug: string }[]>`
    select c.slug from categories c
    join reputation_totals t on t.category_id = c.id and t.period = 'all' and t.period_start = '1970-01-01'
    group by c.slug order by count(*) desc, c.slug limit 1`;
  return { ...counts, heavy, typical: typical ?? heavy, category: category?.slug ?? "headphones" };
}

// ---------------------------------------------------------------- HTTP scenarios

interface Scenario {
  name: string;
  path: string;
  /** Checks the body of the preflight response; a message when it is not what the contract says. */
  check?: (body: unknown) => string | undefined;
}

interface Row {
  name: string;
  connections?: number;
  rps?: number;
  p50?: number;
  p99?: number;
  non2xx?: number;
  errors?: number;
  note?: string;
}

const api = { accept: "application/json" };

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: api });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** One request first: a route not written yet (the API's catch-all 404) is reported as skipped, not measured. */
async function preflight(base: string, s: Scenario): Promise<string | undefined> {
  const { status, body } = await getJson(base + s.path);
  if (status === 404) {
    const message = (body as { error?: { message?: string } })?.error?.message ?? "";
    return /no such api endpoint/i.test(message) ? "skipped: 404, route not there yet" : `skipped: 404 (${message || "not found"})`;
  }
  if (status !== 200) return `skipped: preflight got ${status}`;
  return s.check?.(body);
}

const hasEntries = (body: unknown) => {
  const entries = (body as { entries?: unknown[] })?.entries;
  return Array.isArray(entries) && entries.length ? undefined : "skipped: no `entries` in the answer";
};
const hasUser = (reputation: number) => (body: unknown) => {
  const user = (body as { user?: { reputation?: number } })?.user;
  if (!user) return "skipped: no `user` in the answer";
  return user.reputation === reputation ? undefined : `skipped: reputation ${user.reputation}, the database says ${reputation}`;
};
const hasEvents = (body: unknown) =>
  Array.isArray((body as { events?: unknown[] })?.events) ? undefined : "skipped: no `events` in the answer";

/** Follows nextCursor to the given page of a member's history, so one row measures a deep keyset page. */
async function deepHistoryPath(base: string, username: string, page: number): Promise<string | undefined> {
  let cursor: string | null | undefined;
  const root = `/api/v1/users/${encodeURIComponent(username)}/reputation`;
  for (let i = 1; i < page; i++) {
    const { status, body } = await getJson(base + root + (cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""));
    if (status !== 200) return undefined;
    cursor = (body as { nextCursor?: string | null }).nextCursor;
    if (!cursor) return undefined;
  }
  return cursor ? `${root}?cursor=${encodeURIComponent(cursor)}` : undefined;
}

async function measure(base: string, s: Scenario, connections: number): Promise<Row> {
  const problem = await preflight(base, s);
  if (problem) return { name: s.name, connections, note: problem };
  const request: autocannon.Request = { method: "GET", path: s.path, headers: api };
  return { name: s.name, connections, ...(await runLoad(base, request, { connections, duration, warmup })) };
}

async function httpLoad(volume: Volume) {
  if (!hasFlag("no-build")) buildApp();
  serverDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-rep-data-"));
  const running = await startAppServer({
    databaseUrl,
    dataDir: serverDataDir,
    logName: "forum-bench-rep-server",
    onSpawn: (child) => (serverChild = child),
  });
  const { base, child } = running;
  const pid = child.pid ?? 0;
  console.log(`Server ${base} (pid ${pid}), log ${running.logFile}`);

  const heavy = encodeURIComponent(volume.heavy.username);
  const typical = encodeURIComponent(volume.typical.username);
  const scenarios: Scenario[] = [
    { name: "(a) GET /api/v1/leaderboard?period=week", path: "/api/v1/leaderboard?period=week", check: hasEntries },
    { name: "(b) GET /api/v1/leaderboard?period=month", path: "/api/v1/leaderboard?period=month", check: hasEntries },
    { name: "(c) GET /api/v1/leaderboard?period=all", path: "/api/v1/leaderboard?period=all", check: hasEntries },
    {
      name: `(d) GET /api/v1/leaderboard?period=all&category=${volume.category}`,
      path: `/api/v1/leaderboard?period=all&category=${encodeURIComponent(volume.category)}`,
      check: hasEntries,
    },
    {
      name: `(e) GET /api/v1/users/:username, heavy member (${n(volume.heavy.events)} events)`,
      path: `/api/v1/users/${heavy}`,
      check: hasUser(volume.heavy.reputation),
    },
    {
      name: `(f) GET /api/v1/users/:username, typical member (${n(volume.typical.events)} events)`,
      path: `/api/v1/users/${typical}`,
      check: hasUser(volume.typical.reputation),
    },
    { name: "(g) GET /api/v1/users/:username/reputation, heavy member", path: `/api/v1/users/${heavy}/reputation`, check: hasEvents },
    { name: "(h) GET /api/v1/users/:username/reputation, typical member", path: `/api/v1/users/${typical}/reputation`, check: hasEvents },
  ];
  if (historyPage > 1) {
    const deep = await deepHistoryPath(base, volume.heavy.username, historyPage);
    const name = `(i) GET /api/v1/users/:username/reputation?cursor=, heavy member, page ${historyPage}`;
    scenarios.push(deep ? { name, path: deep, check: hasEvents } : { name, path: `/api/v1/users/${heavy}/reputation?cursor=none-yet` });
    if (!deep)
      console.log(`  (no cursor to page ${historyPage} of ${volume.heavy.username}'s history: the row reports what the endpoint answers)`);
  }

  const loadBefore = os.loadavg()[0];
  const memBefore = memoryOf(pid);
  const rows: Row[] = [];
  for (const connections of connectionLevels) {
    for (const s of scenarios) {
      process.stdout.write(`  ${s.name}, ${connections} conn … `);
      const row = await measure(base, s, connections);
      console.log(row.note ?? `${fmt(row.rps ?? 0)} req/s, p99 ${fmt(row.p99 ?? 0)} ms`);
      rows.push(row);
    }
  }
  const memAfter = memoryOf(pid);
  const loadAfter = os.loadavg()[0];
  await stopServer();
  return { rows, loadBefore, loadAfter, memBefore, memAfter, logFile: running.logFile };
}

// ---------------------------------------------------------------- one vote, in-process

interface VoteFigures {
  votes: number[];
  badges: number[];
  whole: number[];
  jobsRun: number;
  failures: string[];
  touched: number;
  cacheMismatches: number;
  totalsMismatches: number;
  badgesAwarded: number;
  nominations: number;
  authorsWithManyAnswers: number;
}

async function voteWork(): Promise<VoteFigures> {
  // Imported here, so the HTTP part runs even while domain code is being changed.
  const { openDatabase, useDatabase } = await import("../../db/client.server");
  const { startJobs, stopJobs } = await import("../../app/jobs/boss.server");
  const { runQueuedJobs } = await import("../../app/jobs/worker.server");
  const { castVote } = await import("../../app/domain/votes/votes.server");
  const { toActor } = await import("../../app/domain/accounts/users.server");

  const handle = await openDatabase({ databaseUrl, dataDir: "" });
  useDatabase(handle);
  const sql = postgres(databaseUrl, { ...postgresOptions, max: 1 });
  try {
    await startJobs(handle);
    // Whatever an earlier run or the server left queued is not this run's work.
    await runQueuedJobs("badges.check");

    const total = voteWarmup + voteCount;
    // Distinct answers, chosen uniformly (so busy answerers come up as often as they answer).
    const answers = await sql<{ id: string; author_id: string; author_answers: number }[]>`
      select a.id, a.author_id, (select count(*) from answers x where x.author_id = a.author_id)::int as author_answers
      from answers a join questions q on q.id = a.question_id
      where a.deleted_at is null and q.deleted_at is null
      order by random() limit ${total}`;
    // Distinct voters who never voted (no vote rows, no vote counters), none of them an author of the chosen answers.
    const voters = await sql<{ id: string; username: string; role: "customer"; reputation: number }[]>`
      select u.id, u.username, u.role, u.reputation from users u
      where u.role = 'customer'
        and not exists (select 1 from votes v where v.user_id = u.id)
        and not exists (select 1 from rate_limits r where r.key in ('vote:' || u.id, 'vote-day:' || u.id))
        and u.id <> all(${sql.array(answers.map((a) => a.author_id))}::text[])
      order by random() limit ${total}`;
    if (answers.length < total || voters.length < total)
      throw new Error(`Not enough answers (${answers.length}) or fresh voters (${voters.length}) for ${total} votes.`);

    const startedAt = new Date();
    const figures: VoteFigures = {
      votes: [],
      badges: [],
      whole: [],
      jobsRun: 0,
      failures: [],
      touched: 0,
      cacheMismatches: 0,
      totalsMismatches: 0,
      badgesAwarded: 0,
      nominations: 0,
      authorsWithManyAnswers: answers.slice(voteWarmup).filter((a) => a.author_answers >= 50).length,
    };
    for (let i = 0; i < total; i++) {
      const actor = toActor(voters[i]);
      const t0 = performance.now();
      try {
        await castVote(actor, { target: "answer", id: answers[i].id, value: 1 });
      } catch (err) {
        figures.failures.push(`${voters[i].username} on ${answers[i].id}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const t1 = performance.now();
      const ran = await runQueuedJobs("badges.check");
      const t2 = performance.now();
      if (i < voteWarmup) continue;
      figures.jobsRun += ran;
      figures.votes.push(t1 - t0);
      figures.badges.push(t2 - t1);
      figures.whole.push(t2 - t0);
    }
    for (const list of [figures.votes, figures.badges, figures.whole]) list.sort((a, b) => a - b);

    // The cache and the all-time totals must still equal the ledger for everyone a vote touched.
    const touched = [...new Set([...answers.map((a) => a.author_id), ...voters.map((v) => v.id)])];
    const [check] = await sql<{ users: number; cache: number; totals: number }[]>`
      with touched as (select unnest(${sql.array(touched)}::text[]) as id),
      ledger as (select e.user_id, sum(e.points)::bigint as points from reputation_events e where e.user_id in (select id from touched) group by e.user_id)
      select count(*)::int as users,
             count(*) filter (where u.reputation <> coalesce(l.points, 0))::int as cache,
             count(*) filter (where coalesce(t.points, 0) <> coalesce(l.points, 0))::int as totals
      from users u
      join touched on touched.id = u.id
      left join ledger l on l.user_id = u.id
      left join reputation_totals t on t.user_id = u.id and t.period = 'all' and t.period_start = '1970-01-01' and t.category_id = ''`;
    const [after] = await sql<{ badges: number; nominations: number }[]>`
      select (select count(*) from user_badges where awarded_at >= ${startedAt})::int as badges,
             (select count(*) from advocate_nominations where created_at >= ${startedAt})::int as nominations`;
    return {
      ...figures,
      touched: check.users,
      cacheMismatches: check.cache,
      totalsMismatches: check.totals,
      badgesAwarded: after.badges,
      nominations: after.nominations,
    };
  } finally {
    await stopJobs();
    useDatabase(undefined);
    await handle.close();
    await sql.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------- main

function verdict(p99: number | undefined, target: number) {
  if (p99 === undefined || !Number.isFinite(p99)) return "";
  return p99 < target ? "yes" : "**no**";
}

async function main() {
  const sql = postgres(databaseUrl, { ...postgresOptions, max: 1 });
  let volume: Volume;
  try {
    volume = await readVolume(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
  console.log(
    `${n(volume.users)} users, ${n(volume.events)} ledger events, ${n(volume.totals)} totals rows; heavy member ${volume.heavy.username} ` +
      `(${n(volume.heavy.events)} events, ${n(volume.heavy.reputation)} reputation), typical member ${volume.typical.username} ` +
      `(${n(volume.typical.events)} events, ${n(volume.typical.reputation)} reputation), category ${volume.category}`
  );

  // Everything after the build is bounded: the scenarios, server start and stop, and the votes.
  const scenarioCount = 9;
  const budgetMs = (300 + connectionLevels.length * scenarioCount * (duration + warmup + 10) + (voteWarmup + voteCount) * 2 + 120) * 1000;
  const watchdog = setTimeout(() => {
    console.error(`Time limit (${Math.round(budgetMs / 1000)} s) reached: stopping.`);
    void stopServer().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  const http = runHttp ? await httpLoad(volume) : undefined;

  let votes: VoteFigures | undefined;
  let loadBeforeVotes = 0;
  if (runVotes) {
    loadBeforeVotes = os.loadavg()[0];
    process.stdout.write(`  one vote: ${voteCount} votes (after ${voteWarmup} warm-up votes) by distinct voters on distinct answers … `);
    votes = await voteWork();
    console.log("done");
  }
  clearTimeout(watchdog);

  console.log("");
  console.log(
    `## Reputation: ${n(volume.users)} users, ${n(volume.events)} ledger events, ${n(volume.totals)} totals rows, ${n(
      volume.questions
    )} questions, ${n(volume.answers)} answers (${machineDescription()})`
  );
  console.log("");
  if (http) {
    console.log(
      `autocannon on the same machine as the server: ${duration} s per scenario after a ${warmup} s warm-up, at ${connectionLevels.join(
        " and "
      )} connection(s).`
    );
    console.log(
      `Heavy member ${volume.heavy.username}: ${n(volume.heavy.events)} ledger events, ${n(
        volume.heavy.reputation
      )} reputation; typical member ` +
        `${volume.typical.username} (median of members with reputation): ${n(volume.typical.events)} events, ${n(
          volume.typical.reputation
        )} reputation.`
    );
    console.log(
      `Load average (1 min) ${fmt(http.loadBefore, 2)} when the load started, ${fmt(
        http.loadAfter,
        2
      )} at the end (the load itself counts).`
    );
    console.log("");
    console.log(`| scenario | connections | requests/s | p50 ms | p99 ms | non-2xx | errors | p99 < ${READ_P99_MS} ms |`);
    console.log("|---|---:|---:|---:|---:|---:|---:|---|");
    for (const r of http.rows) {
      if (r.note) console.log(`| ${r.name} | ${r.connections} | ${r.note} | | | | | |`);
      else
        console.log(
          `| ${r.name} | ${r.connections} | ${fmt(r.rps ?? 0)} | ${fmt(r.p50 ?? 0)} | ${fmt(r.p99 ?? 0)} | ${r.non2xx} | ${
            r.errors
          } | ${verdict(r.p99, READ_P99_MS)} |`
        );
    }
    console.log("");
    console.log(
      `Server RSS ${mb(http.memBefore.rss)} before the load, ${mb(http.memAfter.rss)} after; peak ${mb(http.memAfter.peak)}. Log: ${
        http.logFile
      }`
    );
    console.log("");
  }
  if (votes) {
    const row = (label: string, list: number[], target?: number) =>
      `| ${label} | ${fmt(percentile(list, 50))} | ${fmt(percentile(list, 99))} | ${fmt(list[list.length - 1] ?? Number.NaN)} | ${
        target ? verdict(percentile(list, 99), target) : ""
      } |`;
    console.log(`Load average (1 min) ${fmt(loadBeforeVotes, 2)} when the votes started; one vote at a time, sequentially.`);
    console.log("");
    console.log(
      `| one vote, in-process (${n(
        votes.votes.length
      )} upvotes on answers, distinct voters and answers) | p50 ms | p99 ms | max ms | p99 < ${VOTE_P99_MS} ms |`
    );
    console.log("|---|---:|---:|---:|---|");
    console.log(row("`castVote`: limits, vote row, score, ledger event, totals, cache, badge job queued", votes.votes));
    console.log(row('`runQueuedJobs("badges.check")`: the badge check the vote queued', votes.badges));
    console.log(row("the whole work: `castVote` + badge check", votes.whole, VOTE_P99_MS));
    console.log("");
    console.log(
      `Badge jobs run: ${n(votes.jobsRun)}; badges awarded during the run: ${n(votes.badgesAwarded)}; nominations: ${n(
        votes.nominations
      )}; ` + `${n(votes.authorsWithManyAnswers)} of the votes went to members with 50 or more answers.`
    );
    console.log(
      `cache = ledger for the ${n(votes.touched)} members the votes touched: ${votes.cacheMismatches} mismatches in users.reputation, ` +
        `${votes.totalsMismatches} in reputation_totals (all time, overall).`
    );
    if (votes.failures.length) console.log(`${votes.failures.length} votes failed, first: ${votes.failures[0]}`);
  }

  const failed =
    (http?.rows.some((r) => (r.non2xx ?? 0) > 0 || (r.errors ?? 0) > 0) ?? false) ||
    (votes ? votes.failures.length > 0 || votes.cacheMismatches > 0 || votes.totalsMismatches > 0 : false);
  if (failed) console.log("\nSome requests or votes failed, or a cache disagrees with the ledger: see above and the server log.");
  process.exitCode = failed ? 1 : 0;
}

// Ctrl-C must not leave a server (and its Meilisearch) running.
process.once("SIGINT", () => void stopServer().finally(() => process.exit(130)));

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  await stopServer();
  process.exitCode = 1;
}
