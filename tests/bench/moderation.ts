/**
 * Moderation under load, against the real server on 127.0.0.1: the staff
 * review queue with 10,000 pending items, and what the spam rules cost an
 * answer as it is posted.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench \
 *     node --import tsx tests/bench/moderation.ts        # npm run bench:moderation
 *       [--duration 10] [--warmup 2] [--connections 10] [--items 10000]
 *       [--fingerprints 5000] [--deep 5000] [--rounds 2] [--queue-connections 1,10]
 *       [--rule-calls 2000] [--no-build]
 *
 * Needs a database filled by tests/bench/generate.ts (its posts are what the
 * review items point at). Every run first removes what an earlier run of this
 * script added (ids starting `modbench-`, the `bench_member`'s review items,
 * the restrictions it wrote), then fills, in one transaction of set-based SQL:
 *
 *  - `--items` pending review items on random generated posts (40% questions,
 *    60% answers, never the 10-answer question qa.ts measures): 85% opened by
 *    flags, each with 1-3 flags from different members (weight 1 each), 15%
 *    held by a spam rule, with no flags;
 *  - `--fingerprints` spam fingerprints (70% text, 30% link), each from a
 *    resolved ("deleted") review item, as staff removing spam leaves them;
 *  - 20 silenced members, and the member that posts: `bench_member`
 *    (customer, reputation 600).
 *
 * Posts are not hidden by the fill (hidden_at untouched), so the generated
 * data stays as generate.ts made it; the queue reads hidden_at as a column of
 * the rows it loads anyway, so this does not change its cost.
 *
 * Then it builds and starts `node build/server.js` (production mode, bundled
 * Meilisearch) and, with autocannon (the queue on the first server, after
 * its posting run):
 *
 *  1. the review queue as bench_staff: GET /api/v1/review (Bearer token),
 *     page 1 and a deep page (the cursor reached by walking the API's pages
 *     `--deep` items in), at 1 and 10 connections, and GET /staff/review (HTML, session cookie) when the
 *     page exists (a 404 is reported as skipped);
 *  2. POST /api/v1/questions/:id/answers as bench_member, over the questions
 *     that carry pending flags: (d) with the spam rules on, then (e) on a
 *     restarted server with `MODERATION_SPAM_RULES=off` (a switch for
 *     benchmarks only, in app/domain/moderation/spam-rules.server.ts), `--rounds`
 *     times in turn, each run on a freshly started server, and the ratio of
 *     the means. bench_member's reputation gives it `post:unlimited`, so the
 *     posting limits never throttle the load; that also skips the first-links
 *     rule (its count of the author's standing posts), so run (d) exercises
 *     the silenced lookup, the text fingerprint lookup and, since every body
 *     carries a link, the link fingerprint lookup. Before each run a canary
 *     answer linking to a fingerprinted address checks the switch: held with
 *     the rules on, published with them off.
 *  3. The rules' own cost without the noise of a shared machine's HTTP load:
 *     the app's spamRuleFor called `--rule-calls` times from this process.
 *
 * It writes: two API tokens, a staff session, the answers it posts and the
 * canaries (one held, with its review item; removed by the next run).
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type autocannon from "autocannon";
import postgres from "postgres";
import {
  benchPassword,
  benchStaff,
  buildApp,
  findTenAnswerQuestion,
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
  timed,
} from "./shared";

const databaseUrl = requireLocalDatabaseUrl();
const duration = intFlag("duration", 10);
const warmup = intFlag("warmup", 2, 0);
const connections = intFlag("connections", 10);
const itemCount = intFlag("items", 10_000, 100);
const fingerprintCount = intFlag("fingerprints", 5_000, 0);
const deepWanted = intFlag("deep", 5_000, 0);
const rounds = intFlag("rounds", 2);
const ruleCalls = intFlag("rule-calls", 2_000, 0);
/** The queue API rows also run at one connection: its latency without queueing behind the other nine. */
const queueLevels = (flag("queue-connections") ?? `1,${connections}`).split(",").map((c) => Number(c.trim()));
if (!queueLevels.length || queueLevels.some((c) => !Number.isInteger(c) || c < 1)) {
  console.error(`--queue-connections takes integers >= 1, comma-separated (got ${JSON.stringify(flag("queue-connections"))}).`);
  process.exit(2);
}

