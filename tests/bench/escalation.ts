/**
 * Escalation under load, on PostgreSQL or on PGlite: the staff queue API with
 * 10,000 open escalations, how many SLA timer jobs per second the server's
 * worker sustains, and how late an escalation fires after its due time.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench_esc \
 *     node --import tsx tests/bench/escalation.ts --db postgres
 *   node --import tsx tests/bench/escalation.ts --db pglite
 *     [--open 10000] [--closed 20000] [--customers 2000] [--timers 2000] [--lag 200]
 *     [--duration 10] [--warmup 2] [--connections 1,10] [--no-build] [--reset] [--keep]
 *
 * It fills its own data every run. PostgreSQL: the database in DATABASE_URL
 * (local only) is emptied first (schemas public, drizzle and pgboss dropped),
 * which it does on its own only when the database is empty or was filled by
 * this script before; anything else needs --reset. PGlite: a new temporary
 * DATA_DIR, deleted at the end (--keep keeps it).
 *
 *  1. Fill, in this process (openDatabase + the app's migrations, set-based
 *     SQL in one transaction): staff, customers, categories, `--open` open
 *     escalations (escalated, assigned, waiting on the customer; spread SLA
 *     due times, some breached) and `--closed` other cases (80% solved, 20%
 *     routing with their two pending timers inserted into pg-boss).
 *  2. Builds, starts `node build/server.js` (production mode, the server's own
 *     job worker running) and loads GET /api/v1/staff/queue with autocannon.
 *  3. Timer throughput: `--timers` questions asked 31 minutes ago are opened
 *     with the app's own `openCaseInTx` (case + both timers) in ONE
 *     transaction, so the worker finds the whole backlog due at once; the
 *     clock runs until every case is escalated.
 *  4. Lag: `--lag` cases whose advocate window ends 10-40 s ahead; the server's
 *     worker fires them and the script reports escalated_at - advocate_due_at
 *     (and when each first showed up in the staff queue API).
 *
 * PostgreSQL: steps 3 and 4 run in this process while the server runs, as
 * another app node would. PGlite allows one process, so for steps 3 and 4 the
 * server is stopped, the cases are opened in this process, and the server is
 * started again: the timer backlog is then what a restarted server finds, and
 * the lag cases come due over 30 s, starting 10 s after the expected restart
 * (those due before the server is ready are reported and left out).
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type autocannon from "autocannon";
import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { hashPassword } from "../../app/auth/password.server";
import type { DatabaseHandle, Executor } from "../../db/client.server";
import { demoCategories } from "../../db/seed-data";
import {
  benchPassword,
  benchStaff,
  buildApp,
  createBenchToken,
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

const backend = flag("db");
if (backend !== "postgres" && backend !== "pglite") {
  console.error("--db postgres (uses DATABASE_URL) or --db pglite (a new temporary DATA_DIR) is required.");
  process.exit(2);
}
const databaseUrl = backend === "postgres" ? requireLocalDatabaseUrl() : "";
const openCount = intFlag("open", 10_000);
const closedCount = intFlag("closed", 20_000, 0);
const customerCount = intFlag("customers", 2_000, 10);
const timerCount = intFlag("timers", 2_000);
const lagCount = intFlag("lag", 200, 2);
const duration = intFlag("duration", 10);
const warmup = intFlag("warmup", 2, 0);
const connectionLevels = (flag("connections") ?? "1,10").split(",").map((s) => Number(s.trim()));
if (!connectionLevels.length || connectionLevels.some((c) => !Number.isInteger(c) || c < 1)) {
  console.error(`--connections takes one or more integers >= 1, comma-separated (got ${JSON.stringify(flag("connections"))}).`);
  process.exit(2);
}
const backendName = backend === "postgres" ? "PostgreSQL" : "PGlite";

/** The issue's targets. */
const QUEUE_P99_MS = 100;
const JOBS_PER_SECOND = 200;
const LAG_P99_MS = 5_000;

/** The default SLA policy this script writes, so due times do not depend on the app's built-in defaults. */
const POLICY = { firstResponseMinutes: 60, advocateWindowMinutes: 30, resolutionMinutes: 1440 };
/** Staff accounts: bench_staff and four colleagues share the assigned cases. */
const STAFF = 5;
/** The categories the timer and lag cases go to, so the queue API can count them alone. */
const TIMER_CATEGORY = "bench-timers";
const LAG_CATEGORY = "bench-lag";
/** How often the script asks the queue API what has been escalated. */
const POLL_MS = 250;

const fmt = (v: number, digits = 1) =>
  Number.isFinite(v) ? v.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
