/**
 * SLA timers are jobs in the database: a node that dies between scheduling
 * and firing loses nothing, and several workers escalate a case once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { PgBoss, fromPglite } from "pg-boss";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, useDatabase, type DatabaseHandle } from "#db/client.server";
import { caseEvents, supportCases, users } from "#db/schema";
import { resetConfigForTests } from "~/config.server";
import { signup } from "~/domain/accounts/signup.server";
import { toActor } from "~/domain/accounts/users.server";
import { createCategory } from "~/domain/categories/manage.server";
import { runEscalationCheck } from "~/domain/escalation/timers.server";
import { askQuestion } from "~/domain/questions/ask.server";
import { startJobs, stopJobs } from "~/jobs/boss.server";
import { freePort } from "../../search/embedded.server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-durability-"));
let databaseUrl: string | undefined;
let adminUrl: string | undefined;
let dbName: string | undefined;

/** Opens the test's own database in this process, with jobs enqueued for real but no worker. */
async function withDb<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl, dataDir, owner: "the durability test" });
  await handle.migrate();
  useDatabase(handle);
  await startJobs(handle);
  try {
    return await fn(handle);
  } finally {
    await stopJobs();
    useDatabase(undefined);
    await handle.close();
  }
}

async function startNode(name: string): Promise<ChildProcess> {
  const { meiliHost, meiliKey } = inject("env");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, MEILI_HOST: meiliHost, MEILI_MASTER_KEY: meiliKey, MEILI_INDEX_PREFIX: `dur_${name}_` };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const log = fs.openSync(path.join(root, "tests/.artifacts", `durability-${name}.log`), "w");
  const child = spawn(process.execPath, ["build/server.js"], { cwd: root, env, stdio: ["ignore", log, log] });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited (${child.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node ${name} did not start`);
}

async function stopNode(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

/** Asks `count` questions whose advocate window ends `inMs` from now (the job's start time moves with it). */
async function casesDueIn(count: number, inMs: number) {
  return withDb(async (handle) => {
    const [staffRow] = await handle.db.select().from(users).where(eq(users.username, "dur_staff"));
    const staff = staffRow ? toActor(staffRow) : toActor(await signup({ email: "dur_staff@example.com", username: "dur_staff", password: "a-long-password-1" }, { role: "staff" }));
    if (!staffRow) await createCategory(staff, { name: "Durability", slug: "durability" });
    const customer = toActor(await signup({ email: `dur_${Date.now()}@example.com`, username: `dur_${Date.now().toString(36)}`, password: "a-long-password-1" }));
    await handle.db.update(users).set({ createdAt: new Date(Date.now() - 30 * 86400_000), emailVerifiedAt: new Date() }).where(eq(users.id, customer.id));
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { question } = await askQuestion({ ...customer, reputation: 500 }, { title: `Durable timer question number ${i} for the test`, body: "Nobody will answer this one in time.", category: "durability" });
      ids.push(question.id);
    }
    const due = new Date(Date.now() + inMs);
    await handle.db.update(supportCases).set({ advocateDueAt: due }).where(sql`${supportCases.questionId} in ${ids}`);
    await handle.db.execute(
      sql`update pgboss.job set start_after = ${due.toISOString()}::timestamptz where name = 'escalation.due' and data->>'check' = 'advocate_window' and data->>'questionId' in ${ids}`,
    );
    return ids;
  });
}

async function escalationsOf(ids: string[]) {
  return withDb(async (handle) => {
    const rows = await handle.db
      .select({ questionId: caseEvents.questionId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(caseEvents)
      .where(sql`${caseEvents.kind} = 'escalated' and ${caseEvents.questionId} in ${ids}`)
      .groupBy(caseEvents.questionId);
    const states = await handle.db.select({ id: supportCases.questionId, state: supportCases.state }).from(supportCases).where(sql`${supportCases.questionId} in ${ids}`);
    return { counts: new Map(rows.map((r) => [r.questionId, r.n])), states: new Map(states.map((s) => [s.id, s.state])) };
  });
}

beforeAll(async () => {
  resetConfigForTests({ NODE_ENV: "test" });
  const base = inject("env").databaseUrl;
  if (base) {
    // A database of its own: the servers and this file share it, other files never see it.
    adminUrl = base;
    dbName = `forum_dur_${Date.now().toString(36)}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${dbName}"`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
});

