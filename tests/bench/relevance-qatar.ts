/**
 * Similar questions on real forum questions (SemEval-2016 Task 3, Qatar
 * Living; ../shared/relevance/README.md), the way a customer meets them:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node --import tsx tests/bench/relevance-qatar.ts [--no-build] [--shuffles 200]
 *
 * In order: creates a fresh database beside DATABASE_URL's (`forum_qatar_<time>`),
 * builds and starts the app on it (its own bundled Meilisearch, data in a
 * temporary directory, an admin bootstrapped from ADMIN_*), imports each
 * original question's 10 candidates with their replies into a category of
 * their own through the API, waits for the index, asks
 * GET /api/v1/search/similar?title=&body=&category=&limit=20 for each original
 * question, and prints MAP, MRR and P@1 (unreturned candidates in seeded random
 * order) beside the search engine's order and random order. Then it stops the
 * server and drops the database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { asBody, asTitle, formatFigures, loadQatarSet, qatarCategorySlug, qatarFigures, SEARCH_ENGINE_MAP, searchEngineOrder } from "../fixtures/qatar";
import { buildApp, hasFlag, intFlag, postgresOptions, requireLocalDatabaseUrl, startAppServer, stopProcess } from "./shared";
import type { ChildProcess } from "node:child_process";

/** What the endpoint scored before the re-ranker (commit 54be6d1, the same import): the "today" of issue 18. */
const BEFORE = { map: 60.19, mrr: 69.2, p1: 59.85 };

const baseUrl = requireLocalDatabaseUrl();
const shuffles = intFlag("shuffles", 200);
const admin = { email: "qatar_admin@bench.example", username: "qatar_admin", password: "qatar-bench-password-1" };

async function main() {
  const set = loadQatarSet();
  const dbName = `forum_qatar_${Date.now().toString(36)}`;
  const maintenance = postgres(baseUrl, { ...postgresOptions, max: 1 });
  await maintenance.unsafe(`create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-qatar-"));
  let child: ChildProcess | undefined;
  try {
    if (!hasFlag("no-build")) buildApp();
    const server = await startAppServer({
      databaseUrl: url.toString(),
      dataDir,
      logName: "forum-bench-qatar-server",
      env: { ADMIN_EMAIL: admin.email, ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password, MEILI_HOST: "" },
      onSpawn: (c) => (child = c),
    });
    const base = server.base;
    const token = await adminToken(base);
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(base + p, {
        method,
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return res.json() as Promise<Record<string, unknown>>;
    };

    const started = Date.now();
    const idOf = new Map<string, string>();
    for (const q of set) {
      const slug = qatarCategorySlug(q);
      await call("POST", "/api/v1/categories", { name: `Qatar ${q.id}`, slug, description: "Qatar Living candidates" });
      for (const c of q.candidates) {
        const { question } = (await call("POST", "/api/v1/questions", { title: asTitle(c.subject), body: asBody(c.body), category: slug })) as { question: { id: string } };
        idOf.set(question.id, c.id);
        for (const a of c.answers) await call("POST", `/api/v1/questions/${question.id}/answers`, { body: asBody(a) });
      }
    }
    console.log(`Imported ${set.length} categories, ${idOf.size} questions through the API in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    // The index has caught up when every category shows its 10 questions.
    const deadline = Date.now() + 180_000;
    for (const q of set) {
      for (;;) {
        const page = (await call("GET", `/api/v1/search?${new URLSearchParams({ category: qatarCategorySlug(q) })}`)) as { total: number; degraded: boolean };
        if (!page.degraded && page.total >= q.candidates.length) break;
        if (Date.now() > deadline) throw new Error(`The index did not catch up with ${qatarCategorySlug(q)}.`);
        await sleep(200);
      }
    }

    const returned = new Map<string, string[]>();
    const latencies: number[] = [];
    for (const q of set) {
      const t = performance.now();
      const { suggestions } = (await call(
        "GET",
        `/api/v1/search/similar?${new URLSearchParams({ title: q.subject, body: q.body, category: qatarCategorySlug(q), limit: "20" })}`,
      )) as { suggestions: { id: string }[] };
      latencies.push(performance.now() - t);
      returned.set(q.id, suggestions.map((s) => idOf.get(s.id) ?? s.id));
    }
    latencies.sort((a, b) => a - b);
    const ours = qatarFigures(set, returned, shuffles);
    const engine = qatarFigures(set, searchEngineOrder(set), shuffles);
    const random = qatarFigures(set, new Map(), shuffles);
    console.log(`\nQatar Living (SemEval-2016 Task 3 subtask B, train part 2): ${set.length} questions x 10 candidates, ${idOf.size} questions in the forum\n`);
    console.log("| ranking | MAP | MRR | P@1 |");
    console.log("|---|---:|---:|---:|");
    console.log(`| search engine's order (official figure ${SEARCH_ENGINE_MAP}) | ${engine.map.toFixed(2)} | ${engine.mrr.toFixed(2)} | ${engine.p1.toFixed(2)} |`);
    console.log(`| random order | ${random.map.toFixed(2)} | ${random.mrr.toFixed(2)} | ${random.p1.toFixed(2)} |`);
    console.log(`| /search/similar before the re-ranker (54be6d1) | ${BEFORE.map.toFixed(2)} | ${BEFORE.mrr.toFixed(2)} | ${BEFORE.p1.toFixed(2)} |`);
    console.log(`| /search/similar now | ${ours.map.toFixed(2)} | ${ours.mrr.toFixed(2)} | ${ours.p1.toFixed(2)} |`);
    console.log(`\n${formatFigures(ours)}; one request at a time: p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`);
  } finally {
    await stopProcess(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await maintenance.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await maintenance.end({ timeout: 5 });
  }
}

async function adminToken(base: string) {
  const json = { "content-type": "application/json", origin: base };
  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: json, body: JSON.stringify({ login: admin.username, password: admin.password }) });
  if (login.status !== 200) throw new Error(`Admin login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const created = await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { ...json, cookie }, body: JSON.stringify({ name: "qatar bench" }) });
  if (created.status !== 201) throw new Error(`Creating a token failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
