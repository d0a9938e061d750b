/**
 * Several app nodes share rooms through the Redis adapter: an event raised on
 * one node reaches attendees on every node. Two real server processes
 * (`node build/server.js`) and a real Redis: a `redis-server` child started on
 * a free port here, or the one in REDIS_URL when that is set.
 *
 * PostgreSQL (the suite's DATABASE_URL): both nodes serve one database of this
 * file's own, so a town hall scheduled through node A exists on node B too;
 * attendees on node B hear every question event raised on node A, once each
 * and in order, and the town hall's state changes.
 *
 * PGlite: a PGlite database lives inside one process and two processes cannot
 * open the same one, so each node gets its own DATA_DIR and its own database.
 * A town hall made on node A then does not exist on node B (node B refuses to
 * subscribe to a room of an unknown town hall), so this variant checks the
 * adapter on the public room `feed:questions`, which needs no row on node B:
 * a question posted on node A is announced to an anonymous socket on node B
 * exactly once. That is the same cross-node path (node A's emit, Redis, node
 * B's sockets), checked with what PGlite allows.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createClient } from "redis";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../search/embedded.server";
import { recordTownhallSteps, type TownhallStep } from "../support/townhall-notices";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const artifacts = path.join(root, "tests/.artifacts");
const run = Date.now().toString(36);
const admin = { email: "redis-admin@nimbus.test", username: "redisadmin", password: "admin-password-123" };
const tmpDirs: string[] = [];
const children: ChildProcess[] = [];
const sockets: Socket[] = [];

let redisUrl = "";
let redisChild: ChildProcess | undefined;
let databaseUrl: string | undefined;
let adminUrl: string | undefined;
let dbName: string | undefined;
let nodeA: Node;
let nodeB: Node;

interface Node {
  name: string;
  base: string;
  child: ChildProcess;
  logFile: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function findOnPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

async function waitForRedis(url: string, child?: ChildProcess) {
  const deadline = Date.now() + 15_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}); see tests/.artifacts/redis.log`);
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const pong = await client.ping();
      await client.quit();
      if (pong === "PONG") return;
    } catch (err) {
      lastError = err;
      await client.disconnect().catch(() => undefined);
    }
    await sleep(100);
  }
  throw new Error(`Redis at ${url} did not answer PING: ${String(lastError)}`);
}

async function startRedis() {
  if (process.env.REDIS_URL) {
    redisUrl = process.env.REDIS_URL;
    await waitForRedis(redisUrl);
    return;
  }
  const bin = findOnPath("redis-server");
  if (!bin) throw new Error("redis-server is not on PATH: install it (Debian: apt-get install redis-server) or set REDIS_URL. `npm test` installs it on Debian as root.");
  const port = await freePort();
  const log = fs.openSync(path.join(artifacts, "redis.log"), "w");
  // No persistence and loopback only: a throwaway Redis for this file.
  redisChild = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", log, log] });
  fs.closeSync(log);
  redisUrl = `redis://127.0.0.1:${port}`;
  await waitForRedis(redisUrl, redisChild);
}

async function startNode(name: string): Promise<Node> {
  const { meiliHost, meiliKey } = inject("env");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `forum-redis-${name}-`));
  tmpDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    ADMIN_EMAIL: admin.email,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    MEILI_HOST: meiliHost,
    MEILI_MASTER_KEY: meiliKey,
    MEILI_INDEX_PREFIX: `redis_${run}_${databaseUrl ? "shared" : name}_`,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const logFile = path.join(artifacts, `redis-node-${name}.log`);
  const out = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, ["build/server.js"], { cwd: root, env, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited (${child.exitCode}):\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return { name, base, child, logFile };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`node ${name} did not become healthy; see ${logFile}`);
}

async function stopChild(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** A browser-less client of one node: its cookie, its Origin on mutations. */
class NodeClient {
  cookie: string | null = null;
  constructor(readonly base: string) {}