afterAll(async () => {
  if (adminUrl && dbName) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("durable SLA timers", () => {
  it("survive a node killed between scheduling and firing: the next node escalates, once", async () => {
    const ids = await casesDueIn(3, 15_000);
    const first = await startNode("a");
    // The node dies hard before the window ends: no graceful shutdown, no chance to fire.
    await stopNode(first, "SIGKILL");
    expect((await escalationsOf(ids)).counts.size).toBe(0);

    const second = await startNode("b");
    try {
      await untilEscalated(ids, 15_000);
    } finally {
      await stopNode(second);
    }
    const { counts } = await escalationsOf(ids);
    expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
  }, 120_000);

  it("escalate once when several workers race for the same due timers", async () => {
    const ids = await casesDueIn(8, 3_000);
    if (databaseUrl) {
      // PostgreSQL: two real app nodes on one database, both running workers.
      const nodes = [await startNode("c"), await startNode("d")];
      try {
        await untilEscalated(ids, 3_000);
      } finally {
        for (const n of nodes) await stopNode(n);
      }
    } else {
      // PGlite lives inside one process: two pg-boss workers share it there, each claiming jobs for itself.
      await withDb(async (handle) => {
        await new Promise((r) => setTimeout(r, 3_500));
        const bosses = [new PgBoss({ db: fromPglite(handle.pglite!), backend: "pglite", supervise: false, schedule: false }), new PgBoss({ db: fromPglite(handle.pglite!), backend: "pglite", supervise: false, schedule: false })];
        for (const b of bosses) await b.start();
        const claimed = await Promise.all(bosses.map((b) => b.fetch<{ questionId: string; check: "advocate_window" | "first_response" }>("escalation.due", { batchSize: 50 })));
        const all = claimed.flat().filter((j) => ids.includes(j.data.questionId) && j.data.check === "advocate_window");
        // Each job went to exactly one worker...
        expect(new Set(all.map((j) => j.id)).size).toBe(all.length);
        // ...and even a duplicate run of the handler cannot escalate twice.
        await Promise.all(all.flatMap((j) => [runEscalationCheck(j.data.questionId, j.data.check), runEscalationCheck(j.data.questionId, j.data.check)]));
        for (const b of bosses) await b.stop({ graceful: false, close: false });
      });
    }
    const { counts, states } = await escalationsOf(ids);
    expect(ids.map((id) => states.get(id))).toEqual(ids.map(() => "escalated"));
    expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
  }, 120_000);
});

/**
 * Waits for the nodes to escalate: PostgreSQL is watched over a second
 * connection; PGlite belongs to the running node alone, so the test gives the
 * timers time past their due moment and reads the outcome afterwards.
 */
async function untilEscalated(ids: string[], dueInMs: number) {
  if (!databaseUrl) {
    await new Promise((r) => setTimeout(r, dueInMs + 8_000));
    return;
  }
  await expect.poll(async () => [...(await escalationsOfLive(ids)).values()].filter((s) => s === "escalated").length, { timeout: 30_000, interval: 1_000 }).toBe(ids.length);
}

async function escalationsOfLive(ids: string[]) {
  if (!databaseUrl) return new Map<string, string>();
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await client<{ question_id: string; state: string }[]>`select question_id, state from support_cases where question_id in ${client(ids)}`;
    return new Map(rows.map((r) => [r.question_id, r.state]));
  } finally {
    await client.end();
  }
}
