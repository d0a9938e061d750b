/**
 * Questions and answers under load, against the real server on 127.0.0.1.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench \
 *     node --import tsx tests/bench/qa.ts [--duration 20] [--connections 50] [--warmup 2]
 *       [--sockets 200] [--posts 50] [--deep-offset 50000] [--question <id>] [--no-build]
 *       [--pages-only] [--page-duration 10]
 *
 * Needs a database filled by tests/bench/generate.ts. Builds the app, starts
 * `node build/server.js` (production mode, bundled Meilisearch unless
 * MEILI_HOST is set), drives it with autocannon, then measures socket.io
 * fan-out of `answer:created`, and stops the server. The load generator runs
 * on the same machine as the server, so on a small machine the figures are a
 * floor, not a ceiling.
 *
 * Then the page cache (docs/decisions/013-anonymous-page-cache.md): the home
 * page, a question and the latest list, each signed out with a cold cache
 * (every request a new cache key: a language no one else reads in), signed
 * out with a warm cache, and signed in (which never uses it), for
 * --page-duration seconds each. --pages-only runs just those.
 *
 * It writes: one API token and the answers it posts (to random questions,
 * never to the 10-answer question), so repeated runs stay comparable.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import postgres from "postgres";
import { io, type Socket } from "socket.io-client";
import { encodeCursor } from "../../app/domain/questions/cursor";
import type { ClientToServerEvents, ServerToClientEvents } from "../../app/realtime/events";
import { benchStaff, buildApp, createBenchToken, findTenAnswerQuestion, flag, hasFlag, intFlag, memoryOf, percentile, postgresOptions, requireLocalDatabaseUrl, runLoad, startAppServer, stopProcess } from "./shared";

const databaseUrl = requireLocalDatabaseUrl();
const duration = intFlag("duration", 20);
const connections = intFlag("connections", 50);
const warmup = intFlag("warmup", 2, 0);
const socketCount = intFlag("sockets", 200);
const fanoutPosts = intFlag("posts", 50);
const deepOffsetWanted = intFlag("deep-offset", 50_000, 0);
const postTargetCount = 3_000;
const pagesOnly = hasFlag("pages-only");
const pageDuration = intFlag("page-duration", 10);

// ---------------------------------------------------------------- helpers

const fmt = (n: number, digits = 1) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${fmt(kb / 1024, 0)} MB`);

// ---------------------------------------------------------------- the server

// Kept from the moment of spawning, so the watchdog and Ctrl-C can stop it too.
let serverChild: ChildProcess | undefined;
let serverDataDir: string | undefined;

async function stopServer() {
  const child = serverChild;
  serverChild = undefined;
  await stopProcess(child);
  if (serverDataDir) fs.rmSync(serverDataDir, { recursive: true, force: true });
  serverDataDir = undefined;
}

// ---------------------------------------------------------------- API access


// ---------------------------------------------------------------- HTTP scenarios

interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** A fresh path per request (posting spreads over many questions). */
  nextPath?: () => string;
  /** Pages that may not exist yet are reported as skipped instead of failing the run. */
  optional?: boolean;
  /** Fresh headers per request (a cold page cache: a new key each time). */
  nextHeaders?: () => Record<string, string>;
  /** The X-Cache the preflight must see, so a row measures what its name says. */
  expectCache?: "hit" | "miss" | "bypass";
  duration?: number;
}

interface Row {
  name: string;
  rps?: number;
  p50?: number;
  p99?: number;
  non2xx?: number;
  errors?: number;
  note?: string;
}