const n = (v: number) => v.toLocaleString("en");
const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${fmt(kb / 1024, 0)} MB`);
const seconds = (ms: number) => `${fmt(ms / 1000)} s`;

// ---------------------------------------------------------------- the server and the data directory

let serverChild: ChildProcess | undefined;
// PGlite: the database lives here. PostgreSQL: only the bundled Meilisearch's data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `forum-bench-esc-${backend}-`));
const keepDataDir = hasFlag("keep");

async function stopServer() {
  const child = serverChild;
  serverChild = undefined;
  await stopProcess(child);
}

async function cleanup() {
  await stopServer();
  if (!keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

interface Running {
  base: string;
  pid: number;
  logFile: string;
  /** Spawn to healthy, ms. */
  startMs: number;
  spawnedAt: number;
  readyAt: number;
}

const logFiles: string[] = [];

async function startServer(): Promise<Running> {
  const spawnedAt = Date.now();
  const running = await startAppServer({
    databaseUrl,
    dataDir,
    logName: `forum-bench-esc-${backend}-server`,
    onSpawn: (child) => (serverChild = child),
  });
  const readyAt = Date.now();
  logFiles.push(running.logFile);
  return { base: running.base, pid: running.child.pid ?? 0, logFile: running.logFile, startMs: readyAt - spawnedAt, spawnedAt, readyAt };
}

// ---------------------------------------------------------------- the database, in this process

async function openHere(): Promise<DatabaseHandle> {
  const { openDatabase, useDatabase } = await import("../../db/client.server");
  const handle = await openDatabase({ databaseUrl: databaseUrl || undefined, dataDir, owner: "the escalation benchmark", maxConnections: 3 });
  useDatabase(handle);
  return handle;
}

async function closeHere(handle: DatabaseHandle) {
  const { useDatabase } = await import("../../db/client.server");
  const { stopJobs, jobsRunning } = await import("../../app/jobs/boss.server");
  if (jobsRunning()) await stopJobs();
  useDatabase(undefined);
  await handle.close();
}

/** Rows of a raw query on either driver (postgres-js answers an array, PGlite `{ rows }`). */
async function rows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * PostgreSQL: empties the database, but only one that is empty or that this
 * script filled before (its timer category is there), unless --reset.
 */
async function resetPostgres() {
  const client = postgres(databaseUrl, { ...postgresOptions, max: 1 });
  try {
    const [state] = await client<{ tables: number; ours: boolean }[]>`
      select (select count(*) from pg_tables where schemaname = 'public')::int as tables,
             exists (select 1 from pg_tables where schemaname = 'public' and tablename = 'categories') as ours`;
    let filledByUs = false;
    if (state.ours) {
      const [c] = await client<{ found: boolean }[]>`select exists (select 1 from categories where slug = ${TIMER_CATEGORY}) as found`;
      filledByUs = c.found;
    }
    if (state.tables > 0 && !filledByUs && !hasFlag("reset")) {
      throw new Error(
        `${new URL(databaseUrl).pathname.slice(1)} has tables that this benchmark did not make. It drops the schemas public, drizzle and pgboss: ` +
          "use a database of its own (createdb forum_bench_esc) or pass --reset.",
      );
    }
    await client.unsafe("drop schema if exists pgboss cascade; drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;");
  } finally {
    await client.end({ timeout: 5 });
  }
}

interface Volume {
  users: number;
  customers: number;
  advocates: number;
  questions: number;
  open: number;
  escalated: number;
  assigned: number;
  waiting: number;
  mine: number;
  solved: number;
  routing: number;
  pendingTimers: number;
  category: string;
  inCategory: number;
  breachedNow: number;
}

const literalArray = (items: string[]) => sql.raw(`array[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(", ")}]`);
const products = ["Air", "Air Pro", "Studio", "Arc", "Pulse", "Beam", "Hub", "Sense thermostat", "Cam", "Band", "Watch", "Nimbus app"];
const problems = ["keeps disconnecting", "will not pair", "drains its battery overnight", "stopped updating firmware", "has no sound on the left side", "loses Wi-Fi every evening", "does not charge past 80%", "is stuck on the logo", "was charged twice", "arrived with a cracked case"];
const tags = ["bluetooth", "wifi", "firmware", "battery", "pairing", "warranty", "charging", "sound", "app", "reset"];

/** Step 1: everything set-based, in one transaction; then the routing cases' pending timers through pg-boss. */
async function fill(now: Date): Promise<Volume> {
  const handle = await openHere();
  try {
    await handle.migrate();
    const passwordHash = await hashPassword(benchPassword);
    const at = now.toISOString();
    const total = openCount + closedCount;
    const solvedCount = Math.round(closedCount * 0.8);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into sla_policies (category_id, first_response_minutes, advocate_window_minutes, resolution_minutes, coverage, time_zone)
        values ('', ${POLICY.firstResponseMinutes}::int, ${POLICY.advocateWindowMinutes}::int, ${POLICY.resolutionMinutes}::int, 'always', 'UTC')`);
      // Users 1-5 are staff (1 is bench_staff), the rest customers, every 33rd of them an advocate.
      await tx.execute(sql`
        insert into users (id, email, username, password_hash, role, reputation, created_at, updated_at)
        select substr(md5('esc-u:' || g), 1, 16),
               case when g = 1 then ${benchStaff.email}::text when g <= ${STAFF}::int then 'bench_staff_' || g || '@bench.example'
                    else 'member_' || lpad(g::text, 6, '0') || '@bench.example' end,
               case when g = 1 then ${benchStaff.username}::text when g <= ${STAFF}::int then 'bench_staff_' || g
                    else 'member_' || lpad(g::text, 6, '0') end,
               ${passwordHash}::text,
               (case when g <= ${STAFF}::int then 'staff' when g % 33 = 0 then 'advocate' else 'customer' end)::role,
               0, ${at}::timestamptz - interval '2 years', ${at}::timestamptz - interval '2 years'
        from generate_series(1, ${STAFF + customerCount}::int) g`);
      const cats = [
        ...demoCategories.map((c, i) => ({ slug: c.slug, name: c.name, description: c.description, visibility: c.visibility ?? "public", position: i })),
        { slug: TIMER_CATEGORY, name: "Bench: timer throughput", description: "Cases the escalation benchmark times.", visibility: "public", position: 100 },
        { slug: LAG_CATEGORY, name: "Bench: escalation lag", description: "Cases the escalation benchmark times.", visibility: "public", position: 101 },
      ];
      for (const c of cats) {
        await tx.execute(sql`
          insert into categories (id, slug, name, description, position, visibility, created_at)
          values (substr(md5('esc-c:' || ${c.slug}::text), 1, 16), ${c.slug}::text, ${c.name}::text, ${c.description}::text, ${c.position}::int,
                  ${c.visibility}::category_visibility, ${at}::timestamptz - interval '2 years')`);
      }
      // The plan of every case: kind, state, clocks. Open ones were asked 70 min - 3 days ago (their
      // first-response timers have fired), routing ones in the last 15 min (their timers lie 15+ min ahead, past the run).
      await tx.execute(sql`
        create temp table esc_plan on commit drop as
        with d as materialized (
          select g,
                 case when g <= ${openCount}::int then 'open' when g <= ${openCount + solvedCount}::int then 'solved' else 'routing' end as kind,
                 random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8
          from generate_series(1, ${total}::int) g
        ), t as (
          select d.*,
                 case d.kind
                   when 'open' then ${at}::timestamptz - interval '70 minutes' - power(d.r1, 2) * interval '3 days'
                   when 'solved' then ${at}::timestamptz - interval '26 hours' - d.r1 * interval '365 days'
                   else ${at}::timestamptz - interval '1 minute' - d.r1 * interval '14 minutes' end as created_at,
                 case when d.kind = 'open' then (case when d.r2 < 0.5 then 'escalated' when d.r2 < 0.9 then 'assigned' else 'waiting_on_customer' end)
                      when d.kind = 'solved' then 'solved' else 'routing' end as state
          from d
        ), s as (
          select t.*,
                 -- A staff reply stopped the first-response clock: most assigned cases, few unassigned ones.
                 case when t.kind = 'routing' then false when t.kind = 'solved' then t.r4 < 0.6
                      when t.state = 'escalated' then t.r4 < 0.15 else t.r4 < 0.85 end as stopped,
                 case when t.kind = 'routing' or (t.kind = 'solved' and t.r2 >= 0.3) then null
                      when t.r5 < 0.7 then 'advocate_window' when t.r5 < 0.85 then 'asker' when t.r5 < 0.95 then 'staff' else 'urgent' end as reason
          from t
        )
        select s.g, substr(md5('esc-q:' || s.g), 1, 16) as id, s.kind, s.state, s.created_at, s.reason,
               substr(md5('esc-u:' || (${STAFF + 1}::int + floor(s.r6 * ${customerCount}::int)::int)), 1, 16) as customer_id,
               substr(md5('esc-c:' || (${literalArray(demoCategories.slice(0, 6).map((c) => c.slug))})[1 + floor(s.r7 * 6)::int]), 1, 16) as category_id,
               case when s.state in ('assigned', 'waiting_on_customer') or (s.kind = 'solved' and s.r3 < 0.3)
                    then substr(md5('esc-u:' || (1 + floor(s.r8 * ${STAFF}::int)::int)), 1, 16) end as assignee_id,
               s.created_at + ${POLICY.advocateWindowMinutes}::int * interval '1 minute' as advocate_due_at,
               s.created_at + ${POLICY.firstResponseMinutes}::int * interval '1 minute' as first_response_due_at,
               s.created_at + ${POLICY.resolutionMinutes}::int * interval '1 minute' as resolution_due_at,
               case s.reason when 'advocate_window' then s.created_at + ${POLICY.advocateWindowMinutes}::int * interval '1 minute'
                             when 'urgent' then s.created_at
                             else s.created_at + s.r5 * interval '25 minutes' end as escalated_at,
               case when s.stopped then s.created_at + interval '5 minutes' + s.r4 * interval '90 minutes' end as clock_stopped_at,
               s.stopped, s.r3, s.r4,
               1 + (s.g % ${products.length}::int) as p, 1 + ((s.g / ${products.length}::int) % ${problems.length}::int) as pr,
               1 + (s.g % ${tags.length}::int) as tg
        from s`);
      await tx.execute(sql`
        insert into questions (id, author_id, category_id, title, body, html, tags, status, created_at, updated_at, last_activity_at)
        select p.id, p.customer_id, p.category_id,
               'Nimbus ' || (${literalArray(products)})[p.p] || ' ' || (${literalArray(problems)})[p.pr] || ' (case ' || p.g || ')',
               'It started last week. I tried a reset and the app says everything is up to date.',
               '<p>It started last week. I tried a reset and the app says everything is up to date.</p>',
               array[(${literalArray(tags)})[p.tg]],
               (case p.state when 'routing' then 'open' else p.state end)::question_status,
               p.created_at, p.created_at, greatest(p.created_at, p.clock_stopped_at)
        from esc_plan p`);
      await tx.execute(sql`
        insert into support_cases (question_id, category_id, customer_id, state, urgent, advocate_due_at, first_response_due_at, resolution_due_at,
                                   escalated_at, escalation_reason, assignee_id, sla_due_at, first_response_at, first_response_role,
                                   clock_stopped_at, breached_at, is_private, solved_at, solved_by, solved_in_private, created_at, updated_at)
        select p.id, p.category_id, p.customer_id, p.state, coalesce(p.reason = 'urgent', false), p.advocate_due_at, p.first_response_due_at, p.resolution_due_at,
               case when p.reason is not null then p.escalated_at end, p.reason, p.assignee_id,
               case when p.stopped then p.resolution_due_at else p.first_response_due_at end,
               p.clock_stopped_at, case when p.stopped then 'staff' end, p.clock_stopped_at,
               -- The first-response timer marked a breach when no staff reply came in time.
               case when p.kind = 'open' and (not p.stopped or p.clock_stopped_at > p.first_response_due_at) then p.first_response_due_at end,
               false,
               case when p.kind = 'solved' then p.created_at + interval '10 minutes' + p.r3 * interval '2 days' end,
               case when p.kind = 'solved' then (case when p.stopped then 'staff' when p.r4 < 0.9 then 'peer' else 'advocate' end) end,
               case when p.kind = 'solved' then false end,
               p.created_at, greatest(p.created_at, p.clock_stopped_at, case when p.reason is not null then p.escalated_at end)
        from esc_plan p`);
      await tx.execute(sql`
        insert into case_events (id, question_id, customer_id, kind, actor_id, data, created_at)
        select substr(md5('esc-e:' || p.g), 1, 16), p.id, p.customer_id, 'escalated', null, jsonb_build_object('reason', p.reason), p.escalated_at
        from esc_plan p where p.reason is not null`);
    });

    // The routing cases' two timers each, as openCaseInTx would have queued them: pending, 10-60 min ahead.
    const { startJobs } = await import("../../app/jobs/boss.server");
    const boss = await startJobs(handle);
    const routing = await rows<{ id: string; advocate: Date; first: Date }>(
      handle.db,
      sql`select question_id as id, advocate_due_at as advocate, first_response_due_at as first from support_cases where state = 'routing'`,
    );
    for (let i = 0; i < routing.length; i += 1000) {
      const chunk = routing.slice(i, i + 1000).flatMap((r) => [
        { data: { questionId: r.id, check: "advocate_window" }, startAfter: new Date(r.advocate) },
        { data: { questionId: r.id, check: "first_response" }, startAfter: new Date(r.first) },
      ]);
      await boss.insert("escalation.due", chunk);
    }
    await handle.db.execute(sql`vacuum analyze`);
    return await readVolume(handle.db);
  } finally {
    await closeHere(handle);
  }
}