/** The issue's target for the queue. Printed, not asserted. */
const QUEUE_P99_MS = 100;
/** Every row this script writes directly carries this prefix (app ids use a base32 alphabet without "o" or "u"). */
const MARK = "modbench-";
const MEMBER_ID = `${MARK}member`;
const member = { username: "bench_member", email: "bench_member@bench.example", password: benchPassword, reputation: 600 } as const;
const SILENCED = 20;
const SILENCE_REASON = `${MARK}silenced by the moderation benchmark`;
/** A link whose fingerprint the fill stores: an answer linking to it is held while the rules are on. */
const CANARY_HOST = "modbench-canary.example";
const CANARY_FINGERPRINT = `${CANARY_HOST}/offer`;
/** The posted body: ordinary words and one link, so both fingerprint lookups run. */
const ANSWER_BODY =
  "Benchmark answer: unplug the hub for ten seconds, then pair the speaker again from the app. " +
  "The steps with pictures are in [the pairing guide](https://help.example.com/pairing/hub).";

const fmt = (v: number, digits = 1) =>
  Number.isFinite(v) ? v.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
const n = (v: number) => v.toLocaleString("en");
const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${fmt(kb / 1024, 0)} MB`);

// ---------------------------------------------------------------- the server

let serverChild: ChildProcess | undefined;
let serverDataDir: string | undefined;
const logFiles: string[] = [];

async function stopServer() {
  const child = serverChild;
  serverChild = undefined;
  await stopProcess(child);
  if (serverDataDir) fs.rmSync(serverDataDir, { recursive: true, force: true });
  serverDataDir = undefined;
}

async function startServer(env: Record<string, string>) {
  serverDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-mod-data-"));
  const running = await startAppServer({
    databaseUrl,
    dataDir: serverDataDir,
    logName: "forum-bench-mod-server",
    env,
    onSpawn: (child) => (serverChild = child),
  });
  logFiles.push(running.logFile);
  return { base: running.base, pid: running.child.pid ?? 0, logFile: running.logFile };
}

// ---------------------------------------------------------------- accounts

/** A session cookie, logged in through the API as a browser would (with an Origin). */
async function login(base: string, account: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ login: account.username, password: account.password }),
  });
  if (res.status !== 200) throw new Error(`Login as ${account.username} failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function tokenFor(base: string, cookie: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`Creating a token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

// ---------------------------------------------------------------- the fill

interface Volume {
  questions: number;
  answers: number;
  pending: number;
  ours: number;
  byQuestion: number;
  byAnswer: number;
  fromFlags: number;
  fromRules: number;
  flags: number;
  flagSpread: string;
  fingerprints: number;
  silenced: number;
  postTargets: string[];
}

async function fill(sql: postgres.Sql): Promise<Volume> {
  const [ready] = await sql<{ reviews: boolean; staff: boolean }[]>`
    select to_regclass('public.review_items') is not null as reviews,
           exists (select 1 from users where username = ${benchStaff.username}) as staff`;
  if (!ready.reviews || !ready.staff)
    throw new Error("Fill the database with tests/bench/generate.ts first (it applies the migrations and makes bench_staff).");
  const tenAnswer = (await findTenAnswerQuestion(sql)) ?? "";
  const questionTargets = Math.round(itemCount * 0.4);
  const answerTargets = itemCount - questionTargets;
  const removed = Math.ceil(fingerprintCount * 0.7);
  const links = fingerprintCount - removed;
  const like = `${MARK}%`;

  await sql.begin(async (tx) => {
    // What an earlier run left: its rows, the review items of bench_member's held canaries, its restrictions.
    await tx`delete from flags where review_item_id like ${like} or review_item_id in (select id from review_items where author_id = ${MEMBER_ID})`;
    await tx`delete from spam_fingerprints where review_item_id like ${like} or value = ${CANARY_FINGERPRINT}`;
    await tx`delete from review_items where id like ${like} or author_id = ${MEMBER_ID}`;
    await tx`delete from user_restrictions where reason = ${SILENCE_REASON}`;

    await tx`
      insert into users (id, email, username, password_hash, role, reputation, created_at, updated_at)
      select ${MEMBER_ID}, ${member.email}, ${member.username}, password_hash, 'customer', ${member.reputation}::int, now() - interval '1 year', now() - interval '1 year'
      from users where username = ${benchStaff.username}
      on conflict (id) do update set role = 'customer', reputation = excluded.reputation`;

    // Flaggers: plain members (staff and advocates flag with the hide weight and would hide at once).
    await tx`
      create temp table mb_flagger on commit drop as
      select (row_number() over (order by id) - 1)::int as k, id from users where role = 'customer' and id not like ${like}`;
    const [{ flaggers }] = await tx<{ flaggers: number }[]>`select count(*)::int as flaggers from mb_flagger`;
    if (flaggers < 10) throw new Error("Too few members to flag from: fill the database with tests/bench/generate.ts.");

    await tx`
      create temp table mb_target on commit drop as
      select row_number() over (order by random())::int as g, t.* from (
        (select 'question'::text as type, q.id, q.author_id from questions q join categories c on c.id = q.category_id
         where q.deleted_at is null and q.hidden_at is null and q.duplicate_of_id is null and c.visibility = 'public' and q.id <> ${tenAnswer}
           and q.author_id <> ${MEMBER_ID}
         order by random() limit ${questionTargets}::int)
        union all
        (select 'answer'::text, a.id, a.author_id from answers a
         where a.deleted_at is null and a.hidden_at is null and a.question_id <> ${tenAnswer} and a.author_id <> ${MEMBER_ID}
         order by random() limit ${answerTargets}::int)
      ) t`;

    // Opened over the last 14 days, more of them recent; the first flag opened the item.
    await tx`
      create temp table mb_item on commit drop as
      select ${MARK + "r-"}::text || t.g as id, t.g, t.type, t.id as target_id, t.author_id,
             case when t.r1 < 0.15 then 'spam_rule' else 'flags' end as source,
             case when t.r1 < 0.15 then (case when t.r2 < 0.6 then 'first_links' when t.r2 < 0.85 then 'repeat_spam' else 'silenced' end) end as rule,
             1 + floor(t.r3 * 3)::int as nflags,
             floor(t.r5 * ${flaggers}::int)::int as base,
             now() - interval '1 minute' - power(t.r4, 2) * interval '14 days' as created_at
      from (select mb_target.*, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5 from mb_target) t`;
    await tx`
      insert into review_items (id, target_type, target_id, author_id, source, rule, status, weight, created_at)
      select id, type, target_id, author_id, source, rule, 'pending', 0, created_at from mb_item`;
    // 1-3 different members per item: candidates base, base+7, base+14, base+21 (mod the members), never the author.
    await tx`
      insert into flags (id, review_item_id, target_type, target_id, user_id, reason, note, weight, created_at)
      select ${MARK + "f-"}::text || i.g || '-' || c.j, i.id, i.type, i.target_id, c.user_id, c.reason,
             case when c.reason = 'other' then 'Reads like a copy of another post.' end, 1,
             least(now(), i.created_at + c.j * interval '3 hours')
      from mb_item i
      cross join lateral (
        select j, f.id as user_id,
               case when r < 0.4 then 'spam' when r < 0.65 then 'off_topic' when r < 0.8 then 'abusive' when r < 0.9 then 'needs_staff' else 'other' end as reason
        from (select j, random() + 0 * i.g as r from generate_series(0, 3) j) js
        join mb_flagger f on f.k = (i.base + js.j * 7) % ${flaggers}::int
        where f.id <> i.author_id
        order by j limit i.nflags
      ) c
      where i.source = 'flags'`;
    await tx`
      update review_items r set weight = f.w
      from (select review_item_id, sum(weight)::int as w from flags where review_item_id like ${MARK + "r-%"} group by 1) f
      where r.id = f.review_item_id`;

    // What staff removed as spam: resolved items and the fingerprints their deletion left.
    if (removed) {
      await tx`
        insert into review_items (id, target_type, target_id, author_id, source, rule, status, weight, created_at, resolved_at, resolved_by_id)
        select ${MARK + "s-"}::text || g, 'answer', ${
        MARK + "gone-"
      }::text || g, (select id from mb_flagger where k = g % ${flaggers}::int),
               case when g % 2 = 0 then 'flags' else 'spam_rule' end, case when g % 2 = 1 then 'first_links' end,
               'deleted', case when g % 2 = 0 then 3 else 0 end,
               now() - interval '1 day' - (g % 365) * interval '1 day', now() - interval '1 day' - (g % 365) * interval '1 day' + interval '2 hours',
               (select id from users where username = ${benchStaff.username})
        from generate_series(1, ${removed}::int) g`;
      await tx`
        insert into spam_fingerprints (kind, value, review_item_id, created_at)
        select 'text', encode(sha256(convert_to('modbench removed spam ' || g, 'UTF8')), 'hex'), ${
          MARK + "s-"
        }::text || g, now() - (g % 365) * interval '1 day'
        from generate_series(1, ${removed}::int) g
        union all
        select 'link', 'promo-' || g || '.example/deal/' || g, ${MARK + "s-"}::text || g, now() - (g % 365) * interval '1 day'
        from generate_series(1, ${Math.max(links - 1, 0)}::int) g`;
      // The canary's address counts as one of the link fingerprints.
      await tx`insert into spam_fingerprints (kind, value, review_item_id, created_at) values ('link', ${CANARY_FINGERPRINT}, ${
        MARK + "s-1"
      }, now())`;
    }

    await tx`
      insert into user_restrictions (user_id, kind, until, reason, by_id, created_at)
      select f.id, 'silenced', now() + interval '30 days', ${SILENCE_REASON}, (select id from users where username = ${
      benchStaff.username
    }), now()
      from mb_flagger f where f.k % ${Math.max(1, Math.floor(flaggers / SILENCED))}::int = 0 order by f.k limit ${SILENCED}::int
      on conflict do nothing`;
  });
  await sql`vacuum analyze review_items`;
  await sql`vacuum analyze flags`;
  await sql`vacuum analyze spam_fingerprints`;
  await sql`vacuum analyze user_restrictions`;

  const [v] = await sql<Omit<Volume, "postTargets" | "flagSpread">[]>`
    select (select count(*) from questions where deleted_at is null)::int as questions,
           (select count(*) from answers where deleted_at is null)::int as answers,
           (select count(*) from review_items where status = 'pending')::int as pending,
           (select count(*) from review_items where status = 'pending' and id like ${MARK + "r-%"})::int as ours,
           (select count(*) from review_items where id like ${MARK + "r-%"} and target_type = 'question')::int as "byQuestion",
           (select count(*) from review_items where id like ${MARK + "r-%"} and target_type = 'answer')::int as "byAnswer",
           (select count(*) from review_items where id like ${MARK + "r-%"} and source = 'flags')::int as "fromFlags",
           (select count(*) from review_items where id like ${MARK + "r-%"} and source = 'spam_rule')::int as "fromRules",
           (select count(*) from flags where review_item_id like ${MARK + "r-%"})::int as flags,
           (select count(*) from spam_fingerprints)::int as fingerprints,
           (select count(*) from user_restrictions where kind = 'silenced' and until > now())::int as silenced`;
  const spread = await sql<{ flags: number; items: number }[]>`
    select weight as flags, count(*)::int as items from review_items where id like ${
      MARK + "r-%"
    } and source = 'flags' group by 1 order by 1`;
  const targets = await sql<{ id: string }[]>`
    select target_id as id from review_items where id like ${
      MARK + "r-%"
    } and target_type = 'question' and source = 'flags' order by random()`;
  return { ...v, flagSpread: spread.map((s) => `${n(s.items)} with ${s.flags}`).join(", "), postTargets: targets.map((t) => t.id) };
}

// ---------------------------------------------------------------- load

interface Row {
  name: string;
  connections?: number;
  rps?: number;
  p50?: number;
  p975?: number;
  p99?: number;
  non2xx?: number;
  errors?: number;
  note?: string;
}

interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
  nextPath?: () => string;
  /** A page that may not exist yet: a 404 is reported as skipped. */
  optional?: boolean;
  /** Connection counts to run it at (default: --connections). */
  levels?: number[];
}

async function measure(base: string, s: Scenario, clients = connections): Promise<Row> {
  const probe = await fetch(base + s.path, { method: s.method, headers: s.headers, body: s.body, redirect: "manual" });
  await probe.arrayBuffer();
  if (!probe.ok) {
    if (s.optional && probe.status === 404) return { name: s.name, note: "skipped: 404, the page is not there yet" };
    return { name: s.name, note: `skipped: preflight got ${probe.status}` };
  }
  // autocannon merges requests over its defaults with Object.assign: an explicit undefined would replace them.
  const request: autocannon.Request = { method: s.method, path: s.path, headers: s.headers };
  if (s.body !== undefined) request.body = s.body;
  const next = s.nextPath;
  if (next) request.setupRequest = (r) => ({ ...r, path: next() });
  const figures = await runLoad(base, request, { connections: clients, duration, warmup });
  return { name: s.name, connections: clients, rps: figures.rps, p50: figures.p50, p975: figures.p975, p99: figures.p99, non2xx: figures.non2xx, errors: figures.errors + figures.timeouts };
}

/** Walks the queue a page at a time from the start, as a moderator paging on would: the cursor about `want` items in. */
async function walkQueue(base: string, token: string, want: number) {
  const seen = new Set<string>();
  let cursor: string | null = null;
  let total = 0;
  let pages = 0;
  const began = Date.now();
  do {
    const res = await fetch(`${base}/api/v1/review${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, {
      headers: { accept: "application/json", authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`GET /api/v1/review answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null; total: number };
    pages++;
    total = page.total;
    for (const i of page.items) {
      if (seen.has(i.id)) throw new Error(`The review queue repeated item ${i.id} while paging: the cursor is broken.`);
      seen.add(i.id);
    }
    cursor = page.nextCursor;
  } while (cursor && seen.size < want);
  return { cursor, offset: seen.size, total, pages, ms: Date.now() - began };
}

/** Posts one answer linking to the fingerprinted canary address and reads back whether the server held it. */
async function canary(base: string, token: string, sql: postgres.Sql, questionId: string): Promise<"held" | "published" | string> {
  const res = await fetch(`${base}/api/v1/questions/${questionId}/answers`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ body: `Canary ${Date.now()}: the offer is at [this page](https://${CANARY_HOST}/offer/).` }),
  });
  if (res.status !== 201) return `POST answered ${res.status}`;
  const { answer } = (await res.json()) as { answer: { id: string } };
  const [row] = await sql<{ hidden: boolean }[]>`select hidden_at is not null as hidden from answers where id = ${answer.id}`;
  return row?.hidden ? "held" : "published";
}

async function heldSince(sql: postgres.Sql, since: Date) {
  const [row] = await sql<{ posted: number; held: number }[]>`
    select count(*)::int as posted, count(*) filter (where hidden_at is not null)::int as held
    from answers where author_id = ${MEMBER_ID} and created_at >= ${since} and body not like 'Canary %'`;
  return row;
}

/**
 * The rules' own work, without HTTP and without the rest of an answer: the app's
 * spamRuleFor for bench_member and the posted body, called one at a time from this
 * process on its own connection (the same three lookups run (d) makes per answer).
 */
async function timeRules(calls: number) {
  const { openDatabase } = await import("../../db/client.server");
  const { spamRuleFor } = await import("../../app/domain/moderation/spam-rules.server");
  const handle = await openDatabase({ databaseUrl, dataDir: os.tmpdir(), owner: "the moderation benchmark", maxConnections: 1 });
  try {
    const actor = {
      id: MEMBER_ID,
      username: member.username,
      role: "customer" as const,
      reputation: member.reputation,
      silenced: null,
      suspended: null,
    };
    const canaryRule = await spamRuleFor(handle.db, actor, `The offer is at [this page](https://${CANARY_HOST}/offer).`);
    for (let i = 0; i < Math.min(100, calls); i++) await spamRuleFor(handle.db, actor, ANSWER_BODY);
    const ms: number[] = [];
    let held = 0;
    for (let i = 0; i < calls; i++) {
      const began = performance.now();
      if (await spamRuleFor(handle.db, actor, ANSWER_BODY)) held++;
      ms.push(performance.now() - began);
    }
    ms.sort((a, b) => a - b);
    return {
      calls,
      held,
      canaryRule,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      mean: ms.reduce((a, b) => a + b, 0) / Math.max(ms.length, 1),
    };
  } finally {
    await handle.close();
  }
}

interface PostRun extends Row {
  rulesOn: boolean;
  canary: string;
  posted: number;
  held: number;
}

function printTable(title: string, rows: (Row & { extra?: string })[], extraHead?: string, verdict?: (r: Row) => string) {
  const head = `| ${title} | connections | requests/s | p50 ms | p97.5 ms | p99 ms | non-2xx | errors |${
    extraHead ? ` ${extraHead} |` : ""
  }`;
  console.log(head);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|${extraHead ? "---|" : ""}`);
  for (const r of rows) {
    if (r.rps === undefined) {
      console.log(`| ${r.name} | | ${r.note ?? ""} | | | | | |${extraHead ? " |" : ""}`);
      continue;
    }
    const extra = extraHead ? ` ${r.extra ?? (verdict ? verdict(r) : "")} |` : "";
    console.log(
      `| ${r.name} | ${r.connections ?? ""} | ${fmt(r.rps)} | ${fmt(r.p50 ?? Number.NaN, 0)} | ${fmt(r.p975 ?? Number.NaN, 0)} | ${fmt(
        r.p99 ?? Number.NaN,
        0
      )} | ${r.non2xx} | ${r.errors} |${extra}`
    );
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const phases: { name: string; ms: number }[] = [];
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const began = Date.now();
    const result = await timed(name, work);
    phases.push({ name, ms: Date.now() - began });
    return result;
  };
  const sql = postgres(databaseUrl, { ...postgresOptions, max: 2 });
  try {
    console.log(
      `Moderation benchmark on ${new URL(databaseUrl).pathname.slice(1)}: ${n(itemCount)} pending review items, ${n(
        fingerprintCount
      )} spam fingerprints`
    );
    const volume = await phase(`fill (${n(itemCount)} items)`, () => fill(sql));
    console.log(
      `  ${n(volume.pending)} pending (${n(volume.ours)} of them this fill's), ${n(volume.flags)} flags, ${n(
        volume.fingerprints
      )} fingerprints, ${n(volume.silenced)} silenced; ` + `${n(volume.postTargets.length)} flagged questions to post to`
    );
    if (volume.postTargets.length < 10) throw new Error("Too few flagged questions to post answers to.");

    if (!hasFlag("no-build")) await phase("build", async () => buildApp());

    // Bounded from here: 2 x rounds server starts, the walk, the load rows and the canaries.
    const budgetMs = (2 * rounds * 130 + 60 + (2 + 2 * queueLevels.length + 2 * rounds) * (duration + warmup + 10)) * 1000;
    const watchdog = setTimeout(() => {
      console.error(`Time limit (${Math.round(budgetMs / 1000)} s) reached: stopping.`);
      void stopServer().finally(() => process.exit(1));
    }, budgetMs);
    watchdog.unref();

    const api = { accept: "application/json" };
    let turn = 0;
    const postScenario = (name: string, token: string): Scenario => ({
      name,
      method: "POST",
      path: `/api/v1/questions/${volume.postTargets[0]}/answers`,
      headers: { ...api, "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ body: ANSWER_BODY }),
      nextPath: () => `/api/v1/questions/${volume.postTargets[turn++ % volume.postTargets.length]}/answers`,
    });
    const canaryQuestion = volume.postTargets[volume.postTargets.length - 1];

    let staffCookie = "";
    let staffToken = "";
    let memberToken = "";
    let loadBefore = 0;
    let memStart: ReturnType<typeof memoryOf> = {};
    let memAfterQueue: ReturnType<typeof memoryOf> = {};
    let walk: Awaited<ReturnType<typeof walkQueue>> | undefined;
    const queueRows: Row[] = [];
    const postRuns: PostRun[] = [];

    // Rules on, rules off, rules on, rules off…: each posting run on a freshly started server, so
    // neither mode gets a warmer server, and outside load on the machine falls on both.
    for (let round = 1; round <= rounds; round++) {
      for (const rulesOn of [true, false]) {
        const label = rulesOn ? "spam rules on" : "MODERATION_SPAM_RULES=off";
        const server = await phase(`server start (${label})`, () => startServer({ MODERATION_SPAM_RULES: rulesOn ? "on" : "off" }));
        console.log(`  server ${server.base} (pid ${server.pid}), log ${server.logFile}`);
        if (!memberToken) {
          staffCookie = await login(server.base, benchStaff);
          staffToken = await tokenFor(server.base, staffCookie, `moderation bench staff ${new Date().toISOString()}`);
          memberToken = await tokenFor(
            server.base,
            await login(server.base, member),
            `moderation bench member ${new Date().toISOString()}`
          );
          loadBefore = os.loadavg()[0];
          memStart = memoryOf(server.pid);
        }
        const canaryResult = await canary(server.base, memberToken, sql, canaryQuestion);
        const since = new Date();
        const tag = rulesOn ? "(d)" : "(e)";
        const row = await phase(`posting ${tag}, ${label}, round ${round}`, () =>
          measure(server.base, postScenario(`${tag} POST /api/v1/questions/:id/answers, ${label}, round ${round}`, memberToken))
        );
        postRuns.push({ ...row, rulesOn, canary: canaryResult, ...(await heldSince(sql, since)) });

        if (round === 1 && rulesOn) {
          // ------------------------------------------------ the queue, on the first server
          // The held canary opened an item of its own: the queue's total now counts it too.
          const [{ pendingNow }] = await sql<
            { pendingNow: number }[]
          >`select count(*)::int as "pendingNow" from review_items where status = 'pending'`;
          const walked = await phase(`walk the queue ${n(deepWanted)} items in`, () => walkQueue(server.base, staffToken, deepWanted));
          walk = walked;
          console.log(
            `  ${n(walked.pages)} pages, ${n(walked.offset)} items, total ${n(walked.total)}, ${fmt(walked.ms / walked.pages)} ms a page`
          );
          if (walked.total !== pendingNow)
            throw new Error(`GET /api/v1/review says total ${walked.total}, the database ${pendingNow} pending.`);
          if (!walked.cursor) throw new Error("The walk reached the end of the queue: no deep cursor (use a smaller --deep).");
          const deep = encodeURIComponent(walked.cursor);
          const bearer = { ...api, authorization: `Bearer ${staffToken}` };
          const page = { accept: "text/html", cookie: staffCookie };
          const queueScenarios: Scenario[] = [
            {
              name: `(a) GET /api/v1/review (page 1 of ${n(walked.total)})`,
              method: "GET",
              path: "/api/v1/review",
              headers: bearer,
              levels: queueLevels,
            },
            {
              name: `(b) GET /api/v1/review?cursor= (${n(walked.offset)} items in)`,
              method: "GET",
              path: `/api/v1/review?cursor=${deep}`,
              headers: bearer,
              levels: queueLevels,
            },
            { name: "(c) GET /staff/review (HTML, page 1)", method: "GET", path: "/staff/review", headers: page, optional: true },
            {
              name: `(c) GET /staff/review?cursor= (HTML, ${n(walked.offset)} items in)`,
              method: "GET",
              path: `/staff/review?cursor=${deep}`,
              headers: page,
              optional: true,
            },
          ];
          for (const s of queueScenarios) {
            for (const clients of s.levels ?? [connections]) {
              const queueRow = await phase(`${s.name}, ${clients} connection(s)`, () => measure(server.base, s, clients));
              if (queueRow.note) console.log(`  ${queueRow.note}`);
              queueRows.push(queueRow);
            }
          }
          memAfterQueue = memoryOf(server.pid);
        }
        await phase("server stop", stopServer);
      }
    }
    clearTimeout(watchdog);
    const rules = ruleCalls ? await phase(`spamRuleFor in this process (${n(ruleCalls)} calls)`, () => timeRules(ruleCalls)) : undefined;
    const loadAfter = os.loadavg()[0];
    if (!walk) throw new Error("The queue was not measured.");

    // ------------------------------------------------ tables
    console.log("");
    console.log(
      `## Moderation: ${n(walk.total)} pending review items on ${n(volume.questions)} questions and ${n(
        volume.answers
      )} answers (${machineDescription()})`
    );
    console.log("");
    console.log(
      `Volume: ${n(volume.ours)} pending items filled (${n(volume.byQuestion)} on questions, ${n(volume.byAnswer)} on answers; ${n(
        volume.fromFlags
      )} from flags: ` +
        `${volume.flagSpread} flags; ${n(volume.fromRules)} held by a spam rule, no flags), ${n(volume.flags)} flags, ` +
        `${n(volume.fingerprints)} spam fingerprints, ${n(volume.silenced)} silenced members.`
    );
    console.log(
      `autocannon on the same machine as the server: ${connections} connections (the queue API also at ${queueLevels.join(
        ", "
      )}), ${duration} s per row after a ${warmup} s warm-up. ` +
        `Load average (1 min) ${fmt(loadBefore, 2)} when the load started, ${fmt(loadAfter, 2)} at the end.`
    );
    console.log(
      `Deep cursor: walked ${n(walk.pages)} pages of the API (${fmt(walk.ms / walk.pages)} ms a page, one at a time) to ${n(
        walk.offset
      )} items in.`
    );
    console.log("");
    printTable("review queue, bench_staff", queueRows, `p99 < ${QUEUE_P99_MS} ms`, (r) =>
      (r.p99 ?? Infinity) < QUEUE_P99_MS ? "yes" : "**no**"
    );
    console.log("");
    console.log(
      `Posting: bench_member (customer, reputation ${member.reputation}: post:unlimited, so no posting limit and no first-links count), ` +
        `cycling over ${n(volume.postTargets.length)} questions that carry pending flags; each body has one link. ` +
        `(d) runs the silenced lookup, the text fingerprint and the link fingerprint lookup in the answer's transaction; (e) none of them. ` +
        `${rounds} round(s) of (d) then (e), each run on a freshly started server.`
    );
    console.log("");
    printTable(
      "answers, bench_member",
      postRuns.map((r) => ({ ...r, extra: `${n(r.held)} of ${n(r.posted)}; canary ${r.canary}` })),
      "held (canary: held expected with the rules on, published with them off)"
    );
    console.log("");
    const mean = (rulesOn: boolean, key: "rps" | "p50" | "p99") => {
      const values = postRuns.filter((r) => r.rulesOn === rulesOn && r[key] !== undefined).map((r) => r[key] as number);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
    };
    const ratio = (key: "rps" | "p50" | "p99") => {
      const on = mean(true, key);
      const off = mean(false, key);
      return `${fmt(on, key === "rps" ? 1 : 0)} | ${fmt(off, key === "rps" ? 1 : 0)} | ${
        Number.isFinite(on / off) ? `${fmt(on / off, 2)}×` : "n/a"
      }`;
    };
    console.log(`| mean of ${rounds} run(s) each | spam rules on (d) | off (e) | on / off |`);
    console.log("|---|---:|---:|---:|");
    console.log(`| answers/s | ${ratio("rps")} |`);
    console.log(`| p50 latency ms | ${ratio("p50")} |`);
    console.log(`| p99 latency ms | ${ratio("p99")} |`);
    if (rules) {
      const perAnswerOff = 1000 / mean(false, "rps");
      console.log("");
      console.log(
        `The rules' own work: spamRuleFor (silenced, text and link fingerprint lookups) for bench_member and the posted body, ` +
          `${n(rules.calls)} calls one at a time from this process (after 100 unmeasured), outside a transaction; the canary's link gave "${
            rules.canaryRule
          }".`
      );
      console.log("");
      console.log("| spamRuleFor, one call | p50 ms | p99 ms | mean ms | held |");
      console.log("|---|---:|---:|---:|---:|");
      console.log(
        `| bench_member, one link | ${fmt(rules.p50, 2)} | ${fmt(rules.p99, 2)} | ${fmt(rules.mean, 2)} | ${n(rules.held)} of ${n(
          rules.calls
        )} |`
      );
      console.log("");
      console.log(
        `For scale: with the rules off, the server finished an answer every ${fmt(
          perAnswerOff,
          1
        )} ms (1 s ÷ answers/s) and each took ${fmt(mean(false, "p50"), 0)} ms (p50) at ${connections} connections.`
      );
    }
    console.log("");
    console.log(
      `Server RSS (first server) ${mb(memStart.rss)} after start, ${mb(
        memAfterQueue.rss
      )} after its posting run and the queue. Logs: ${logFiles.join(", ")}`
    );
    console.log("");
    console.log("| phase | seconds |");
    console.log("|---|---:|");
    for (const p of phases) console.log(`| ${p.name} | ${fmt(p.ms / 1000)} |`);

    const failed =
      [...queueRows.filter((r) => !r.note?.startsWith("skipped: 404")), ...postRuns].some(
        (r) => r.rps === undefined || (r.non2xx ?? 0) > 0 || (r.errors ?? 0) > 0
      ) ||
      postRuns.some((r) => r.canary !== (r.rulesOn ? "held" : "published") || r.held > 0) ||
      (rules !== undefined && (rules.held > 0 || rules.canaryRule !== "repeat_spam"));
    if (failed) console.log("\nSome requests failed, an answer was held, or a canary did not behave: see above and the server logs.");
    process.exitCode = failed ? 1 : 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// Ctrl-C must not leave a server (and its Meilisearch) running.
process.once("SIGINT", () => void stopServer().finally(() => process.exit(130)));

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
} finally {
  await stopServer();
}