async function preflight(base: string, s: Scenario): Promise<string | undefined> {
  const headers = s.nextHeaders ? { ...s.headers, ...s.nextHeaders() } : s.headers;
  let res = await fetch(base + s.path, { method: s.method, headers, body: s.body });
  await res.arrayBuffer();
  // A warm row fills the cache first; anything written in the seconds before (the search push) may have emptied it.
  for (let i = 0; s.expectCache === "hit" && res.ok && res.headers.get("x-cache") !== "hit" && i < 50; i++) {
    await sleep(100);
    res = await fetch(base + s.path, { method: s.method, headers, body: s.body });
    await res.arrayBuffer();
  }
  if (res.ok && s.expectCache && res.headers.get("x-cache") !== s.expectCache) return `skipped: expected X-Cache ${s.expectCache}, got ${res.headers.get("x-cache")}`;
  if (res.ok) return undefined;
  if (s.optional && res.status === 404) return "skipped: 404, page not there yet";
  return `skipped: preflight got ${res.status}`;
}

async function measure(base: string, s: Scenario): Promise<Row> {
  const problem = await preflight(base, s);
  if (problem) return { name: s.name, note: problem };
  // autocannon merges requests over its defaults with Object.assign: an explicit undefined would replace them.
  const request: autocannon.Request = { method: s.method, path: s.path, headers: s.headers };
  if (s.body !== undefined) request.body = s.body;
  const next = s.nextPath;
  const nextHeaders = s.nextHeaders;
  if (next || nextHeaders) {
    request.setupRequest = (r) => ({ ...r, ...(next ? { path: next() } : {}), ...(nextHeaders ? { headers: { ...s.headers, ...nextHeaders() } } : {}) });
  }
  return { name: s.name, ...(await runLoad(base, request, { connections, duration: s.duration ?? duration, warmup })) };
}

/** A browser's session: bench_staff signed in through the API, as the login form would. */
async function benchSessionCookie(base: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ login: benchStaff.username, password: benchStaff.password }),
  });
  await login.arrayBuffer();
  if (login.status !== 200) throw new Error(`Login as ${benchStaff.username} failed: ${login.status}`);
  return login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Each page three ways: signed out with nothing cached, signed out cached, signed in. */
function pageCacheScenarios(pages: { label: string; path: string }[], cookie: string): Scenario[] {
  const html = { accept: "text/html", "accept-language": "en-US,en;q=0.9" };
  let unique = 0;
  return pages.flatMap(({ label, path }) => [
    {
      name: `${label} signed out, cold cache`,
      method: "GET" as const,
      path,
      headers: html,
      nextHeaders: () => ({ "accept-language": `x-bench-${(unique++).toString(36)}` }),
      expectCache: "miss" as const,
      duration: pageDuration,
    },
    { name: `${label} signed out, warm cache`, method: "GET" as const, path, headers: html, expectCache: "hit" as const, duration: pageDuration },
    { name: `${label} signed in`, method: "GET" as const, path, headers: { ...html, cookie }, expectCache: "bypass" as const, duration: pageDuration },
  ]);
}

// ---------------------------------------------------------------- fan-out

interface FanoutResult {
  sockets: number;
  posts: number;
  failedPosts: number;
  receipts: number;
  expected: number;
  latencies: number[];
  postLatencies: number[];
}

type ForumSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * N sockets listen in one question's room; answers are posted one at a time
 * and each receipt is timed from just before its POST was sent, so the figure
 * includes the write, the commit and the broadcast.
 */
