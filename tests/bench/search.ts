/**
 * Search under load, against the real server on 127.0.0.1.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench \
 *     node --import tsx tests/bench/search.ts [--duration 10] [--connections 50] [--warmup 2]
 *       [--posts 200] [--similar-connections 1,10] [--no-build]
 *
 * Needs a database filled by tests/bench/generate.ts. In order:
 *   1. starts a bundled Meilisearch of its own (data in a temporary directory)
 *      and times a full `reindexQuestions` over every question;
 *   2. builds the app and starts `node build/server.js` (production mode)
 *      pointed at that Meilisearch and index prefix;
 *   3. loads GET /api/v1/search and GET /api/v1/search/similar with
 *      autocannon, then sends the same searches straight to Meilisearch, so
 *      the app's overhead shows as a ratio;
 *   4. measures index lag: questions posted one at a time through the API,
 *      each timed from just before its POST until GET /api/v1/search finds it;
 *   5. stops the server and Meilisearch and deletes the temporary directory.
 *
 * It writes to the database: one API token and the `--posts` questions of the
 * lag test (titles carry a `zq…` token word, category rotates). The load
 * generator shares the machine with everything else, so the figures are a floor.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import postgres from "postgres";
import { openDatabase, useDatabase, type DatabaseHandle } from "../../db/client.server";
import { applyIndexSettings, createSearchClient } from "../../search/client.server";
import { startEmbeddedMeili, type EmbeddedMeili } from "../../search/embedded.server";
import { reindexQuestions } from "../../search/reindex.server";
import { RETRIEVED, visibilityFilters } from "../../app/domain/search/search.server";
import { similarRanking } from "../../app/domain/search/similar.server";
import { candidateSearches } from "../../app/domain/search/ranking/candidates.server";
import { surfaceWords } from "../../app/domain/search/ranking/terms";
import { buildApp, createBenchToken, type LoadFigures, flag, hasFlag, intFlag, memoryOf, percentile, postgresOptions, requireLocalDatabaseUrl, runLoad, startAppServer, stopProcess } from "./shared";

const databaseUrl = requireLocalDatabaseUrl();
const duration = intFlag("duration", 10);
const connections = intFlag("connections", 50);
const warmup = intFlag("warmup", 2, 0);
const lagPosts = intFlag("posts", 200);
/** Extra runs of (b) alone at these connection counts, after the main rows: the per-request cost without the queueing of 50. */
const similarConnections = (flag("similar-connections") ?? "")
  .split(",")
  .filter(Boolean)
  .map((c) => {
    const n = Number(c);
    if (!Number.isInteger(n) || n < 1) {
      console.error("--similar-connections takes positive integers separated by commas, e.g. 1,10.");
      process.exit(2);
    }
    return n;
  });
// Not a user-facing knob so much as a safety: the prefix the app must be told, checked against the config's rule.
const prefix = flag("prefix") ?? "bench_";
if (!/^[a-zA-Z0-9_-]*$/.test(prefix)) {
  console.error("--prefix may hold letters, digits, _ and - only (the app's MEILI_INDEX_PREFIX rule).");
  process.exit(2);
}

/** One poll for the lag test: how often, and when a question counts as lost. */
const POLL_MS = 25;
const LAG_TIMEOUT_MS = 10_000;
/** The lag phase stops early after this many lost questions in a row: the drainer is plainly stuck. */
const LAG_GIVE_UP_AFTER = 5;

// ---------------------------------------------------------------- workload

/**
 * Searches a user of the generated forum would type: product names and
 * symptoms from generate.ts's vocabulary, short and long, a few with typos
 * (typo tolerance is part of the cost), one with a number.
 */
const queries = [
  "air pro disconnecting",
  "hub wifi",
  "battery drains overnight",
  "thermostat wrong time",
  "bluetoth pairing",
  "firmwear update",
  "studio crackles at high volume",
  "watch does not charge past 80%",
  "cam stuck on logo",
  "band battery",
  "nimbus app lags behind video",
  "will not pair android 14",
  "keeps disconnecting windows laptop",
  "beam multi-room mode",
  "pulse after factory reset",
  "codec aac sbc dropouts",
  "warranty replacment",
  "no sound left side",
  "firmware 4.3",
  "arc loses wi-fi every evening",
];