async function readVolume(executor: Executor): Promise<Volume> {
  const [v] = await rows<Omit<Volume, "category" | "inCategory">>(
    executor,
    sql`
      select (select count(*) from users)::int as users,
             (select count(*) from users where role = 'customer')::int as customers,
             (select count(*) from users where role = 'advocate')::int as advocates,
             (select count(*) from questions)::int as questions,
             (select count(*) from support_cases where state in ('escalated', 'assigned', 'waiting_on_customer'))::int as open,
             (select count(*) from support_cases where state = 'escalated')::int as escalated,
             (select count(*) from support_cases where state = 'assigned')::int as assigned,
             (select count(*) from support_cases where state = 'waiting_on_customer')::int as waiting,
             (select count(*) from support_cases where state in ('escalated', 'assigned', 'waiting_on_customer')
                and assignee_id = substr(md5('esc-u:1'), 1, 16))::int as mine,
             (select count(*) from support_cases where state = 'solved')::int as solved,
             (select count(*) from support_cases where state = 'routing')::int as routing,
             (select count(*) from pgboss.job where name = 'escalation.due' and state = 'created')::int as "pendingTimers",
             (select count(*) from support_cases where state in ('escalated', 'assigned', 'waiting_on_customer') and (
                (clock_stopped_at is null and (breached_at is not null or first_response_due_at < now()))
                or (clock_stopped_at is not null and state <> 'waiting_on_customer' and sla_due_at < now())))::int as "breachedNow"`,
  );
  // The category with the most open cases, for the filtered row.
  const [c] = await rows<{ slug: string; count: number }>(
    executor,
    sql`select c.slug, count(*)::int as count from support_cases s join categories c on c.id = s.category_id
        where s.state in ('escalated', 'assigned', 'waiting_on_customer') group by c.slug order by count(*) desc, c.slug limit 1`,
  );
  return { ...v, category: c?.slug ?? "headphones", inCategory: c?.count ?? 0 };
}