async function fanOut(base: string, token: string, questionId: string): Promise<FanoutResult> {
  const sockets: ForumSocket[] = [];
  const arrivals = new Map<string, number[]>();
  let waiting: { answerId: string; resolve: () => void } | undefined;
  const complete = (answerId: string) => (arrivals.get(answerId)?.length ?? 0) >= socketCount;

  try {
    for (let i = 0; i < socketCount; i++) {
      const socket: ForumSocket = io(base, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10_000 });
      socket.on("answer:created", ({ answerId }) => {
        const at = performance.now();
        const list = arrivals.get(answerId) ?? [];
        list.push(at);
        arrivals.set(answerId, list);
        if (waiting?.answerId === answerId && complete(answerId)) waiting.resolve();
      });
      sockets.push(socket);
    }
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve, reject) => {
            socket.once("connect", () => resolve());
            socket.once("connect_error", (err) => reject(new Error(`socket connect failed: ${err.message}`)));
          }),
      ),
    );
    const acks = await Promise.all(sockets.map((socket) => socket.timeout(10_000).emitWithAck("subscribe", { room: `question:${questionId}` })));
    const refused = acks.filter((a) => !a.ok).length;
    if (refused) throw new Error(`${refused} of ${socketCount} sockets could not subscribe to question:${questionId}`);

    const latencies: number[] = [];
    const postLatencies: number[] = [];
    let failedPosts = 0;
    for (let i = 0; i < fanoutPosts; i++) {
      const sentAt = performance.now();
      const res = await fetch(`${base}/api/v1/questions/${questionId}/answers`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: `Fan-out benchmark answer ${i + 1}: restart the hub, then pair it again.` }),
      });
      postLatencies.push(performance.now() - sentAt);
      if (res.status !== 201) {
        failedPosts++;
        await res.arrayBuffer();
        continue;
      }
      const { answer } = (await res.json()) as { answer: { id: string } };
      if (!complete(answer.id)) {
        // Receipts that have not arrived after 5 s count as lost.
        await Promise.race([new Promise<void>((resolve) => (waiting = { answerId: answer.id, resolve })), sleep(5_000)]);
        waiting = undefined;
      }
      for (const at of arrivals.get(answer.id) ?? []) latencies.push(at - sentAt);
      await sleep(100);
    }
    latencies.sort((a, b) => a - b);
    postLatencies.sort((a, b) => a - b);
    return {
      sockets: socketCount,
      posts: fanoutPosts,
      failedPosts,
      receipts: latencies.length,
      expected: socketCount * fanoutPosts,
      latencies,
      postLatencies,
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

// ---------------------------------------------------------------- main

function printTable(rows: Row[]) {
  console.log("| scenario | requests/s | p50 ms | p99 ms | non-2xx | errors |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    if (r.note) console.log(`| ${r.name} | ${r.note} | | | | |`);
    else console.log(`| ${r.name} | ${fmt(r.rps ?? 0)} | ${fmt(r.p50 ?? 0)} | ${fmt(r.p99 ?? 0)} | ${r.non2xx} | ${r.errors} |`);
  }
}

async function main() {
  const sql = postgres(databaseUrl, { ...postgresOptions, max: 1 });
  let volume: { questions: number; answers: number };
  let target: string | undefined;
  let deepCursor: string;
  let deepOffset: number;
  let postTargets: string[];
  try {
    [volume] = await sql<{ questions: number; answers: number }[]>`
      select (select count(*) from questions where deleted_at is null)::int as questions,
             (select count(*) from answers where deleted_at is null)::int as answers`;
    target = flag("question") ?? (await findTenAnswerQuestion(sql));
    if (!target) throw new Error("No question with exactly 10 answers: fill the database with tests/bench/generate.ts first.");
    // Keep at least a page of rows behind the cursor on small databases.
    deepOffset = Math.max(0, Math.min(deepOffsetWanted, volume.questions - 25));
    // The cursor the app would hand out for the row at that offset (same text form of the timestamp, same order).
    const [deep] = await sql<{ at: string; id: string }[]>`
      select last_activity_at::text as at, id from questions where deleted_at is null
      order by last_activity_at desc, id desc offset ${deepOffset} limit 1`;
    deepCursor = encodeCursor(deep.at, deep.id);
    const rows = await sql<{ id: string }[]>`
      select id from questions where deleted_at is null and id <> ${target} order by random() limit ${postTargetCount + 1}`;
    postTargets = rows.map((r) => r.id);
  } finally {
    await sql.end({ timeout: 5 });
  }
  // The fan-out room gets a question of its own, so its 50 answers do not land on a load-test target.
  const fanoutQuestion = postTargets.pop() ?? target;
  const tenAnswerQuestion = target;

  // Everything after the build is bounded: each scenario, server start and stop, and the fan-out.
  if (!hasFlag("no-build")) buildApp();
  const pageRows = 9;
  const budgetMs = (120 + pageRows * (pageDuration + warmup + 10) + (pagesOnly ? 0 : 7 * (duration + warmup + 10) + 60 + socketCount / 10 + fanoutPosts * 6)) * 1000;
  const watchdog = setTimeout(() => {
    console.error(`Time limit (${Math.round(budgetMs / 1000)} s) reached: stopping.`);
    void stopServer().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  serverDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-data-"));
  const running = await startAppServer({ databaseUrl, dataDir: serverDataDir, logName: "forum-bench-server", onSpawn: (child) => (serverChild = child) });
  const { base, child } = running;
  const pid = child.pid ?? 0;
  console.log(`Server ${base} (pid ${pid}), log ${running.logFile}`);
  const token = await createBenchToken(base);

  const html = { accept: "text/html" };
  const api = { accept: "application/json" };
  const cursorParam = encodeURIComponent(deepCursor);
  let turn = 0;
  // Rows (a), (b) and (d) measure rendering, as they did before the page cache: each request is a new cache key.
  let rendered = 0;
  const uncached = () => ({ "accept-language": `x-render-${(rendered++).toString(36)}` });
  const pageScenarios = pageCacheScenarios(
    [
      { label: "(h) GET / (home)", path: "/" },
      { label: "(h) GET /q/:id (10 answers)", path: `/q/${tenAnswerQuestion}` },
      { label: "(h) GET /questions (latest)", path: "/questions" },
    ],
    await benchSessionCookie(base),
  );
  const scenarios: Scenario[] = [
    { name: "(a) GET /questions (HTML, page 1)", method: "GET", path: "/questions", headers: html, nextHeaders: uncached, optional: true },
    { name: `(b) GET /questions?cursor= (HTML, offset ${deepOffset.toLocaleString("en")})`, method: "GET", path: `/questions?cursor=${cursorParam}`, headers: html, nextHeaders: uncached, optional: true },
    { name: "(c) GET /api/v1/questions (page 1)", method: "GET", path: "/api/v1/questions", headers: api },
    { name: `(c) GET /api/v1/questions?cursor= (offset ${deepOffset.toLocaleString("en")})`, method: "GET", path: `/api/v1/questions?cursor=${cursorParam}`, headers: api },
    { name: "(d) GET /q/:id (HTML, 10 answers)", method: "GET", path: `/q/${tenAnswerQuestion}`, headers: html, nextHeaders: uncached, optional: true },
    { name: "(e) GET /api/v1/questions/:id (10 answers)", method: "GET", path: `/api/v1/questions/${tenAnswerQuestion}`, headers: api },
    {
      name: `(f) POST /api/v1/questions/:id/answers (${postTargets.length.toLocaleString("en")} questions)`,
      method: "POST",
      path: `/api/v1/questions/${postTargets[0]}/answers`,
      headers: { ...api, "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ body: "Benchmark answer: unplug the hub for ten seconds, then pair the speaker again from the app." }),
      nextPath: () => `/api/v1/questions/${postTargets[turn++ % postTargets.length]}/answers`,
    },
  ];

  // A cursor the app cannot read would make the deep scenarios measure an error page.
  const probe = await fetch(`${base}/api/v1/questions?limit=1&cursor=${cursorParam}`);
  const page = probe.ok ? ((await probe.json()) as { questions: { id: string }[] }) : undefined;
  if (!page?.questions.length) throw new Error(`The deep cursor does not work: GET /api/v1/questions?cursor= answered ${probe.status}.`);

  // Other work on the machine skews every figure; the load average says whether there was any.
  const loadBefore = os.loadavg()[0];
  const memBefore = memoryOf(pid);
  const run = async (list: Scenario[]) => {
    const out: Row[] = [];
    for (const s of list) {
      process.stdout.write(`  ${s.name} … `);
      const row = await measure(base, s);
      console.log(row.note ?? `${fmt(row.rps ?? 0)} req/s`);
      out.push(row);
    }
    return out;
  };
  // The page cache first: the answers (f) posts keep invalidating it while the search index catches up.
  const pageRowsMeasured = await run(pageScenarios);
  const rows: Row[] = pagesOnly ? [] : await run(scenarios);
  const memAfterHttp = memoryOf(pid);

  let fan: FanoutResult | undefined;
  if (!pagesOnly) {
    process.stdout.write(`  (g) fan-out: ${socketCount} sockets, ${fanoutPosts} answers … `);
    fan = await fanOut(base, token, fanoutQuestion);
    console.log("done");
  }
  const memAfterFanout = memoryOf(pid);

  const loadAfter = os.loadavg()[0];
  await stopServer();
  clearTimeout(watchdog);

  const cpu = os.cpus();
  console.log("");
  console.log(
    `## Questions and answers: ${volume.questions.toLocaleString("en")} questions, ${volume.answers.toLocaleString("en")} answers` +
      ` (${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${fmt(os.totalmem() / 2 ** 30, 0)} GB RAM, node ${process.version})`,
  );
  console.log("");
  console.log(
    `autocannon: ${connections} connections, ${duration} s per scenario (${pageDuration} s for the page cache rows) after a ${warmup} s warm-up, on the same machine as the server; one server process.`,
  );
  console.log(`10-answer question ${tenAnswerQuestion}; deep cursor at offset ${deepOffset.toLocaleString("en")}.`);
  console.log(`Load average (1 min) ${fmt(loadBefore, 2)} when the load started, ${fmt(loadAfter, 2)} at the end (the load itself counts).`);
  console.log("");
  console.log("Page cache (docs/decisions/013-anonymous-page-cache.md): cold = every request a new cache key, so each is rendered and stored; warm = served from the cache; signed in = never cached.");
  console.log("");
  printTable(pageRowsMeasured);
  if (rows.length) {
    console.log("");
    console.log("(a), (b) and (d) are rendered on every request (a new cache key each), as before the page cache.");
    console.log("");
    printTable(rows);
  }
  console.log("");
  console.log(
    `Server RSS: ${mb(memBefore.rss)} before the load, ${mb(memAfterHttp.rss)} after the HTTP load, ${mb(memAfterFanout.rss)} after the fan-out; peak ${mb(memAfterFanout.peak)}.`,
  );
  const allRows = [...pageRowsMeasured, ...rows];
  if (!fan) {
    const failedPages = allRows.some((r) => (r.non2xx ?? 0) > 0 || (r.errors ?? 0) > 0 || r.note);
    if (failedPages) console.log("\nSome requests failed or a row was skipped: see the table and the server log.");
    process.exitCode = failedPages ? 1 : 0;
    return;
  }
  console.log("");
  console.log(`| real-time fan-out (${fan.sockets} sockets × ${fan.posts} answers) | p50 ms | p99 ms | max ms | receipts |`);
  console.log("|---|---:|---:|---:|---:|");
  console.log(
    `| POST -> answer:created on each socket | ${fmt(percentile(fan.latencies, 50))} | ${fmt(percentile(fan.latencies, 99))} | ${fmt(fan.latencies[fan.latencies.length - 1] ?? Number.NaN)} | ${fan.receipts.toLocaleString("en")} / ${fan.expected.toLocaleString("en")} |`,
  );
  console.log(
    `| POST response (for comparison) | ${fmt(percentile(fan.postLatencies, 50))} | ${fmt(percentile(fan.postLatencies, 99))} | ${fmt(fan.postLatencies[fan.postLatencies.length - 1] ?? Number.NaN)} | ${fan.posts - fan.failedPosts} / ${fan.posts} posted |`,
  );

  const failed = allRows.some((r) => (r.non2xx ?? 0) > 0 || (r.errors ?? 0) > 0) || fan.receipts < fan.expected || fan.failedPosts > 0;
  if (failed) console.log("\nSome requests failed or some receipts were lost: see the table and the server log.");
  process.exitCode = failed ? 1 : 0;
}

// Ctrl-C must not leave a server (and its Meilisearch) running.
process.once("SIGINT", () => void stopServer().finally(() => process.exit(130)));

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopServer();
  process.exitCode = 1;
}