/** Titles of questions being drafted, as the ask form sends them to /search/similar. */
const draftTitles = [
  "My Air Pro earbuds keep disconnecting from my laptop",
  "Hub drops off the Wi-Fi every night",
  "Studio speaker crackles when the volume is high",
  "Watch battery dies overnight after the update",
  "Cannot pair the Pulse with my Android phone",
  "Sense thermostat shows the wrong time",
  "Cam stuck on the boot logo after a reset",
  "Band will not charge above 80 percent",
  "Nimbus app cannot find my other devices",
  "Beam has no sound on the left channel",
  "Arc firmware update stopped halfway",
  "Audio lags behind video on my TV",
  "Multi-room mode loses one speaker",
  "Air keeps disconnecting on iOS 17",
  "Factory reset did not fix the pairing problem",
  "Battery estimate jumps from 60 to 20 percent",
  "Replacement under warranty, how do I claim",
  "Status light blinks amber twice then goes dark",
  "Microwave interference with the hub on 2.4 GHz",
  "Switching codec from AAC to SBC fixed dropouts?",
];

// ---------------------------------------------------------------- helpers

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${fmt(kb / 1024, 0)} MB`);
/** Disk use of a directory in kB, as `du -sk` counts it (allocated blocks), or undefined if du fails. */
function diskKb(dir: string): number | undefined {
  const r = spawnSync("du", ["-sk", dir], { encoding: "utf8" });
  const kb = r.status === 0 ? Number(r.stdout.split(/\s/)[0]) : Number.NaN;
  return Number.isFinite(kb) ? kb : undefined;
}

// ---------------------------------------------------------------- what has to be cleaned up

/** Everything this run started, so one cleanup path serves success, failure, Ctrl-C and the watchdog. */
const state: { tmpDir?: string; meili?: EmbeddedMeili; db?: DatabaseHandle; server?: ChildProcess } = {};

async function stopServer() {
  const child = state.server;
  state.server = undefined;
  await stopProcess(child);
}

async function cleanup() {
  await stopServer();
  // The server does not own this Meilisearch (MEILI_HOST is set), so it is ours to stop.
  const meili = state.meili;
  state.meili = undefined;
  await meili?.stop();
  const db = state.db;
  state.db = undefined;
  await db?.close().catch(() => {});
  if (state.tmpDir) fs.rmSync(state.tmpDir, { recursive: true, force: true });
  state.tmpDir = undefined;
}

// ---------------------------------------------------------------- the server

function startServer(meili: EmbeddedMeili, dataDir: string) {
  return startAppServer({
    databaseUrl,
    dataDir,
    logName: "forum-bench-search-server",
    // The index this run just built: the server must search it, not start a Meilisearch of its own.
    env: { MEILI_HOST: meili.host, MEILI_MASTER_KEY: meili.apiKey, MEILI_INDEX_PREFIX: prefix },
    onSpawn: (child) => (state.server = child),
  });
}

// ---------------------------------------------------------------- API shapes (the part this script reads)

interface SearchResponse {
  hits: { id: string; title: string }[];
  total: number;
  degraded: boolean;
}
interface SimilarResponse {
  suggestions: { id: string }[];
}
interface MeiliSearchResponse {
  hits: { id: string }[];
  totalHits?: number;
  estimatedTotalHits?: number;
}

// ---------------------------------------------------------------- HTTP scenarios

interface Scenario {
  name: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** One request per item, sent in turn: a single repeated query would only measure a cache. */
  paths?: string[];
  path?: string;
  bodies?: string[];
  /** Throws when the first request's answer is not what the scenario means to measure. */
  check(res: Response): Promise<void>;
}

interface Row extends LoadFigures {
  name: string;
}

async function measure(base: string, s: Scenario, conns = connections): Promise<Row> {
  const firstPath = s.paths?.[0] ?? s.path ?? "/";
  const firstBody = s.bodies?.[0];
  const probe = await fetch(base + firstPath, { method: s.method, headers: s.headers, body: firstBody });
  if (!probe.ok) throw new Error(`${s.name}: preflight got ${probe.status} ${await probe.text()}`);
  await s.check(probe);

  // autocannon merges requests over its defaults with Object.assign: an explicit undefined would replace them.
  const request: autocannon.Request = { method: s.method, path: firstPath, headers: s.headers };
  if (firstBody !== undefined) request.body = firstBody;
  let turn = 0;
  const { paths, bodies } = s;
  if (paths) request.setupRequest = (r) => ({ ...r, path: paths[turn++ % paths.length] });
  else if (bodies) request.setupRequest = (r) => ({ ...r, body: bodies[turn++ % bodies.length] });
  return { name: s.name, ...(await runLoad(base, request, { connections: conns, duration, warmup })) };
}

/** The search body search.server.ts sends for an anonymous visitor's first page of relevance results. */
function meiliBody(q: string, paging: "app" | "limit", filter: string[]): string {
  return JSON.stringify({
    q,
    filter,
    facets: ["category", "tags", "solved"],
    attributesToRetrieve: RETRIEVED,
    attributesToHighlight: ["title", "body", "acceptedAnswer"],
    attributesToCrop: ["acceptedAnswer", "body"],
    cropLength: 28,
    highlightPreTag: "\u0001",
    highlightPostTag: "\u0002",
    // The app pages with hitsPerPage/page, which makes Meilisearch count every match exactly;
    // `limit` only estimates the total. Both are measured to show what that choice costs.
    ...(paging === "app" ? { hitsPerPage: 10, page: 1 } : { limit: 10 }),
  });
}

// ---------------------------------------------------------------- index lag

interface LagResult {
  posted: number;
  failedPosts: number;
  found: number;
  lost: number;
  lags: number[];
  postLatencies: number[];
  stoppedEarly: boolean;
}

/**
 * Posts questions one after another; each title carries a word found nowhere
 * else, and the API search is polled for it every 25 ms. The clock starts just
 * before the POST, so the figure is what an author sees: write, commit,
 * outbox drain, Meilisearch indexing and the search itself.
 */
async function indexLag(base: string, token: string, categories: string[]): Promise<LagResult> {
  const lags: number[] = [];
  const postLatencies: number[] = [];
  let failedPosts = 0;
  let lost = 0;
  let lostInARow = 0;
  let stoppedEarly = false;
  const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join("");
  // One prefix per run, so a word from an earlier run (its questions stay in the database) never matches.
  const runId = letters(3);
  for (let i = 0; i < lagPosts; i++) {
    // Letters only: a digit-letter boundary may split the word in Meilisearch's tokenizer; a random tail keeps typo matches away.
    const word = `zq${runId}${letters(6)}`;
    const sentAt = performance.now();
    const res = await fetch(`${base}/api/v1/questions`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        title: `Index lag probe ${i + 1}: ${word} hub keeps disconnecting`,
        body: `Benchmark question for search lag, token ${word}. The hub drops off the network every evening.`,
        category: categories[i % categories.length],
      }),
    });
    postLatencies.push(performance.now() - sentAt);
    if (res.status !== 201) {
      failedPosts++;
      if (failedPosts === 1) console.error(`\n  POST /api/v1/questions answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      else await res.arrayBuffer();
      continue;
    }
    const { question } = (await res.json()) as { question: { id: string } };
    let foundAt: number | undefined;
    while (performance.now() - sentAt < LAG_TIMEOUT_MS) {
      const search = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(word)}`, { headers: { accept: "application/json" } });
      if (search.ok) {
        const page = (await search.json()) as SearchResponse;
        // degraded answers come from PostgreSQL, which sees the row at once: they must not count as indexed.
        if (!page.degraded && page.hits.some((h) => h.id === question.id)) {
          foundAt = performance.now();
          break;
        }
      } else {
        await search.arrayBuffer();
      }
      await sleep(POLL_MS);
    }
    if (foundAt === undefined) {
      lost++;
      lostInARow++;
      if (lostInARow >= LAG_GIVE_UP_AFTER) {
        stoppedEarly = true;
        break;
      }
    } else {
      lostInARow = 0;
      lags.push(foundAt - sentAt);
    }
  }
  lags.sort((a, b) => a - b);
  postLatencies.sort((a, b) => a - b);
  return { posted: postLatencies.length - failedPosts, failedPosts, found: lags.length, lost, lags, postLatencies, stoppedEarly };
}

// ---------------------------------------------------------------- main

function printRows(rows: Row[]) {
  console.log("| scenario | requests/s | p50 ms | p99 ms | non-2xx | errors | timeouts |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(`| ${r.name} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.non2xx} | ${r.errors} | ${r.timeouts} |`);
}

async function main() {
  // What the database holds, and the category slugs the lag questions rotate over.
  const sql = postgres(databaseUrl, { ...postgresOptions, max: 1 });
  let volume: { questions: number; answers: number };
  let categories: string[];
  try {
    [volume] = await sql<{ questions: number; answers: number }[]>`
      select (select count(*) from questions where deleted_at is null)::int as questions,
             (select count(*) from answers where deleted_at is null)::int as answers`;
    categories = (await sql<{ slug: string }[]>`select slug from categories order by slug`).map((r) => r.slug);
  } finally {
    await sql.end({ timeout: 5 });
  }
  if (!volume.questions || !categories.length)
    throw new Error("No questions or categories: fill the database with tests/bench/generate.ts first.");

  // 1. Our own Meilisearch, and a full reindex timed the way `npm run search:reindex` does it.
  state.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-search-"));
  const meili = await startEmbeddedMeili({ dataDir: state.tmpDir });
  state.meili = meili;
  console.log(`Meilisearch ${meili.host} (pid ${meili.pid}), data in ${state.tmpDir}`);
  state.db = await openDatabase({ databaseUrl, dataDir: state.tmpDir });
  useDatabase(state.db);
  const client = createSearchClient(meili.host, meili.apiKey);
  await applyIndexSettings(client, prefix);
  const reindexStarted = performance.now();
  let lastShown = 0;
  const indexed = await reindexQuestions(client, prefix, {
    onProgress: (n: number) => {
      // One line per ~10% is enough to see it move without flooding a log.
      if (n - lastShown >= volume.questions / 10) {
        lastShown = n;
        process.stdout.write(
          `${process.stdout.isTTY ? "\r" : "\n"}  reindex: ${n.toLocaleString("en")} questions sent, ${fmt(
            (performance.now() - reindexStarted) / 1000
          )} s`
        );
      }
    },
  });
  const reindexSeconds = (performance.now() - reindexStarted) / 1000;
  console.log(`\n  reindex: ${indexed.toLocaleString("en")} questions in ${fmt(reindexSeconds)} s`);
  const meiliAfterReindex = memoryOf(meili.pid);
  // The data directory holds every index and the task queue; the old index is gone after the swap.
  const meiliDataDir = path.join(state.tmpDir, "meili", "data.ms");
  const diskAfterReindex = diskKb(meiliDataDir);
  // What the app adds to an anonymous visitor's searches (private categories kept out), so (c) to (e) send the same.
  const anonymous = await visibilityFilters(null);
  // The multi-search one suggestion request sends, built by the app's own code (the word counts before it are cached there).
  const similarBodies: string[] = [];
  for (const t of draftTitles) {
    const uid = `${prefix}questions`;
    // The Meilisearch half of candidate generation (the app also asks PostgreSQL, and orders words by the forum's counts).
    const words = surfaceWords(t).map((w) => w.word);
    similarBodies.push(JSON.stringify({ queries: candidateSearches(similarRanking(), { uid, filter: anonymous, titleWords: words, keyWords: words, actor: null }) }));
  }
  // The server opens its own pool; this one is no longer needed and would only hold connections.
  await state.db.close();
  state.db = undefined;
  const stats = (await (
    await fetch(`${meili.host}/indexes/${prefix}questions/stats`, { headers: { authorization: `Bearer ${meili.apiKey}` } })
  ).json()) as {
    numberOfDocuments: number;
  };
  const meiliStats = async () =>
    (await (await fetch(`${meili.host}/stats`, { headers: { authorization: `Bearer ${meili.apiKey}` } })).json()) as {
      databaseSize?: number;
      usedDatabaseSize?: number;
    };
  const statsAfterReindex = await meiliStats();

  // Everything after the reindex and the build is bounded: scenarios, lag phase, start and stop.
  if (!hasFlag("no-build")) buildApp();
  const budgetMs = (120 + (5 + similarConnections.length) * (duration + warmup + 15) + lagPosts * (LAG_TIMEOUT_MS / 1000 / 4 + 0.5) + 60) * 1000;
  const watchdog = setTimeout(() => {
    console.error(`Time limit (${Math.round(budgetMs / 1000)} s) reached: stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  // 2. The real server on that index.
  const { base, child, logFile } = await startServer(meili, path.join(state.tmpDir, "server-data"));
  const pid = child.pid;
  console.log(`Server ${base} (pid ${pid}), log ${logFile}`);

  // 3. Load.
  const api = { accept: "application/json" };
  const meiliHeaders = { "content-type": "application/json", authorization: `Bearer ${meili.apiKey}` };
  const expectHits = async (res: Response) => {
    const page = (await res.json()) as SearchResponse;
    if (page.degraded) throw new Error("The app answered search from PostgreSQL (degraded): it does not reach this Meilisearch.");
    if (!page.hits.length) throw new Error("The app's search found nothing for the first query: is the index empty?");
  };
  const scenarios: Scenario[] = [
    {
      name: `(a) GET /api/v1/search?q= (${queries.length} queries)`,
      method: "GET",
      headers: api,
      paths: queries.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`),
      check: expectHits,
    },
    {
      name: `(b) GET /api/v1/search/similar?title= (${draftTitles.length} drafts)`,
      method: "GET",
      headers: api,
      paths: draftTitles.map((t) => `/api/v1/search/similar?title=${encodeURIComponent(t)}`),
      check: async (res) => {
        const page = (await res.json()) as SimilarResponse;
        if (!page.suggestions.length) throw new Error("/search/similar suggested nothing for the first draft: is search reachable?");
      },
    },
    {
      name: "(c) Meilisearch direct, the app's search body (hitsPerPage)",
      method: "POST",
      headers: meiliHeaders,
      path: `/indexes/${prefix}questions/search`,
      bodies: queries.map((q) => meiliBody(q, "app", anonymous)),
      check: async (res) => {
        const page = (await res.json()) as MeiliSearchResponse;
        if (!page.hits.length) throw new Error("Meilisearch found nothing for the first query.");
      },
    },
    {
      name: "(d) Meilisearch direct, same body with limit: 10",
      method: "POST",
      headers: meiliHeaders,
      path: `/indexes/${prefix}questions/search`,
      bodies: queries.map((q) => meiliBody(q, "limit", anonymous)),
      check: async (res) => {
        await res.arrayBuffer();
      },
    },
    {
      name: "(e) Meilisearch direct, the app's similar-question multi-search",
      method: "POST",
      headers: meiliHeaders,
      path: "/multi-search",
      bodies: similarBodies,
      check: async (res) => {
        const page = (await res.json()) as { results: MeiliSearchResponse[] };
        if (!page.results.some((r) => r.hits.length)) throw new Error("Meilisearch found nothing for the first draft.");
      },
    },
  ];

  const loadBefore = os.loadavg()[0];
  const memBefore = memoryOf(pid);
  const rows: Row[] = [];
  for (const s of scenarios) {
    process.stdout.write(`  ${s.name} … `);
    // Scenarios (c) to (e) go to Meilisearch, not the app server.
    const row = await measure(s.path ? meili.host : base, s);
    console.log(`${fmt(row.rps)} req/s`);
    rows.push(row);
  }
  const memAfterLoad = memoryOf(pid);
  const meiliAfterLoad = memoryOf(meili.pid);

  // (b) alone at lower concurrency, if asked: same drafts, same duration and warm-up.
  const similarRows: Row[] = [];
  let extraFailed = false;
  for (const c of similarConnections) {
    process.stdout.write(`  (b) at ${c} connection${c === 1 ? "" : "s"} … `);
    try {
      const row = await measure(base, { ...scenarios[1], name: `(b) GET /api/v1/search/similar?title=, ${c} connection${c === 1 ? "" : "s"}` }, c);
      console.log(`${fmt(row.rps)} req/s`);
      similarRows.push(row);
    } catch (err) {
      // The main rows are already measured: report them rather than lose them to an extra row.
      console.log(`failed: ${err instanceof Error ? err.message : String(err)}`);
      extraFailed = true;
      break;
    }
  }
  const memAfterSimilar = memoryOf(pid);

  // 4. Index lag.
  const token = await createBenchToken(base);
  process.stdout.write(`  index lag: ${lagPosts} questions, polling every ${POLL_MS} ms … `);
  const lag = await indexLag(base, token, categories);
  console.log("done");
  const loadAfter = os.loadavg()[0];
  const meiliEnd = memoryOf(meili.pid);
  const diskEnd = diskKb(meiliDataDir);
  const statsEnd = await meiliStats();

  // Searches the app answered from PostgreSQL during the run would make (a) a PostgreSQL figure; the log says how many.
  const degradedLines = fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.includes("answering from PostgreSQL")).length;

  // 5. Stop everything.
  await cleanup();
  clearTimeout(watchdog);

  const cpu = os.cpus();
  const [appSearch, appSimilar, meiliSearch, , meiliSimilar] = rows;
  const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}×` : "n/a");

  console.log("");
  console.log(
    `## Search: ${volume.questions.toLocaleString("en")} questions, ${volume.answers.toLocaleString("en")} answers` +
      ` (${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${fmt(os.totalmem() / 2 ** 30, 0)} GB RAM, node ${process.version})`
  );
  console.log("");
  console.log("| full reindex (bundled Meilisearch, fresh data dir) | questions | seconds | docs/s | Meilisearch RSS after |");
  console.log("|---|---:|---:|---:|---:|");
  console.log(
    `| reindexQuestions (build \`${prefix}questions_new\`, swap) | ${indexed.toLocaleString(
      "en"
    )} (index holds ${stats.numberOfDocuments.toLocaleString("en")}) | ${fmt(reindexSeconds)} | ${fmt(indexed / reindexSeconds, 0)} | ${mb(
      meiliAfterReindex.rss
    )} |`
  );
  console.log("");
  console.log(
    `autocannon: ${connections} connections, ${duration} s per scenario after a ${warmup} s warm-up, on the same machine as the server and Meilisearch.`
  );
  console.log(
    `Load average (1 min) ${fmt(loadBefore, 2)} when the load started, ${fmt(loadAfter, 2)} at the end (the load itself counts).`
  );
  console.log("");
  printRows(rows);
  console.log("");
  if (similarRows.length) {
    console.log("(b) alone at lower concurrency, after the rows above:");
    console.log("");
    printRows(similarRows);
    console.log("");
  }
  console.log("| app over Meilisearch | search (a) / (c) | similar (b) / (e) |");
  console.log("|---|---:|---:|");
  console.log(`| requests/s | ${ratio(appSearch.rps, meiliSearch.rps)} | ${ratio(appSimilar.rps, meiliSimilar.rps)} |`);
  console.log(`| p50 latency | ${ratio(appSearch.p50, meiliSearch.p50)} | ${ratio(appSimilar.p50, meiliSimilar.p50)} |`);
  console.log(`| p99 latency | ${ratio(appSearch.p99, meiliSearch.p99)} | ${ratio(appSimilar.p99, meiliSimilar.p99)} |`);
  console.log("");
  console.log(
    `Server RSS: ${mb(memBefore.rss)} before the load, ${mb(memAfterLoad.rss)} after it; peak ${mb(memAfterLoad.peak)}. ` +
      (similarRows.length ? `After the lower-concurrency (b) runs: ${mb(memAfterSimilar.rss)}, peak ${mb(memAfterSimilar.peak)}. ` : "") +
      `Meilisearch RSS ${mb(meiliAfterLoad.rss)} after the load, ${mb(meiliEnd.rss)} at the end, peak ${mb(meiliEnd.peak)}. Degraded (PostgreSQL) answers logged: ${degradedLines}.`
  );
  const bytesMb = (b: number | undefined) => (b === undefined ? "n/a" : `${fmt(b / 2 ** 20, 0)} MB`);
  console.log(
    `Meilisearch data dir on disk (du): ${mb(diskAfterReindex)} after the reindex, ${mb(diskEnd)} at the end; ` +
      `its /stats databaseSize ${bytesMb(statsAfterReindex.databaseSize)} (used ${bytesMb(statsAfterReindex.usedDatabaseSize)}) after the reindex, ` +
      `${bytesMb(statsEnd.databaseSize)} (used ${bytesMb(statsEnd.usedDatabaseSize)}) at the end.`
  );
  console.log("");
  console.log(`| index lag (${lag.posted} questions posted one at a time) | p50 ms | p99 ms | max ms | found |`);
  console.log("|---|---:|---:|---:|---:|");
  console.log(
    `| POST -> found by GET /api/v1/search | ${fmt(percentile(lag.lags, 50))} | ${fmt(percentile(lag.lags, 99))} | ${fmt(
      lag.lags[lag.lags.length - 1] ?? Number.NaN
    )} | ${lag.found} / ${lag.posted} |`
  );
  console.log(
    `| POST response (for comparison) | ${fmt(percentile(lag.postLatencies, 50))} | ${fmt(percentile(lag.postLatencies, 99))} | ${fmt(
      lag.postLatencies[lag.postLatencies.length - 1] ?? Number.NaN
    )} | ${lag.posted} / ${lag.posted + lag.failedPosts} posted |`
  );
  if (lag.stoppedEarly)
    console.log(`\nThe lag test stopped after ${LAG_GIVE_UP_AFTER} questions in a row were not found within ${LAG_TIMEOUT_MS / 1000} s.`);

  const failed = extraFailed || [...rows, ...similarRows].some((r) => r.non2xx > 0 || r.errors > 0) || lag.lost > 0 || lag.failedPosts > 0 || degradedLines > 0;
  if (failed)
    console.log(
      "\nSome requests failed, some questions never became searchable, or search ran degraded: see the tables and the server log."
    );
  process.exitCode = failed ? 1 : 0;
}

// Ctrl-C must not leave a server or a Meilisearch running, nor the temporary directory.
process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await cleanup();
  process.exitCode = 1;
}