// ---------------------------------------------------------------- opening cases the app's way

interface Opened {
  ids: string[];
  /** When each case's advocate window ends. */
  due: Date[];
  /** The transaction, from its first statement to its commit. */
  txMs: number;
  committedAt: number;
}

/**
 * Asks `count` questions in one transaction the way askQuestion does (the
 * question row, then openCaseInTx: the case, its advocate-window and
 * first-response timers, advocate routing), with `createdAt` chosen so the
 * advocate window ends at `dueAt(i)`. One commit makes them all visible.
 */
async function openCases(handle: DatabaseHandle, categorySlug: string, count: number, dueAt: (i: number) => Date): Promise<Opened> {
  const { startJobs, jobsRunning } = await import("../../app/jobs/boss.server");
  const { openCaseInTx } = await import("../../app/domain/escalation/cases.server");
  const { newId } = await import("../../db/ids");
  const { questions } = await import("../../db/schema");
  if (!jobsRunning()) await startJobs(handle);
  if (!jobsRunning()) throw new Error("pg-boss did not start: openCaseInTx would queue no timers.");
  const [category] = await rows<{ id: string }>(handle.db, sql`select id from categories where slug = ${categorySlug}::text`);
  const askers = await rows<{ id: string }>(handle.db, sql`select id from users where role = 'customer' order by random() limit ${count}::int`);
  const windowMs = POLICY.advocateWindowMinutes * 60_000;
  const ids: string[] = [];
  const due: Date[] = [];
  const began = Date.now();
  // Nothing here escalates or is listened to: the routed notifications' events are dropped.
  const events = { recorded: [], record: () => {} };
  await handle.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = newId();
      const createdAt = new Date(dueAt(i).getTime() - windowMs);
      const authorId = askers[i % askers.length].id;
      const tag = tags[i % tags.length];
      await tx.insert(questions).values({
        id,
        authorId,
        categoryId: category.id,
        title: `Nimbus ${products[i % products.length]} ${problems[i % problems.length]} (timed case ${i + 1})`,
        body: "Nothing I tried helped; the app shows no error.",
        html: "<p>Nothing I tried helped; the app shows no error.</p>",
        tags: [tag],
        createdAt,
        updatedAt: createdAt,
        lastActivityAt: createdAt,
      });
      await openCaseInTx(tx, events, { id, categoryId: category.id, authorId, authorRole: "customer", createdAt, tags: [tag] });
      ids.push(id);
      due.push(new Date(createdAt.getTime() + windowMs));
    }
  });
  const committedAt = Date.now();
  return { ids, due, txMs: committedAt - began, committedAt };
}

