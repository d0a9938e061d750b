/**
 * What the generator and the benchmarks agree on: command-line flags, the
 * staff account that posts during the load, and how the "question with 10
 * answers" is found again after earlier runs have added answers elsewhere.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import type { Sql } from "postgres";
import { freePort } from "../../search/embedded.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const benchStaff = { username: "bench_staff", email: "bench_staff@bench.example", password: "bench-password-1" } as const;

/** Every bench user shares this password (one argon2 hash keeps generation fast). */
export const benchPassword = benchStaff.password;

/** Reads `--name value` or `--name=value`; undefined when absent. */
export function flag(name: string, argv: string[] = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

export function hasFlag(name: string, argv: string[] = process.argv.slice(2)): boolean {
  return argv.includes(`--${name}`);
}

export function intFlag(name: string, fallback: number, min = 1): number {
  const raw = flag(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer >= ${min} (got ${JSON.stringify(raw)}).`);
    process.exit(2);
  }
  return value;
}

/**
 * The benchmarks load a machine hard and the generator wipes tables: both
 * refuse anything but a database on this machine, so a pasted production URL
 * cannot be filled with fake data.
 */
export function requireLocalDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is required, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench");
    process.exit(2);
  }
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    console.error("DATABASE_URL is not a valid URL.");
    process.exit(2);
  }
  if (!["127.0.0.1", "localhost", "[::1]", ""].includes(host)) {
    console.error(`Refusing DATABASE_URL on host ${host}: benchmarks only run against a local database (127.0.0.1).`);
    process.exit(2);
  }
  return url;
}

/** The session time zone matches the server's, so `timestamptz::text` cursors are byte-identical to the app's. */
export const postgresOptions = { onnotice: () => {}, connection: { TimeZone: "UTC" } } as const;

/**
 * The generator makes the oldest question the only one with exactly 10
 * answers; the benchmarks never post to it, so it stays the oldest question
 * with 10 answers however many runs have added answers to other questions.
 */
export async function findTenAnswerQuestion(sql: Sql): Promise<string | undefined> {
  const rows = await sql<{ id: string }[]>`
    select q.id from questions q
    where q.deleted_at is null and q.answer_count = 10
      and (select count(*) from answers a where a.question_id = q.id and a.deleted_at is null) = 10
    order by q.created_at, q.id
    limit 1`;
  return rows[0]?.id;
}

/** Nearest-rank percentile of an ascending array (NaN when empty, so a missing figure shows as such). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Logs `bench_staff` in and creates an API token with that session, so the
 * load posts with `Authorization: Bearer` as an API client would. The login
 * sends an Origin because the API refuses cookie-authenticated writes without one.
 */
export async function createBenchToken(base: string, name = `bench ${new Date().toISOString()}`): Promise<string> {
  const json = { "content-type": "application/json", origin: base };
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ login: benchStaff.username, password: benchStaff.password }),
  });
  if (login.status !== 200) throw new Error(`Login as ${benchStaff.username} failed: ${login.status} ${await login.text()} (was the database filled by generate.ts?)`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const created = await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { ...json, cookie }, body: JSON.stringify({ name }) });
  if (created.status !== 201) throw new Error(`Creating a token failed: ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token: string };
  return token;
}

/** kB figures from /proc: VmRSS now and VmHWM, the peak since the process started. */
export function memoryOf(pid: number | undefined): { rss?: number; peak?: number } {
  if (!pid) return {};
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => {
      const m = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
      return m ? Number(m[1]) : undefined;
    };
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return {};
  }
}

/** The same build `npm start` makes, so the benchmarks measure what users run. */
export function buildApp() {
  console.log("Building (node --import tsx server.ts --build-only)…");
  const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts", "--build-only"], { cwd: root, stdio: "inherit", timeout: 300_000 });
  if (result.status !== 0) throw new Error(`The build failed (exit ${result.status ?? result.signal}).`);
}

export interface AppServer {
  base: string;
  child: ChildProcess;
  logFile: string;
}

/**
 * Starts `node build/server.js` in production mode on a free loopback port
 * and waits until /healthz answers 200. `onSpawn` hears of the child at once,
 * so a caller's cleanup can stop it even if it never becomes healthy.
 */
export async function startAppServer(opts: { databaseUrl: string; dataDir: string; logName: string; env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void }): Promise<AppServer> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `${opts.logName}-${Date.now()}.log`);
  const out = fs.openSync(logFile, "w");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    DATA_DIR: opts.dataDir,
    // Each run logs bench_staff in once; earlier runs' attempts must not lock it out.
    LOGIN_LIMIT_PER_ACCOUNT: "1000",
    LOGIN_LIMIT_PER_IP: "1000",
    ...opts.env,
  };
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "build/server.js"], { cwd: root, env, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  opts.onSpawn?.(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}); log ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return { base, child, logFile };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`The server did not become healthy within 120 s; log ${logFile}`);
}

/** SIGTERM, so the server shuts down cleanly (its bundled Meilisearch too); SIGKILL after 20 s as the last resort. */
export async function stopProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

export interface LoadFigures {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One bounded autocannon run against a single request shape. */
export async function runLoad(base: string, request: autocannon.Request, opts: { connections: number; duration: number; warmup: number }): Promise<LoadFigures> {
  const result = await autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 10,
    ...(opts.warmup ? { warmup: { connections: opts.connections, duration: opts.warmup } } : {}),
    requests: [request],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Runs one step and prints how long it took, as `label   12.3 s`. */
export async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const began = Date.now();
  const result = await work();
  console.log(`  ${label.padEnd(40)} ${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

/** The machine in one phrase, for a table's heading: figures are only comparable on the same one. */
export function machineDescription(): string {
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, node ${process.version}`;
}