  async request<T = unknown>(method: string, p: string, body?: unknown) {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET") headers.origin = this.base;
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(this.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual" });
    const set = res.headers.getSetCookie().map((c) => c.split(";")[0]);
    if (set.length) this.cookie = set.join("; ");
    const text = await res.text();
    return { status: res.status, text, body: (text ? JSON.parse(text) : null) as T };
  }
}

async function signIn(base: string, login: string, password: string) {
  const client = new NodeClient(base);
  const res = await client.request("POST", "/api/v1/auth/login", { login, password });
  expect(res.status, res.text).toBe(200);
  return client;
}

async function signUp(base: string, prefix: string) {
  const client = new NodeClient(base);
  const tag = `${run}${Math.floor(Math.random() * 1e6)}`;
  const res = await client.request("POST", "/api/v1/auth/signup", { email: `${prefix}-${tag}@example.test`, username: `${prefix}_${tag}`.slice(0, 30), password: "a-long-password-1" });
  expect(res.status, res.text).toBe(201);
  return client;
}

function connect(base: string, cookie?: string | null) {
  const socket = io(base, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function subscribe(socket: Socket, room: string) {
  expect(await socket.timeout(5000).emitWithAck("subscribe", { room })).toEqual({ ok: true });
}

function record<T>(socket: Socket, event: string) {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Long enough for a duplicate, or a copy coming round through Redis, to show up. */
const settle = () => sleep(750);

beforeAll(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  await startRedis();
  const base = inject("env").databaseUrl;
  if (base) {
    // A database of this file's own: both nodes share it, other files never see it.
    adminUrl = base;
    dbName = `forum_redis_${run}`;
    const sql = postgres(base, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${dbName}"`);
    await sql.end();
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  // One after the other: the first applies the migrations and creates the admin.
  nodeA = await startNode("a");
  nodeB = await startNode("b");
}, 180_000);

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await Promise.all(children.map((c) => stopChild(c)));
  await stopChild(redisChild);
  if (adminUrl && dbName) {
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await sql.end();
  }
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

type StateEvent = { townhallId: string; state: string; answeringQuestionId: string | null; chatEnabled: boolean };

describe("socket.io across app nodes through the Redis adapter", () => {
  it("announces a question posted on node A to an anonymous feed listener on node B, exactly once", async () => {
    const staffA = await signIn(nodeA.base, admin.username, admin.password);
    const slug = `redis-${run}`;
    const category = await staffA.request("POST", "/api/v1/categories", { name: `Redis ${run}`, slug, description: "Cross-node fan-out." });
    expect(category.status, category.text).toBe(201);

    const [onB, onA] = await Promise.all([connect(nodeB.base), connect(nodeA.base)]);
    await subscribe(onB, "feed:questions");
    await subscribe(onA, "feed:questions");
    const seenB = record<{ questionId: string; category: string }>(onB, "question:created");
    const seenA = record<{ questionId: string; category: string }>(onA, "question:created");

    const asked = await staffA.request<{ question: { id: string } }>("POST", "/api/v1/questions", {
      title: "Does the hub keep its pairing after a firmware update?",
      body: "Asked on node A, announced on node B through Redis.",
      category: slug,
    });
    expect(asked.status, asked.text).toBe(201);
    const id = asked.body.question.id;

    await until(() => seenB.length > 0 && seenA.length > 0, "question:created on both nodes");
    await settle();
    expect(seenB).toEqual([{ questionId: id, category: slug }]);
    expect(seenA).toEqual([{ questionId: id, category: slug }]);
  }, 60_000);

  if (inject("env").databaseUrl) {
    it("ends a socket on node B when its session logs out through node A, and takes a demoted advocate out of a lounge room on node B (PostgreSQL)", async () => {
      const staffA = await signIn(nodeA.base, admin.username, admin.password);
      const member = await signUp(nodeA.base, "rd_out");
      const me = await member.request<{ user: { id: string; username: string } }>("GET", "/api/v1/me");
      const socketB = await connect(nodeB.base, member.cookie);
      await subscribe(socketB, `user:${me.body.user.id}`);
      const ended = new Promise<string>((resolve) => socketB.once("disconnect", resolve));
      expect((await member.request("POST", "/api/v1/auth/logout")).status).toBe(204);
      expect(await Promise.race([ended, sleep(5000).then(() => "still connected")])).toBe("io server disconnect");

      const lounge = `rd-lounge-${run}`;
      expect((await staffA.request("POST", "/api/v1/categories", { name: `Lounge ${run}`, slug: lounge, visibility: "advocates" })).status).toBe(201);
      const asked = await staffA.request<{ question: { id: string } }>("POST", "/api/v1/questions", { title: "Lounge thread across two nodes", body: "Only advocates and staff may read this thread.", category: lounge });
      const advocate = await signUp(nodeA.base, "rd_adv");
      const advocateMe = await advocate.request<{ user: { username: string } }>("GET", "/api/v1/me");
      expect((await staffA.request("POST", `/api/v1/users/${advocateMe.body.user.username}/advocate`)).status).toBe(200);
      const advocateB = await connect(nodeB.base, advocate.cookie);
      await subscribe(advocateB, `question:${asked.body.question.id}`);
      const answers = record<{ answerId: string }>(advocateB, "answer:created");
      expect((await staffA.request("DELETE", `/api/v1/users/${advocateMe.body.user.username}/advocate`)).status).toBe(200);
      await settle();
      expect((await staffA.request("POST", `/api/v1/questions/${asked.body.question.id}/answers`, { body: "Posted on node A after the demotion." })).status).toBe(201);
      await settle();
      expect(answers).toEqual([]);
    }, 60_000);

    it("delivers a town hall's events raised on node A to attendees on node B, once each and in order (PostgreSQL: one database, two nodes)", async () => {
      const staffA = await signIn(nodeA.base, admin.username, admin.password);
      const scheduled = await staffA.request<{ townhall: { id: string } }>("POST", "/api/v1/townhalls", {
        title: "Two nodes, one town hall",
        description: "Questions asked on one node, heard on the other.",
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        moderated: false,
      });
      expect(scheduled.status, scheduled.text).toBe(201);
      const id = scheduled.body.townhall.id;

      // A member signed up on node A watches from node B: the session is in the shared database.
      const member = await signUp(nodeA.base, "rd_member");
      const [anonB, memberB, anonA] = await Promise.all([connect(nodeB.base), connect(nodeB.base, member.cookie), connect(nodeA.base)]);
      for (const s of [anonB, memberB, anonA]) await subscribe(s, `townhall:${id}`);
      const listeners = { anonB, memberB, anonA };
      const questions = Object.fromEntries(Object.entries(listeners).map(([k, s]) => [k, recordTownhallSteps(s)])) as Record<keyof typeof listeners, TownhallStep[]>;
      const states = Object.fromEntries(Object.entries(listeners).map(([k, s]) => [k, record<StateEvent>(s, "townhall:state")])) as Record<keyof typeof listeners, StateEvent[]>;

      expect((await staffA.request("POST", `/api/v1/townhalls/${id}/start`, {})).status).toBe(200);
      const asked = await member.request<{ question: { id: string; status: string } }>("POST", `/api/v1/townhalls/${id}/questions`, { body: "Will the two nodes agree on this question?" });
      expect(asked.status, asked.text).toBe(201);
      expect(asked.body.question.status).toBe("approved");
      const qid = asked.body.question.id;
      const voted = await staffA.request<{ votes: number }>("PUT", `/api/v1/townhalls/${id}/questions/${qid}/vote`, { value: 1 });
      expect(voted.status, voted.text).toBe(200);
      expect(voted.body.votes).toBe(1);
      // Question notices are gathered for a tenth of a second before they go out: wait for it, so the order below is the order sent.
      await until(() => Object.values(questions).every((q) => q.some((e) => e.type === "votes")), "the coalesced vote count on every socket");
      expect((await staffA.request("POST", `/api/v1/townhalls/${id}/questions/${qid}/moderate`, { action: "answering" })).status).toBe(200);
      expect((await staffA.request("POST", `/api/v1/townhalls/${id}/end`, {})).status).toBe(200);

      await until(() => Object.values(questions).every((q) => q.length >= 3) && Object.values(states).every((s) => s.length >= 3), "the town hall's events on every socket");
      await settle();

      const kinds = (events: TownhallStep[]) => events.map((e) => (e.type === "votes" ? `votes:${e.counts?.map((c) => `${c.questionId}:${c.votes}`).join(",")}` : `${e.type}:${e.question?.id}:${e.question?.status}`));
      const wanted = [`upsert:${qid}:approved`, `votes:${qid}:1`, `upsert:${qid}:answering`];
      const wantedStates = [
        { townhallId: id, state: "live", answeringQuestionId: null },
        { townhallId: id, state: "live", answeringQuestionId: qid },
        { townhallId: id, state: "ended", answeringQuestionId: null },
      ];
      for (const name of Object.keys(listeners) as (keyof typeof listeners)[]) {
        // Exactly these, once each, in this order: nothing lost or doubled on the way through Redis.
        expect(kinds(questions[name]), name).toEqual(wanted);
        expect(questions[name].every((e) => e.townhallId === id)).toBe(true);
        expect(
          states[name].map(({ townhallId, state, answeringQuestionId }) => ({ townhallId, state, answeringQuestionId })),
          name,
        ).toEqual(wantedStates);
      }

      // And node B serves the same snapshot the events built.
      const snapshot = await new NodeClient(nodeB.base).request<{ townhall: { state: string }; questions: { id: string; votes: number; status: string }[] }>("GET", `/api/v1/townhalls/${id}`);
      expect(snapshot.status).toBe(200);
      expect(snapshot.body.townhall.state).toBe("ended");
      expect(snapshot.body.questions.map((q) => [q.id, q.votes, q.status])).toEqual([[qid, 1, "answering"]]);
    }, 60_000);
  }
});