// ---------------------------------------------------------------- the staff queue API

interface QueuePage {
  items: { question: { id: string }; escalatedAt: string | null }[];
  counts: { open: number; breached: number };
  nextCursor: string | null;
}

async function getQueue(base: string, token: string, query: string): Promise<{ status: number; page?: QueuePage; text?: string }> {
  const res = await fetch(`${base}/api/v1/staff/queue?${query}`, { headers: { accept: "application/json", authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, text: text.slice(0, 300) };
  return { status: 200, page: JSON.parse(text) as QueuePage };
}

interface Scenario {
  name: string;
  query: string;
  expectOpen: number;
}

interface Row {
  name: string;
  connections: number;
  rps?: number;
  p50?: number;
  p99?: number;
  non2xx?: number;
  errors?: number;
  /** counts.open and counts.breached the preflight saw. */
  open?: number;
  breached?: number;
  note?: string;
}

async function loadQueue(base: string, token: string, volume: Volume): Promise<Row[]> {
  const scenarios: Scenario[] = [
    { name: "(a) filter=all", query: "filter=all", expectOpen: volume.open },
    { name: "(b) filter=unassigned", query: "filter=unassigned", expectOpen: volume.escalated },
    { name: "(c) filter=mine (bench_staff)", query: "filter=mine", expectOpen: volume.mine },
    { name: `(d) filter=all&category=${volume.category}`, query: `filter=all&category=${encodeURIComponent(volume.category)}`, expectOpen: volume.inCategory },
  ];
  const out: Row[] = [];
  for (const connections of connectionLevels) {
    for (const s of scenarios) {
      process.stdout.write(`  GET /api/v1/staff/queue?${s.query}, ${connections} conn … `);
      const pre = await getQueue(base, token, s.query);
      if (!pre.page) {
        out.push({ name: s.name, connections, note: `skipped: preflight got ${pre.status} ${pre.text ?? ""}` });
        console.log(out[out.length - 1].note);
        continue;
      }
      const note =
        pre.page.counts.open !== s.expectOpen
          ? `counts.open ${n(pre.page.counts.open)}, the database has ${n(s.expectOpen)}`
          : pre.page.items.length === 0
            ? "no items"
            : undefined;
      const request: autocannon.Request = {
        method: "GET",
        path: `/api/v1/staff/queue?${s.query}`,
        headers: { accept: "application/json", authorization: `Bearer ${token}` },
      };
      const figures = await runLoad(base, request, { connections, duration, warmup });
      out.push({ name: s.name, connections, ...figures, open: pre.page.counts.open, breached: pre.page.counts.breached, note });
      console.log(`${fmt(figures.rps)} req/s, p50 ${fmt(figures.p50)} ms, p99 ${fmt(figures.p99)} ms${note ? ` (${note})` : ""}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- timers

interface Throughput {
  jobs: number;
  escalated: number;
  /** What the clock started from: the commit (PostgreSQL) or the restarted server's spawn (PGlite). */
  startLabel: string;
  /** Start to the poll that saw every case escalated. */
  wallMs: number;
  /** PGlite: spawn to healthy of the restarted server. */
  restartMs?: number;
  txMs: number;
  timedOut: boolean;
}

/** Polls the queue API's count of open cases in one category until it reaches `want`. */
async function waitForCount(base: string, token: string, category: string, want: number, limitMs: number): Promise<{ seen: number; at: number }> {
  const deadline = Date.now() + limitMs;
  let seen = 0;
  for (;;) {
    const res = await getQueue(base, token, `filter=all&category=${category}&limit=1`).catch(() => ({ status: 0, page: undefined }));
    if (res.page) seen = res.page.counts.open;
    if (seen >= want) return { seen, at: Date.now() };
    if (Date.now() > deadline) return { seen, at: Date.now() };
    await sleep(POLL_MS);
  }
}

// ---------------------------------------------------------------- lag

interface LagWatch {
  firstSeen: Map<string, number>;
  readyAt?: number;
  restartMs?: number;
  txMs: number;
  due: Date[];
  ids: string[];
}

/** Follows the queue API for the lag category and notes when each case first shows up in it. */
async function watchLag(base: string, token: string, ids: string[], lastDue: number): Promise<Map<string, number>> {
  const firstSeen = new Map<string, number>();
  const wanted = new Set(ids);
  const deadline = lastDue + 30_000;
  while (firstSeen.size < wanted.size && Date.now() < deadline) {
    let cursor: string | null = null;
    do {
      const query: string = `filter=all&category=${LAG_CATEGORY}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await getQueue(base, token, query).catch(() => ({ status: 0, page: undefined }));
      const at = Date.now();
      if (!res.page) break;
      for (const item of res.page.items) if (wanted.has(item.question.id) && !firstSeen.has(item.question.id)) firstSeen.set(item.question.id, at);
      cursor = res.page.nextCursor;
    } while (cursor);
    await sleep(POLL_MS);
  }
  return firstSeen;
}

// ---------------------------------------------------------------- results from the database

interface Outcome {
  id: string;
  state: string;
  reason: string | null;
  dueMs: number;
  escalatedMs: number | null;
}

async function readOutcomes(executor: Executor, category: string): Promise<Outcome[]> {
  const list = await rows<{ id: string; state: string; reason: string | null; due_ms: number; escalated_ms: number | null }>(
    executor,
    sql`select s.question_id as id, s.state, s.escalation_reason as reason,
               (extract(epoch from s.advocate_due_at) * 1000)::float8 as due_ms,
               (extract(epoch from s.escalated_at) * 1000)::float8 as escalated_ms
        from support_cases s join categories c on c.id = s.category_id where c.slug = ${category}::text`,
  );
  return list.map((r) => ({ id: r.id, state: r.state, reason: r.reason, dueMs: Number(r.due_ms), escalatedMs: r.escalated_ms === null ? null : Number(r.escalated_ms) }));
}

async function readJobStates(executor: Executor): Promise<string> {
  const list = await rows<{ state: string; count: number }>(
    executor,
    sql`select state::text, count(*)::int as count from pgboss.job where name = 'escalation.due' group by state order by state`,
  );
  return list.map((r) => `${r.state} ${n(r.count)}`).join(", ");
}

// ---------------------------------------------------------------- main

function verdict(ok: boolean | undefined) {
  return ok === undefined ? "" : ok ? "yes" : "**no**";
}

async function main() {
  const phases: { name: string; ms: number }[] = [];
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const began = Date.now();
    const result = await timed(name, work);
    phases.push({ name, ms: Date.now() - began });
    return result;
  };

  console.log(
    `Escalation benchmark on ${backendName}${backend === "postgres" ? ` (${new URL(databaseUrl).pathname.slice(1)})` : ` (DATA_DIR ${dataDir})`}: ` +
      `${n(openCount)} open escalations, ${n(closedCount)} other cases, ${n(customerCount)} customers; ${n(timerCount)} timers, ${n(lagCount)} lag cases`,
  );
  if (backend === "postgres") await phase("reset (drop schemas public, drizzle, pgboss)", resetPostgres);
  const volume = await phase(`fill (${n(openCount + closedCount)} cases)`, () => fill(new Date()));
  console.log(
    `  ${n(volume.open)} open (${n(volume.escalated)} escalated, ${n(volume.assigned)} assigned, ${n(volume.waiting)} waiting on the customer; ` +
      `${n(volume.mine)} of them bench_staff's; ${n(volume.breachedNow)} breached), ${n(volume.solved)} solved, ${n(volume.routing)} routing; ` +
      `${n(volume.pendingTimers)} pending timers`,
  );

  if (!hasFlag("no-build")) await phase("build", async () => buildApp());

  // Bounded from here: the load rows, the timer and lag phases (with their own limits), three server starts at most.
  const scenarioCount = 4 * connectionLevels.length;
  const timerLimitMs = Math.max(120_000, timerCount * 60);
  const budgetMs = 240_000 + scenarioCount * (duration + warmup + 8) * 1000 + timerLimitMs + 90_000 + timerCount * 20;
  const watchdog = setTimeout(() => {
    console.error(`Time limit (${Math.round(budgetMs / 1000)} s) reached: stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  // ------------------------------------------------ 2. the staff queue
  let server = await phase("server start", startServer);
  const startTimes = [server.startMs];
  console.log(`  server ${server.base} (pid ${server.pid}), log ${server.logFile}`);
  const token = await createBenchToken(server.base, `escalation bench ${new Date().toISOString()}`);
  const loadBefore = os.loadavg()[0];
  const memBefore = memoryOf(server.pid);
  const queueRows = await phase(`staff queue load (${scenarioCount} runs)`, () => loadQueue(server.base, token, volume));
  const memAfter = memoryOf(server.pid);
  const loadAfter = os.loadavg()[0];

  // ------------------------------------------------ 3. timer throughput
  // Asked 31 minutes ago: the advocate window (30 min) is over, the first-response target (60 min) is not.
  const timersDue = new Date(Date.now() - 60_000);
  let throughput: Throughput;
  if (backend === "postgres") {
    throughput = await phase(`timers (${n(timerCount)})`, async () => {
      const handle = await openHere();
      let opened: Opened;
      try {
        opened = await openCases(handle, TIMER_CATEGORY, timerCount, () => timersDue);
      } finally {
        await closeHere(handle);
      }
      const seen = await waitForCount(server.base, token, TIMER_CATEGORY, timerCount, timerLimitMs);
      return {
        jobs: timerCount,
        escalated: seen.seen,
        startLabel: "commit",
        wallMs: seen.at - opened.committedAt,
        txMs: opened.txMs,
        timedOut: seen.seen < timerCount,
      };
    });
  } else {
    throughput = await phase(`timers (${n(timerCount)}), server restarted`, async () => {
      await stopServer();
      const handle = await openHere();
      let opened: Opened;
      try {
        opened = await openCases(handle, TIMER_CATEGORY, timerCount, () => timersDue);
      } finally {
        await closeHere(handle);
      }
      server = await startServer();
      startTimes.push(server.startMs);
      const seen = await waitForCount(server.base, token, TIMER_CATEGORY, timerCount, timerLimitMs);
      return {
        jobs: timerCount,
        escalated: seen.seen,
        startLabel: "server spawn",
        wallMs: seen.at - server.spawnedAt,
        restartMs: server.startMs,
        txMs: opened.txMs,
        timedOut: seen.seen < timerCount,
      };
    });
  }
  console.log(`  ${n(throughput.escalated)} / ${n(throughput.jobs)} escalated, ${seconds(throughput.wallMs)} from ${throughput.startLabel}`);

  // ------------------------------------------------ 4. lag
  const spread = (i: number) => 10_000 + (30_000 * i) / (lagCount - 1);
  const lagPhase = backend === "postgres" ? `lag (${n(lagCount)} cases, due 10-40 s ahead)` : `lag (${n(lagCount)} cases), server restarted`;
  const lag: LagWatch = await phase(lagPhase, async () => {
    if (backend === "postgres") {
      const handle = await openHere();
      let opened: Opened;
      try {
        // Due 10-40 s after the commit; the transaction itself takes well under 10 s.
        const anchor = Date.now() + Math.min(5_000, lagCount * 10);
        opened = await openCases(handle, LAG_CATEGORY, lagCount, (i) => new Date(anchor + spread(i)));
      } finally {
        await closeHere(handle);
      }
      const lastDue = Math.max(...opened.due.map((d) => d.getTime()));
      const firstSeen = await watchLag(server.base, token, opened.ids, lastDue);
      return { firstSeen, txMs: opened.txMs, due: opened.due, ids: opened.ids };
    }
    await stopServer();
    const handle = await openHere();
    let opened: Opened;
    try {
      // Due 10-40 s after the restarted server is ready: this run's creation time and its first start
      // (the one without a backlog to drain), with a margin. Cases due before it is ready are left out.
      const perCase = throughput.txMs / timerCount;
      const anchor = Date.now() + perCase * lagCount * 1.5 + 2_000 + startTimes[0] * 2 + 3_000;
      opened = await openCases(handle, LAG_CATEGORY, lagCount, (i) => new Date(anchor + spread(i)));
    } finally {
      await closeHere(handle);
    }
    server = await startServer();
    startTimes.push(server.startMs);
    const lastDue = Math.max(...opened.due.map((d) => d.getTime()));
    const firstSeen = await watchLag(server.base, token, opened.ids, lastDue);
    return { firstSeen, txMs: opened.txMs, due: opened.due, ids: opened.ids, readyAt: server.readyAt, restartMs: server.startMs };
  });

  await phase("server stop", stopServer);
  clearTimeout(watchdog);

  // ------------------------------------------------ results, from the database
  const handle = await openHere();
  let timerOutcomes: Outcome[];
  let lagOutcomes: Outcome[];
  let jobStates: string;
  try {
    timerOutcomes = await readOutcomes(handle.db, TIMER_CATEGORY);
    lagOutcomes = await readOutcomes(handle.db, LAG_CATEGORY);
    jobStates = await readJobStates(handle.db);
  } finally {
    await closeHere(handle);
  }

  const escalatedTimes = timerOutcomes
    .filter((o) => o.escalatedMs !== null && o.reason === "advocate_window")
    .map((o) => o.escalatedMs as number)
    .sort((a, b) => a - b);
  const drainMs = escalatedTimes.length > 1 ? escalatedTimes[escalatedTimes.length - 1] - escalatedTimes[0] : Number.NaN;
  const drainRate = escalatedTimes.length > 1 ? (escalatedTimes.length - 1) / (drainMs / 1000) : Number.NaN;
  // The middle 80% of the escalations: the steady rate, without the first poll's wait and the last batch's tail.
  const p10 = percentile(escalatedTimes, 10);
  const p90 = percentile(escalatedTimes, 90);
  const middleRate = escalatedTimes.length >= 10 && p90 > p10 ? (0.8 * escalatedTimes.length) / ((p90 - p10) / 1000) : Number.NaN;
  const wallRate = throughput.escalated / (throughput.wallMs / 1000);

  const dueById = new Map(lag.ids.map((id, i) => [id, lag.due[i].getTime()]));
  const ready = lag.readyAt;
  const dueBeforeReady = ready ? lagOutcomes.filter((o) => o.dueMs < ready).length : 0;
  const counted = lagOutcomes.filter((o) => !ready || o.dueMs >= ready);
  const lagHandler = counted
    .filter((o) => o.escalatedMs !== null)
    .map((o) => (o.escalatedMs as number) - o.dueMs)
    .sort((a, b) => a - b);
  const lagSeen = counted
    .filter((o) => lag.firstSeen.has(o.id))
    .map((o) => (lag.firstSeen.get(o.id) as number) - (dueById.get(o.id) ?? o.dueMs))
    .sort((a, b) => a - b);
  const lagEscalated = lagOutcomes.filter((o) => o.escalatedMs !== null).length;
  const lagReasons = new Set(lagOutcomes.map((o) => o.reason ?? "none"));

  // ------------------------------------------------ tables
  console.log("");
  console.log(
    `## Escalation on ${backendName}: ${n(volume.open)} open escalations, ${n(volume.open + volume.solved + volume.routing)} cases, ` +
      `${n(volume.users)} users (${machineDescription()})`,
  );
  console.log("");
  console.log(
    `Volume: ${n(volume.questions)} questions, each with its case; open: ${n(volume.escalated)} escalated (unassigned), ${n(volume.assigned)} assigned, ` +
      `${n(volume.waiting)} waiting on the customer (${n(volume.mine)} assigned to bench_staff, ${n(volume.breachedNow)} breached at fill time); ` +
      `${n(volume.solved)} solved, ${n(volume.routing)} routing with ${n(volume.pendingTimers)} pending timers; ` +
      `${n(volume.customers)} customers, ${n(volume.advocates)} advocates, ${STAFF} staff.`,
  );
  console.log(
    `autocannon on the same machine as the server, Bearer token of bench_staff, default page (limit 50): ${duration} s per row after a ${warmup} s warm-up. ` +
      `Load average (1 min) ${fmt(loadBefore, 2)} when the load started, ${fmt(loadAfter, 2)} at the end.`,
  );
  console.log("");
  console.log(`| GET /api/v1/staff/queue?… | connections | requests/s | p50 ms | p99 ms | non-2xx | errors | counts.open | p99 < ${QUEUE_P99_MS} ms |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of queueRows) {
    if (r.rps === undefined) console.log(`| ${r.name} | ${r.connections} | ${r.note} | | | | | | |`);
    else
      console.log(
        `| ${r.name} | ${r.connections} | ${fmt(r.rps)} | ${fmt(r.p50 ?? 0)} | ${fmt(r.p99 ?? 0)} | ${r.non2xx} | ${r.errors} | ${n(r.open ?? 0)}${
          r.note ? ` (${r.note})` : ""
        } | ${verdict((r.p99 ?? Infinity) < QUEUE_P99_MS)} |`,
      );
  }
  console.log("");
  console.log(`Server RSS ${mb(memBefore.rss)} before the load, ${mb(memAfter.rss)} after.`);
  console.log("");

  const how =
    backend === "postgres"
      ? `opened by openCaseInTx in this process, in one transaction (${seconds(throughput.txMs)}), while the server's worker ran; wall clock from the commit`
      : `opened by openCaseInTx in this process while the server was stopped (${seconds(throughput.txMs)}), then the server was started again ` +
        `(ready in ${seconds(throughput.restartMs ?? 0)}); wall clock from its spawn, so it includes the start`;
  console.log(`Timers: ${n(timerCount)} questions asked 31 min ago (advocate window over, first-response target not yet), ${how}. ` +
    `The queue API's counts.open for their category was polled every ${POLL_MS} ms.`);
  console.log("");
  console.log(
    `| timer throughput | timers | escalated | first → last escalated_at | jobs/s (drain) | jobs/s (middle 80%) | ${throughput.startLabel} → all escalated | jobs/s (wall) | ≥ ${JOBS_PER_SECOND} jobs/s |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  console.log(
    `| \`escalation.due\` (advocate_window), backlog due at once | ${n(timerCount)} | ${n(escalatedTimes.length)} | ${seconds(drainMs)} | ${fmt(drainRate)} | ${fmt(middleRate)} | ` +
      `${throughput.timedOut ? `not all within ${seconds(timerLimitMs)}` : seconds(throughput.wallMs)} | ${fmt(wallRate)} | ${verdict(
        Number.isFinite(drainRate) ? drainRate >= JOBS_PER_SECOND : undefined,
      )} |`,
  );
  console.log("");
  console.log(`pg-boss escalation.due jobs at the end: ${jobStates}.`);
  console.log("");

  const lagHow =
    backend === "postgres"
      ? `10-40 s ahead, opened by openCaseInTx in this process in one transaction (${seconds(lag.txMs)}) while the server ran`
      : `opened by openCaseInTx in this process while the server was stopped (${seconds(lag.txMs)}); the restarted server was ready ` +
        `${seconds(Math.min(...lag.due.map((d) => d.getTime())) - (lag.readyAt ?? 0))} before the first came due ` +
        `and ${seconds(Math.max(...lag.due.map((d) => d.getTime())) - (lag.readyAt ?? 0))} before the last` +
        (dueBeforeReady ? `; ${dueBeforeReady} came due before it was ready and are left out` : "");
  console.log(`Lag: ${n(lagCount)} cases due over 30 s, evenly spread, ${lagHow}; the server was otherwise idle. ` +
    `escalated_at is the \`now\` runEscalationCheck takes when the handler reaches the job (before its transaction); ` +
    `"first seen" polls GET /api/v1/staff/queue?category=${LAG_CATEGORY} every ${POLL_MS} ms, so it adds up to that much.`);
  console.log("");
  console.log(`| lag after advocate_due_at, ${n(counted.length)} cases | p50 ms | p99 ms | max ms | escalated | p99 < ${LAG_P99_MS / 1000} s |`);
  console.log("|---|---:|---:|---:|---:|---|");
  console.log(
    `| escalated_at − advocate_due_at | ${fmt(percentile(lagHandler, 50), 0)} | ${fmt(percentile(lagHandler, 99), 0)} | ${fmt(
      lagHandler[lagHandler.length - 1] ?? Number.NaN,
      0,
    )} | ${n(lagHandler.length)} / ${n(counted.length)} | ${verdict(lagHandler.length ? percentile(lagHandler, 99) < LAG_P99_MS && lagHandler.length === counted.length : undefined)} |`,
  );
  console.log(
    `| first seen in the staff queue API − advocate_due_at | ${fmt(percentile(lagSeen, 50), 0)} | ${fmt(percentile(lagSeen, 99), 0)} | ${fmt(
      lagSeen[lagSeen.length - 1] ?? Number.NaN,
      0,
    )} | ${n(lagSeen.length)} / ${n(counted.length)} | |`,
  );
  console.log("");
  console.log(`Escalation reasons of the lag cases: ${[...lagReasons].join(", ")}; escalated ${n(lagEscalated)} / ${n(lagOutcomes.length)}.`);
  console.log(`Server start (spawn → /healthz 200): ${startTimes.map((ms) => seconds(ms)).join(", ")}. Logs: ${logFiles.join(", ")}`);
  console.log("");
  console.log("| phase | seconds |");
  console.log("|---|---:|");
  for (const p of phases) console.log(`| ${p.name} | ${fmt(p.ms / 1000)} |`);

  const failed =
    queueRows.some((r) => r.rps === undefined || (r.non2xx ?? 0) > 0 || (r.errors ?? 0) > 0) ||
    throughput.timedOut ||
    lagHandler.length < counted.length;
  if (failed) console.log("\nSome requests failed, or some timers never fired: see above and the server log.");
  process.exitCode = failed ? 1 : 0;
}

// Ctrl-C must not leave a server (and its Meilisearch) running.
process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
