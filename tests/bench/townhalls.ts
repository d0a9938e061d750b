/**
 * Town halls under load: socket.io fan-out to thousands of attendees while
 * questions and votes arrive through the API, on one node and on two nodes
 * sharing rooms through Redis.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench_th \
 *     node --import tsx tests/bench/townhalls.ts
 *       [--attendees 2000] [--duration 20] [--qps 20] [--vps 200] [--reconnect 10]
 *       [--nodes 1,2] [--workers 2] [--max-inflight 200] [--no-build]
 *
 * The issue's measure: 2,000 connected attendees, 20 questions and 200 votes
 * per second; fan-out latency p50/p99 from emit to receipt, server CPU and
 * memory; the same with two nodes and Redis. Targets: fan-out p99 under
 * 250 ms at 2,000 attendees on one node and on two; no event lost or
 * duplicated across a forced reconnect of 10% of the attendees.
 *
 * What it does, per run (`--nodes 1,2`: first one node, then two):
 *  1. Once: builds the app, applies the migrations to DATABASE_URL (local
 *     only), makes a staff account and the attendee accounts (`th_attendee_N`,
 *     bulk-inserted with one argon2 hash, reused by later runs) and a personal
 *     access token for each (rows inserted as the app stores them: SHA-256 of
 *     the token; earlier runs' bench tokens and these accounts' town hall
 *     rate-limit windows are deleted), and starts one bundled Meilisearch
 *     that every node shares.
 *  2. Starts `node build/server.js` (production), or two of them with
 *     REDIS_URL pointing at a `redis-server` child of this script; schedules
 *     and starts a town hall (`moderated: false`) through the API.
 *  3. Connects the attendees' sockets (websocket, `auth: {token}`), split over
 *     the nodes and over `--workers` worker threads of this script, each
 *     subscribed to `townhall:<id>`, and records every `townhall:question`
 *     event each one receives, applying it to its own copy of the question
 *     list as the live page does.
 *  4. For `--duration` seconds posts `--qps` questions and `--vps` votes per
 *     second through the API (Bearer tokens, alternating nodes), from
 *     attendees with room under the per-member limits (5 questions and 60
 *     votes a minute): each voter votes on distinct questions, never their own.
 *     The load is open-loop (sent on schedule, not after the previous answer)
 *     with at most `--max-inflight` requests waiting: what the cap holds back
 * *     is reported as not sent. Fan-out is receipt minus the notice's `at`
 *     (the server's emit); a new question is also timed from its `createdAt`
 *     (set by the database as it is written), and a vote from the moment its
 *     PUT was sent to the first count that includes it, so that one includes
 *     the API's own queueing. Each receipt minus the same notice's first
 *     receipt by any attendee shows how long the broadcast itself takes.
 *     CPU comes from /proc/<pid>/stat (utime + stime) of each node, of
 *     redis-server and of the nodes' PostgreSQL backends, over the window.
 *  5. At 40% of the window, `--reconnect` percent of the attendees lose their
 *     connection (the client closes its transport, as a dropped network
 *     would); socket.io reconnects them, and each does what the page does on
 *     a reconnect: subscribe again, then fetch GET /api/v1/townhalls/:id and
 *     replace its list with that snapshot, then apply the notices held while
 *     it was in flight (changes sent after it, counts newer than its versions).
 *  6. When no more events arrive, compares every attendee's list (ids, vote
 *     counts) with the server's, counts lost and duplicated events per
 *     attendee, and checks the vote counters against the vote rows.
 *
 * It writes: the accounts and tokens of step 1, and per run one town hall
 * with its questions and votes (ended at the end).
 */
import type { ChildProcess } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Socket } from "socket.io-client";

const now = () => performance.timeOrigin + performance.now();

// ================================================================ the attendees (worker threads)

interface ClientSpec {
  /** Index among all attendees. */
  id: number;
  base: string;
  token: string;
}

interface WorkerInput {
  clients: ClientSpec[];
  townhallId: string;
}

type ToWorker =
  | { type: "progress" }
  | { type: "firsts" }
  | { type: "drop"; ids: number[] }
  | {
      type: "finish";
      /** Every broadcast an attendee connected throughout must have received once: all seen anywhere, and every question asked. */
      expected: string[];
      /** Per accepted vote: question, the count its response gave, when its PUT was sent. */
      votes: [string, number, number][];
      /** Per event: its first receipt by any attendee, on any worker. */
      firstSeen: [string, number][];
      snapshot: { id: string; votes: number }[];
    };

interface WorkerResult {
  /** 1 ms buckets of latency; the last bucket holds everything slower. Fan-out: the server's emit (`at`) to receipt. */
  upsertFanout: number[];
  votesFanout: number[];
  /** A new question from its createdAt (the commit) to receipt. */
  upsertHist: number[];
  /** A vote from its PUT being sent to the receipt of the first count that includes it: API, coalescing and fan-out. */
  voteHist: number[];
  /** Receipt minus the event's first receipt anywhere: the broadcast's own spread. */
  spreadHist: number[];
  maxLatency: number;
  steady: { clients: number; lost: number; duplicated: number; clientsWithLoss: number; clientsWithDup: number; receivedMin: number; receivedMax: number; receivedSum: number };
  reconnected: {
    clients: number;
    reconnectedOk: number;
    recovered: number;
    missedBySocket: number;
    duplicated: number;
    reconnectMs: number[];
    resyncMs: number[];
    resyncFailed: number;
    eventsDuringResync: number;
    appliedAfterResync: number;
    missedExamples: string[];
  };
  unexpected: number;
  expectedPerClient: number;
  stateMismatch: { steady: number; reconnected: number; examples: string[] };
  duplicateIds: number;
}

const HIST_BUCKETS = 60_001;

interface ClientState {
  spec: ClientSpec;
  local: number;
  socket: Socket;
  connectedOnce: boolean;
  /** The question list as the page keeps it: ids in order, their vote counts and each count's version. */
  ids: string[];
  pos: Map<string, number>;
  votes: number[];
  versions: number[];
  dropped: boolean;
  dropAt: number;
  reconnectMs?: number;
  resyncMs?: number;
  recovered: boolean;
  resyncFailed: boolean;
  /** While the resync's GET is in flight, events wait here, as on the page; then those sent after the snapshot apply. */
  buffer: { at: number; apply: () => void }[] | null;
  eventsDuringResync: number;
  appliedAfterResync: number;
}

/** A `townhall:question` notice: what changed in a tenth of a second (app/realtime/events.ts). */
interface QuestionNotice {
  townhallId: string;
  at: number;
  changes: ({ type: "upsert"; question: { id: string; votes: number; votesVersion: number; createdAt: string } } | { type: "removed"; questionId: string })[];
  counts: { questionId: string; votes: number; version: number }[];
}

/** One broadcast's identity, the same for every attendee that receives it. */
function noticeKey(e: QuestionNotice) {
  const first = e.changes[0];
  const id = first ? (first.type === "upsert" ? first.question.id : first.questionId) : (e.counts[0]?.questionId ?? "");
  return `n:${e.at}:${e.changes.length}:${e.counts.length}:${id}`;
}

async function clientWorker() {
  const { io } = await import("socket.io-client");
  const input = workerData as WorkerInput;
  const port = parentPort!;
  const n = input.clients.length;
  const receipts = new Map<string, { first: Float64Array; count: Uint16Array }>();
  /** Per notice: the server's emit time, and the createdAt of each new question in it. */
  const emittedAt = new Map<string, number>();
  const createdAt = new Map<string, number[]>();
  /** Per question: the coalesced counts sent for it, as (emit time, count, event key). */
  const countsSent = new Map<string, { at: number; votes: number; key: string }[]>();
  let received = 0;

  const receipt = (key: string, local: number, at: number) => {
    let rec = receipts.get(key);
    if (!rec) {
      rec = { first: new Float64Array(n), count: new Uint16Array(n) };
      receipts.set(key, rec);
    }
    if (rec.count[local]++ === 0) rec.first[local] = at;
  };

  const replaceState = (c: ClientState, questions: { id: string; votes: number; votesVersion: number }[]) => {
    c.ids = questions.map((q) => q.id);
    c.votes = questions.map((q) => q.votes);
    c.versions = questions.map((q) => q.votesVersion);
    c.pos = new Map(c.ids.map((id, i) => [id, i]));
  };

  /** What the live page does with a notice (townhalls.$id.tsx): its changes in order, then its counts. */
  const applyChanges = (c: ClientState, e: QuestionNotice) => {
    for (const change of e.changes) {
      if (change.type === "removed") {
        if (!c.pos.has(change.questionId)) continue;
        const old = new Map(c.ids.map((id, i) => [id, [c.votes[i], c.versions[i]] as const]));
        c.ids = c.ids.filter((id) => id !== change.questionId);
        c.votes = c.ids.map((id) => old.get(id)![0]);
        c.versions = c.ids.map((id) => old.get(id)![1]);
        c.pos = new Map(c.ids.map((id, i) => [id, i]));
        continue;
      }
      const q = change.question;
      const i = c.pos.get(q.id);
      if (i === undefined) {
        c.pos.set(q.id, c.ids.length);
        c.ids.push(q.id);
        c.votes.push(q.votes);
        c.versions.push(q.votesVersion);
      } else if (c.versions[i] < q.votesVersion) {
        c.votes[i] = q.votes;
        c.versions[i] = q.votesVersion;
      }
    }
  };
  const applyCounts = (c: ClientState, e: QuestionNotice) => {
    for (const { questionId, votes, version } of e.counts) {
      const i = c.pos.get(questionId);
      // Counts from several nodes can cross on the way: the higher version wins.
      if (i !== undefined && c.versions[i] < version) {
        c.votes[i] = votes;
        c.versions[i] = version;
      }
    }
  };

  const subscribe = (c: ClientState) =>
    c.socket.timeout(30_000).emitWithAck("subscribe", { room: `townhall:${input.townhallId}` }) as Promise<{ ok: boolean }>;

  const resync = async (c: ClientState) => {
    const began = now();
    c.buffer = [];
    try {
      const res = await fetch(`${c.spec.base}/api/v1/townhalls/${input.townhallId}?sort=votes`, { headers: { accept: "application/json", authorization: `Bearer ${c.spec.token}` } });
      if (!res.ok) {
        await res.arrayBuffer();
        c.resyncFailed = true;
        return;
      }
      const fresh = (await res.json()) as { questions: { id: string; votes: number; votesVersion: number }[]; snapshotAt: number };
      replaceState(c, fresh.questions);
      for (const e of c.buffer) {
        if (e.at > fresh.snapshotAt) {
          e.apply();
          if (e.at !== Infinity) c.appliedAfterResync++;
        }
      }
      c.resyncMs = now() - began;
    } catch {
      c.resyncFailed = true;
    } finally {
      c.buffer = null;
    }
  };

  const clients: ClientState[] = input.clients.map((spec, local) => {
    const socket = io(spec.base, {
      transports: ["websocket"],
      auth: { token: spec.token },
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 30_000,
    });
    const c: ClientState = {
      spec, local, socket, connectedOnce: false, ids: [], pos: new Map(), votes: [], versions: [], dropped: false, dropAt: 0,
      recovered: false, resyncFailed: false, buffer: null, eventsDuringResync: 0, appliedAfterResync: 0,
    };
    socket.on("townhall:question", (e: QuestionNotice) => {
      const at = now();
      if (e.townhallId !== input.townhallId) return;
      received++;
      const key = noticeKey(e);
      receipt(key, local, at);
      if (!emittedAt.has(key)) {
        emittedAt.set(key, e.at);
        createdAt.set(key, e.changes.flatMap((ch) => (ch.type === "upsert" ? [Date.parse(ch.question.createdAt)] : [])));
        for (const { questionId, votes } of e.counts) {
          const list = countsSent.get(questionId) ?? [];
          list.push({ at: e.at, votes, key });
          countsSent.set(questionId, list);
        }
      }
      if (c.buffer) {
        c.eventsDuringResync++;
        // As the page does: the changes if sent after the snapshot was read, the counts always (their versions order them).
        c.buffer.push({ at: e.at, apply: () => applyChanges(c, e) });
        c.buffer.push({ at: Infinity, apply: () => applyCounts(c, e) });
      } else {
        applyChanges(c, e);
        applyCounts(c, e);
      }
    });
    // What the page does on every connect after the first: join the room again, then resync from a snapshot.
    socket.on("connect", () => {
      if (!c.connectedOnce) {
        c.connectedOnce = true;
        return;
      }
      if (c.dropped && c.reconnectMs === undefined) {
        c.reconnectMs = now() - c.dropAt;
        c.recovered = socket.recovered;
      }
      void subscribe(c).catch(() => undefined);
      void resync(c);
    });
    return c;
  });

  // Connect in batches: a handshake authenticates its token against the database.
  let failed = 0;
  const errors: string[] = [];
  const batch = 100;
  for (let i = 0; i < clients.length; i += batch) {
    await Promise.all(
      clients.slice(i, i + batch).map(
        (c) =>
          new Promise<void>((resolve) => {
            const fail = (err: unknown) => {
              failed++;
              if (errors.length < 3) errors.push(String(err instanceof Error ? err.message : err));
              resolve();
            };
            c.socket.once("connect", () => {
              subscribe(c)
                .then((ack) => (ack.ok ? resolve() : fail(`subscribe refused: ${JSON.stringify(ack)}`)))
                .catch(fail);
            });
            c.socket.once("connect_error", fail);
            c.socket.connect();
          }),
      ),
    );
  }
  port.postMessage({ type: "ready", connected: clients.length - failed, failed, errors });

  port.on("message", (msg: ToWorker) => {
    if (msg.type === "progress") {
      const dropped = clients.filter((c) => c.dropped);
      port.postMessage({
        type: "progress",
        received,
        reconnected: dropped.filter((c) => c.reconnectMs !== undefined).length,
        resynced: dropped.filter((c) => c.resyncMs !== undefined || c.resyncFailed).length,
        dropped: dropped.length,
      });
    } else if (msg.type === "firsts") {
      const firsts: [string, number][] = [];
      for (const [key, rec] of receipts) {
        let min = Infinity;
        for (let i = 0; i < n; i++) if (rec.count[i] && rec.first[i] < min) min = rec.first[i];
        if (min < Infinity) firsts.push([key, min]);
      }
      port.postMessage({ type: "firsts", firsts });
    } else if (msg.type === "drop") {
      const ids = new Set(msg.ids);
      for (const c of clients) {
        if (!ids.has(c.spec.id)) continue;
        c.dropped = true;
        c.dropAt = now();
        // The transport closes under the socket, as a dropped network would; the manager reconnects.
        c.socket.io.engine.close();
      }
    } else if (msg.type === "finish") {
      port.postMessage({ type: "result", result: finish(msg) });
      for (const c of clients) c.socket.disconnect();
    }
  });

  function finish(msg: Extract<ToWorker, { type: "finish" }>): WorkerResult {
    const expected = new Set(msg.expected);
    const firstSeen = new Map(msg.firstSeen);
    const hist = () => new Array<number>(HIST_BUCKETS).fill(0);
    const [upsertFanout, votesFanout, upsertHist, voteHist, spreadHist] = [hist(), hist(), hist(), hist(), hist()];
    const bucket = (ms: number) => Math.min(HIST_BUCKETS - 1, Math.floor(Math.max(0, ms)));
    let maxLatency = 0;
    const countsByKey = new Map<string, number>();
    for (const list of countsSent.values()) for (const x of list) countsByKey.set(x.key, (countsByKey.get(x.key) ?? 0) + 1);
    for (const [key, rec] of receipts) {
      const emitted = emittedAt.get(key);
      const created = createdAt.get(key) ?? [];
      const first = firstSeen.get(key);
      const hasCounts = (countsByKey.get(key) ?? 0) > 0;
      for (let i = 0; i < n; i++) {
        // Latency is the live path's: an attendee that was dropped gets old notices replayed by recovery.
        if (!rec.count[i] || clients[i].dropped) continue;
        if (emitted !== undefined) {
          const ms = Math.max(0, rec.first[i] - emitted);
          maxLatency = Math.max(maxLatency, ms);
          if (created.length) upsertFanout[bucket(ms)]++;
          if (hasCounts) votesFanout[bucket(ms)]++;
        }
        for (const t of created) upsertHist[bucket(rec.first[i] - t)]++;
        if (first !== undefined) spreadHist[bucket(rec.first[i] - first)]++;
      }
    }
    // A vote is seen when the first count that includes it arrives (counts are read after the vote committed).
    for (const list of countsSent.values()) list.sort((a, b) => a.at - b.at);
    for (const [qid, count, sentAt] of msg.votes) {
      const shown = countsSent.get(qid)?.find((x) => x.votes >= count && x.at >= sentAt);
      const rec = shown && receipts.get(shown.key);
      if (!rec) continue;
      for (let i = 0; i < n; i++) if (rec.count[i] && !clients[i].dropped) voteHist[bucket(rec.first[i] - sentAt)]++;
    }

    const steady = { clients: 0, lost: 0, duplicated: 0, clientsWithLoss: 0, clientsWithDup: 0, receivedMin: Infinity, receivedMax: 0, receivedSum: 0 };
    const reconnected = { clients: 0, reconnectedOk: 0, recovered: 0, missedBySocket: 0, duplicated: 0, reconnectMs: [] as number[], resyncMs: [] as number[], resyncFailed: 0, eventsDuringResync: 0, appliedAfterResync: 0, missedExamples: [] as string[] };
    let unexpected = 0;
    const lost = new Int32Array(n);
    const dup = new Int32Array(n);
    const got = new Int32Array(n);
    for (const key of expected) {
      const rec = receipts.get(key);
      for (let i = 0; i < n; i++) {
        const count = rec ? rec.count[i] : 0;
        if (count) got[i]++;
        else lost[i]++;
        if (count > 1) dup[i] += count - 1;
      }
    }
    for (const [key, rec] of receipts) if (!expected.has(key)) for (let i = 0; i < n; i++) unexpected += rec.count[i];

    const snapshot = new Map(msg.snapshot.map((q) => [q.id, q.votes]));
    const stateMismatch = { steady: 0, reconnected: 0, examples: [] as string[] };
    let duplicateIds = 0;
    for (const c of clients) {
      const i = c.local;
      if (c.dropped) {
        reconnected.clients++;
        reconnected.missedBySocket += lost[i];
        reconnected.duplicated += dup[i];
        if (c.reconnectMs !== undefined) {
          reconnected.reconnectedOk++;
          reconnected.reconnectMs.push(c.reconnectMs);
        }
        if (c.recovered) reconnected.recovered++;
        if (c.resyncMs !== undefined) reconnected.resyncMs.push(c.resyncMs);
        if (c.resyncFailed) reconnected.resyncFailed++;
        reconnected.eventsDuringResync += c.eventsDuringResync;
        reconnected.appliedAfterResync += c.appliedAfterResync;
        if (lost[i] && reconnected.missedExamples.length < 3) {
          // When, relative to the drop, were the events this attendee never got emitted?
          const when: string[] = [];
          for (const key of expected) {
            if (receipts.get(key)?.count[i]) continue;
            const at = emittedAt.get(key);
            when.push(at === undefined ? "?" : `${Math.round(at - c.dropAt)}`);
          }
          reconnected.missedExamples.push(
            `attendee ${c.spec.id} (${c.recovered ? "recovered" : "not recovered"}, back after ${Math.round(c.reconnectMs ?? -1)} ms): its socket missed ${lost[i]} broadcast(s), emitted about ${when.slice(0, 8).join(", ")} ms after its drop; the resync covers them`,
          );
        }
      } else {
        steady.clients++;
        steady.lost += lost[i];
        steady.duplicated += dup[i];
        if (lost[i]) steady.clientsWithLoss++;
        if (dup[i]) steady.clientsWithDup++;
        steady.receivedMin = Math.min(steady.receivedMin, got[i]);
        steady.receivedMax = Math.max(steady.receivedMax, got[i]);
        steady.receivedSum += got[i];
      }
      if (new Set(c.ids).size !== c.ids.length) duplicateIds++;
      const problems: string[] = [];
      for (const [id, votes] of snapshot) {
        const j = c.pos.get(id);
        if (j === undefined) problems.push(`missing ${id}`);
        else if (c.votes[j] !== votes) problems.push(`${id} shows ${c.votes[j]} votes, server ${votes}`);
      }
      for (const id of c.ids) if (!snapshot.has(id)) problems.push(`extra ${id}`);
      if (problems.length) {
        if (c.dropped) stateMismatch.reconnected++;
        else stateMismatch.steady++;
        if (stateMismatch.examples.length < 3) stateMismatch.examples.push(`attendee ${c.spec.id}${c.dropped ? " (reconnected)" : ""}: ${problems.length} difference(s), e.g. ${problems.slice(0, 2).join("; ")}`);
      }
    }
    if (!steady.clients) steady.receivedMin = 0;
    return { upsertFanout, votesFanout, upsertHist, voteHist, spreadHist, maxLatency, steady, reconnected, unexpected, expectedPerClient: expected.size, stateMismatch, duplicateIds };
  }
}

// ================================================================ the orchestrator (main thread)

interface Account {
  id: string;
  username: string;
  token: string;
}

interface ProcStat {
  ticks: number;
  at: number;
}

const clockTicks = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout?.trim()) || 100;
})();

/** utime + stime of a process, from /proc (the server's process.cpuUsage is not reachable from here). */
function procTicks(pid: number | undefined): ProcStat | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces: fields count from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ticks: Number(fields[11]) + Number(fields[12]), at: now() };
  } catch {
    return undefined;
  }
}

/** Percent of one core between two samples. */
function cpuPercent(a: ProcStat | undefined, b: ProcStat | undefined) {
  if (!a || !b || b.at <= a.at) return Number.NaN;
  return ((b.ticks - a.ticks) / clockTicks / ((b.at - a.at) / 1000)) * 100;
}

/** The whole machine: busy and total jiffies from /proc/stat. */
function machineTicks() {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}

function histPercentile(hist: number[], p: number) {
  const total = hist.reduce((s, x) => s + x, 0);
  if (!total) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i];
    if (seen >= rank) return i + 1; // the bucket's upper edge: "at most this many ms"
  }
  return hist.length;
}

function sumHists(hists: number[][]) {
  const out = new Array<number>(HIST_BUCKETS).fill(0);
  for (const h of hists) for (let i = 0; i < h.length; i++) out[i] += h[i];
  return out;
}

interface PhaseResult {
  label: string;
  nodes: number;
  attendees: number;
  connected: number;
  connectSeconds: number;
  window: number;
  asks: { sent: number; ok: number; failed: Record<string, number>; latencies: number[] };
  votes: { sent: number; ok: number; failed: Record<string, number>; latencies: number[] };
  skipped: number;
  upsertFanout: number[];
  votesFanout: number[];
  upsertHist: number[];
  voteHist: number[];
  spreadHist: number[];
  maxLatency: number;
  expectedPerClient: number;
  steady: WorkerResult["steady"];
  reconnected: WorkerResult["reconnected"];
  unexpected: number;
  stateMismatch: WorkerResult["stateMismatch"];
  duplicateIds: number;
  serverQuestions: number;
  counterDrift: number;
  processes: { name: string; cpu: number; rssBefore?: number; rssAfter?: number; peak?: number }[];
  /** Server CPU (all nodes) in ms per 1,000 events delivered to attendees during the load window. */
  serverCpuPerThousand: number;
  receivedInWindow: number;
  benchCpu: number;
  machineBusy: number;
  loadBefore: number;
  loadAfter: number;
  quietAfter: number;
  drained: boolean;
}

async function main() {
  const shared = await import("./shared");
  const { buildApp, flag, hasFlag, intFlag, machineDescription, memoryOf, percentile, requireLocalDatabaseUrl, startAppServer, stopProcess, timed } = shared;
  const postgres = (await import("postgres")).default;
  const { freePort, startEmbeddedMeili } = await import("../../search/embedded.server");

  const databaseUrl = requireLocalDatabaseUrl();
  const attendeeCount = intFlag("attendees", 2000);
  const duration = intFlag("duration", 20);
  const qps = intFlag("qps", 20);
  const vps = intFlag("vps", 200, 0);
  const reconnectPercent = intFlag("reconnect", 10, 0);
  const workerCount = intFlag("workers", Math.max(1, Math.min(4, os.cpus().length)));
  const maxInflightFlag = intFlag("max-inflight", 200);
  const nodeRuns = (flag("nodes") ?? "1,2").split(",").map((s) => Number(s.trim()));
  if (nodeRuns.some((x) => x !== 1 && x !== 2)) {
    console.error("--nodes takes 1, 2 or 1,2.");
    process.exit(2);
  }

  // Per run: askers at most 4 questions each (limit 5 a minute), voters at most 10 votes each (limit 60).
  const asksPerRun = qps * (duration + 1);
  const askersPerRun = Math.ceil(asksPerRun / 4);
  const votersPerRun = Math.max(1, Math.ceil((vps * duration) / 10));
  const accountCount = Math.max(attendeeCount, nodeRuns.length * (askersPerRun + votersPerRun));

  const children: ChildProcess[] = [];
  const tmpDirs: string[] = [];
  let meili: Awaited<ReturnType<typeof startEmbeddedMeili>> | undefined;
  let workers: Worker[] = [];
  const cleanup = async () => {
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
    workers = [];
    await Promise.all(children.splice(0).map((c) => stopProcess(c)));
    await meili?.stop().catch(() => undefined);
    meili = undefined;
    for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  if (!hasFlag("no-build")) buildApp();
  const budgetMs = (240 + nodeRuns.length * (duration + 120) + accountCount / 50) * 1000;
  const watchdog = setTimeout(() => {
    console.error(`Time limit (${Math.round(budgetMs / 1000)} s) reached: stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();
  const began = Date.now();

  // ------------------------------------------------------------ accounts and tokens
  const { openDatabase } = await import("../../db/client.server");
  const { hashPassword } = await import("../../app/auth/password.server");
  const { newId } = await import("../../db/ids");
  await timed("migrations", async () => {
    const handle = await openDatabase({ databaseUrl, dataDir: "", owner: "the town hall benchmark" });
    await handle.migrate();
    await handle.close();
  });

  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {}, connection: { application_name: "townhall-bench" } });
  const tokenName = "townhall bench";
  const issue = () => {
    const token = `fpat_${randomBytes(24).toString("base64url")}`;
    return { token, hash: createHash("sha256").update(token).digest("hex"), prefix: token.slice(0, 9) };
  };
  let staff: Account;
  let accounts: Account[];
  try {
    [staff, accounts] = await timed(`accounts and tokens (${accountCount.toLocaleString("en")} attendees)`, async () => {
      const passwordHash = await hashPassword(shared.benchPassword);
      const wanted = [
        { username: "th_bench_staff", role: "staff" },
        ...Array.from({ length: accountCount }, (_, i) => ({ username: `th_attendee_${String(i + 1).padStart(6, "0")}`, role: "customer" })),
      ];
      for (let i = 0; i < wanted.length; i += 2000) {
        const rows = wanted.slice(i, i + 2000).map((w) => ({ id: newId(), email: `${w.username}@bench.example`, username: w.username, password_hash: passwordHash, role: w.role }));
        await sql`insert into users ${sql(rows, "id", "email", "username", "password_hash", "role")} on conflict do nothing`;
      }
      const found = await sql<{ id: string; username: string }[]>`select id, username from users where username in ${sql(wanted.map((w) => w.username))}`;
      const byName = new Map(found.map((r) => [r.username, r.id]));
      await sql`delete from api_tokens where name = ${tokenName}`;
      const issued = wanted.map((w) => ({ username: w.username, userId: byName.get(w.username)!, ...issue() }));
      for (let i = 0; i < issued.length; i += 2000) {
        const rows = issued.slice(i, i + 2000).map((t) => ({ id: newId(), user_id: t.userId, name: tokenName, token_hash: t.hash, prefix: t.prefix }));
        await sql`insert into api_tokens ${sql(rows, "id", "user_id", "name", "token_hash", "prefix")}`;
      }
      // The per-member limits count in fixed windows kept in the database: an earlier run's must not bite this one.
      await sql`delete from rate_limits where key in ${sql(issued.flatMap((t) => [`townhall-ask:${t.userId}`, `townhall-vote:${t.userId}`]))}`;
      const all = issued.map((t) => ({ id: t.userId, username: t.username, token: t.token }));
      return [all[0], all.slice(1)] as const;
    });
  } catch (err) {
    await sql.end();
    throw err;
  }

  const meiliDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-bench-th-meili-"));
  tmpDirs.push(meiliDir);
  meili = await timed("Meilisearch (one, shared by the nodes)", () => startEmbeddedMeili({ dataDir: meiliDir }));

  async function startNode(name: string, redisUrl?: string) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `forum-bench-th-${name}-`));
    tmpDirs.push(dataDir);
    const env: Record<string, string> = { MEILI_HOST: meili!.host, MEILI_MASTER_KEY: meili!.apiKey, MEILI_INDEX_PREFIX: "thbench_" };
    if (redisUrl) env.REDIS_URL = redisUrl;
    return startAppServer({ databaseUrl, dataDir, logName: `forum-bench-th-${name}`, env, onSpawn: (c) => children.push(c) });
  }

  async function startRedis() {
    const port = await freePort();
    const logFile = path.join(os.tmpdir(), `forum-bench-th-redis-${Date.now()}.log`);
    const out = fs.openSync(logFile, "w");
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", out, out] });
    fs.closeSync(out);
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once("error", (err) => reject(new Error(`redis-server did not start (${err.message}): install it (Debian: apt-get install redis-server).`)));
      child.once("spawn", () => resolve());
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (fs.readFileSync(logFile, "utf8").includes("Ready to accept connections")) return { url: `redis://127.0.0.1:${port}`, child };
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`redis-server did not become ready; log ${logFile}`);
  }

  // ------------------------------------------------------------ one run
  async function runPhase(label: string, nodes: { base: string; child: ChildProcess; name: string }[], extra: { name: string; pid?: number }[], runIndex: number): Promise<PhaseResult> {
    const staffHeaders = { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${staff.token}` };
    const api = async <T>(base: string, method: string, p: string, body?: unknown, token = staff.token) => {
      const res = await fetch(base + p, { method, headers: { ...staffHeaders, authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${p} on ${base}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    };
    const { townhall } = await api<{ townhall: { id: string } }>(nodes[0].base, "POST", "/api/v1/townhalls", {
      title: `Benchmark town hall (${label}, ${new Date().toISOString().slice(0, 19)})`,
      description: "Fan-out benchmark: questions and votes arrive through the API while thousands listen.",
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      moderated: false,
    });
    const townhallId = townhall.id;
    await api(nodes[0].base, "POST", `/api/v1/townhalls/${townhallId}/start`, {});
    const me = await api<{ user: { username: string } }>(nodes[nodes.length - 1].base, "GET", "/api/v1/me", undefined, accounts[0].token);
    if (me.user.username !== accounts[0].username) throw new Error("The attendees' tokens do not authenticate.");

    // Attendees over workers and nodes: worker = i mod W, node = (i div W) mod N, so every worker serves every node.
    const attendees = accounts.slice(0, attendeeCount);
    const specs: ClientSpec[][] = Array.from({ length: workerCount }, () => []);
    attendees.forEach((a, i) => specs[i % workerCount].push({ id: i, base: nodes[Math.floor(i / workerCount) % nodes.length].base, token: a.token }));
    const tsxApi = createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
    // Worker threads do not inherit the tsx loader of `node --import tsx`: register it, then load this file.
    const boot = `import(${JSON.stringify(`file://${tsxApi}`)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;

    const connectStart = now();
    workers = specs.map((clients) => new Worker(boot, { eval: true, workerData: { clients, townhallId } satisfies WorkerInput }));
    const inbox = workers.map(() => [] as ((m: { type: string } & Record<string, unknown>) => boolean)[]);
    workers.forEach((w, i) => {
      w.on("message", (m: { type: string } & Record<string, unknown>) => {
        const idx = inbox[i].findIndex((h) => h(m));
        if (idx >= 0) inbox[i].splice(idx, 1);
      });
      w.on("error", (err) => console.error(`worker ${i} failed:`, err));
    });
    const nextMessage = <T>(i: number, type: string) => new Promise<T>((resolve) => inbox[i].push((m) => (m.type === type ? (resolve(m as unknown as T), true) : false)));
    const ready = await Promise.all(workers.map((_, i) => nextMessage<{ connected: number; failed: number; errors: string[] }>(i, "ready")));
    const connected = ready.reduce((s, r) => s + r.connected, 0);
    const connectSeconds = (now() - connectStart) / 1000;
    console.log(`  ${label}: ${connected.toLocaleString("en")} / ${attendees.length.toLocaleString("en")} attendees connected and subscribed in ${connectSeconds.toFixed(1)} s`);
    if (connected < attendees.length) console.log(`    failures: ${ready.flatMap((r) => r.errors).join(" | ")}`);
    const progress = async () => {
      const all = await Promise.all(workers.map((w, i) => {
        const p = nextMessage<{ received: number; reconnected: number; resynced: number; dropped: number }>(i, "progress");
        w.postMessage({ type: "progress" } satisfies ToWorker);
        return p;
      }));
      return all.reduce((s, p) => ({ received: s.received + p.received, reconnected: s.reconnected + p.reconnected, resynced: s.resynced + p.resynced, dropped: s.dropped + p.dropped }), { received: 0, reconnected: 0, resynced: 0, dropped: 0 });
    };
    // Presence recounts after the burst of subscriptions settle before the clock starts.
    await sleep(3000);

    // The accounts that post: disjoint per run, so one run's limits never bite the next.
    const offset = runIndex * (askersPerRun + votersPerRun);
    const askers = accounts.slice(offset, offset + askersPerRun);
    const voters = accounts.slice(offset + askersPerRun, offset + askersPerRun + votersPerRun);
    const asks = { sent: 0, ok: 0, failed: {} as Record<string, number>, latencies: [] as number[] };
    const votes = { sent: 0, ok: 0, failed: {} as Record<string, number>, latencies: [] as number[] };
    const voteRecords: [string, number, number][] = [];
    const questionIds: string[] = [];
    const votedPairs = new Set<string>();
    let inflight = 0;
    let turn = 0;
    const fail = (bucket: Record<string, number>, why: string) => (bucket[why] = (bucket[why] ?? 0) + 1);
    const post = async (kind: "ask" | "vote", path: string, method: string, body: unknown, token: string) => {
      const node = nodes[turn++ % nodes.length];
      const sentAt = now();
      inflight++;
      try {
        const res = await fetch(node.base + path, { method, headers: { ...staffHeaders, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
        const text = await res.text();
        const answeredAt = now();
        (kind === "ask" ? asks : votes).latencies.push(answeredAt - sentAt);
        return { sentAt, answeredAt, status: res.status, json: res.ok ? (JSON.parse(text) as Record<string, unknown>) : undefined, text };
      } catch (err) {
        return { sentAt, answeredAt: now(), status: 0, json: undefined, text: String(err) };
      } finally {
        inflight--;
      }
    };
    const ask = async () => {
      const n = asks.sent++;
      const askerIndex = n % askers.length;
      const r = await post("ask", `/api/v1/townhalls/${townhallId}/questions`, "POST", { body: `Benchmark question ${n + 1}: will the next firmware keep my speaker pairings?` }, askers[askerIndex].token);
      if (r.status !== 201) return fail(asks.failed, String(r.status));
      asks.ok++;
      questionIds.push((r.json as { question: { id: string } }).question.id);
    };
    const vote = async () => {
      if (!questionIds.length) return;
      const voterIndex = votes.sent % voters.length;
      let qid: string | undefined;
      for (let tries = 0; tries < 10 && !qid; tries++) {
        const pick = questionIds[Math.floor(Math.random() * questionIds.length)];
        if (!votedPairs.has(`${voterIndex}:${pick}`)) qid = pick;
      }
      if (!qid) return;
      votedPairs.add(`${voterIndex}:${qid}`);
      votes.sent++;
      const r = await post("vote", `/api/v1/townhalls/${townhallId}/questions/${qid}/vote`, "PUT", { value: 1 }, voters[voterIndex].token);
      if (r.status !== 200) return fail(votes.failed, String(r.status));
      votes.ok++;
      voteRecords.push([qid, (r.json as { votes: number }).votes, r.sentAt]);
    };

    const pids = [...nodes.map((n) => ({ name: n.name, pid: n.child.pid })), ...extra];
    const memBefore = pids.map((p) => memoryOf(p.pid));
    const loadBefore = os.loadavg()[0];

    // One second's worth of questions first, so the votes have something to land on.
    await Promise.all(Array.from({ length: qps }, () => ask()));

    // The database's share: the server pools' backends (this script's own connection is named and left out).
    const backends = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and application_name <> 'townhall-bench'`;
    const backendTicks = () => backends.reduce((s, b) => s + (procTicks(b.pid)?.ticks ?? 0), 0);
    const pgStart = { ticks: backendTicks(), at: now() };
    const receivedStart = (await progress()).received;
    const cpuStart = pids.map((p) => procTicks(p.pid));
    const benchCpuStart = process.cpuUsage();
    const machineStart = machineTicks();
    const windowStart = now();
    const maxInflight = maxInflightFlag;
    let skipped = 0;
    let askDue = 0;
    let voteDue = 0;
    let dropDone = reconnectPercent === 0;
    const pending: Promise<unknown>[] = [];
    while (true) {
      const elapsed = (now() - windowStart) / 1000;
      if (elapsed >= duration) break;
      for (const target = Math.floor(elapsed * qps) + 1; askDue < target; askDue++) {
        if (inflight >= maxInflight) skipped++;
        else pending.push(ask());
      }
      for (const target = Math.floor(elapsed * vps); voteDue < target; voteDue++) {
        if (inflight >= maxInflight) skipped++;
        else pending.push(vote());
      }
      if (!dropDone && elapsed >= duration * 0.4) {
        dropDone = true;
        const ids = attendees.map((_, i) => i).sort(() => Math.random() - 0.5).slice(0, Math.round((attendees.length * reconnectPercent) / 100));
        for (const w of workers) w.postMessage({ type: "drop", ids } satisfies ToWorker);
        console.log(`    t=${elapsed.toFixed(1)} s: dropped the connections of ${ids.length} attendees`);
      }
      await sleep(5);
    }
    await Promise.all(pending);
    const window = (now() - windowStart) / 1000;
    const cpuEnd = pids.map((p) => procTicks(p.pid));
    const pgEnd = { ticks: backendTicks(), at: now() };
    const receivedInWindow = (await progress()).received - receivedStart;
    const benchCpu = process.cpuUsage(benchCpuStart);
    const machineEnd = machineTicks();
    console.log(`    load done in ${window.toFixed(1)} s: ${asks.ok} questions, ${votes.ok} votes accepted; waiting for the sockets to go quiet…`);

    // Quiet: no new receipts for 3 s and every dropped attendee back and resynced (60 s at most).
    const quietStart = now();
    let last = -1;
    let stableSince = now();
    let drained = false;
    while (now() - quietStart < 90_000) {
      const p = await progress();
      if (p.received !== last) {
        last = p.received;
        stableSince = now();
      } else if (now() - stableSince >= 3000 && p.resynced >= p.dropped) {
        drained = true;
        break;
      }
      await sleep(500);
    }
    if (!drained) console.log("    events were still arriving 90 s after the load: what has not arrived by now counts as lost");
    const quietAfter = (now() - quietStart) / 1000;
    const memAfter = pids.map((p) => memoryOf(p.pid));

    const snapshot = await api<{ questions: { id: string; votes: number }[] }>(nodes[0].base, "GET", `/api/v1/townhalls/${townhallId}?sort=votes`);
    const [drift] = await sql<{ n: number }[]>`
      select count(*)::int as n from townhall_questions q
      where q.townhall_id = ${townhallId} and q.votes <> (select count(*) from townhall_votes v where v.question_id = q.id)`;

    const firstSeen = new Map<string, number>();
    const firsts = await Promise.all(workers.map((w, i) => {
      const p = nextMessage<{ firsts: [string, number][] }>(i, "firsts");
      w.postMessage({ type: "firsts" } satisfies ToWorker);
      return p;
    }));
    for (const { firsts: list } of firsts) for (const [key, at] of list) firstSeen.set(key, Math.min(firstSeen.get(key) ?? Infinity, at));
    // Every notice broadcast reached someone; one that reached nobody shows in the lists' comparison with the server's.
    const expected = [...firstSeen.keys()];
    const results = await Promise.all(workers.map((w, i) => {
      const p = nextMessage<{ result: WorkerResult }>(i, "result");
      w.postMessage({
        type: "finish",
        expected,
        votes: voteRecords,
        firstSeen: [...firstSeen],
        snapshot: snapshot.questions.map((q) => ({ id: q.id, votes: q.votes })),
      } satisfies ToWorker);
      return p;
    }));
    await Promise.all(workers.map((w) => w.terminate()));
    workers = [];
    await api(nodes[0].base, "POST", `/api/v1/townhalls/${townhallId}/end`, {}).catch(() => undefined);

    const r = results.map((x) => x.result);
    const sum = <K extends string>(pick: (w: WorkerResult) => Record<K, number>, k: K) => r.reduce((s, w) => s + pick(w)[k], 0);
    const elapsedMs = window * 1000;
    return {
      label,
      nodes: nodes.length,
      attendees: attendees.length,
      connected,
      connectSeconds,
      window,
      asks,
      votes,
      skipped,
      upsertFanout: sumHists(r.map((w) => w.upsertFanout)),
      votesFanout: sumHists(r.map((w) => w.votesFanout)),
      upsertHist: sumHists(r.map((w) => w.upsertHist)),
      voteHist: sumHists(r.map((w) => w.voteHist)),
      spreadHist: sumHists(r.map((w) => w.spreadHist)),
      maxLatency: Math.max(...r.map((w) => w.maxLatency)),
      expectedPerClient: r[0].expectedPerClient,
      steady: {
        clients: sum((w) => w.steady, "clients"),
        lost: sum((w) => w.steady, "lost"),
        duplicated: sum((w) => w.steady, "duplicated"),
        clientsWithLoss: sum((w) => w.steady, "clientsWithLoss"),
        clientsWithDup: sum((w) => w.steady, "clientsWithDup"),
        receivedMin: Math.min(...r.map((w) => w.steady.receivedMin)),
        receivedMax: Math.max(...r.map((w) => w.steady.receivedMax)),
        receivedSum: sum((w) => w.steady, "receivedSum"),
      },
      reconnected: {
        clients: sum((w) => w.reconnected, "clients"),
        reconnectedOk: sum((w) => w.reconnected, "reconnectedOk"),
        recovered: sum((w) => w.reconnected, "recovered"),
        missedBySocket: sum((w) => w.reconnected, "missedBySocket"),
        duplicated: sum((w) => w.reconnected, "duplicated"),
        reconnectMs: r.flatMap((w) => w.reconnected.reconnectMs).sort((a, b) => a - b),
        resyncMs: r.flatMap((w) => w.reconnected.resyncMs).sort((a, b) => a - b),
        resyncFailed: sum((w) => w.reconnected, "resyncFailed"),
        eventsDuringResync: sum((w) => w.reconnected, "eventsDuringResync"),
        appliedAfterResync: sum((w) => w.reconnected, "appliedAfterResync"),
        missedExamples: r.flatMap((w) => w.reconnected.missedExamples).slice(0, 3),
      },
      unexpected: r.reduce((s, w) => s + w.unexpected, 0),
      stateMismatch: {
        steady: r.reduce((s, w) => s + w.stateMismatch.steady, 0),
        reconnected: r.reduce((s, w) => s + w.stateMismatch.reconnected, 0),
        examples: r.flatMap((w) => w.stateMismatch.examples).slice(0, 3),
      },
      duplicateIds: r.reduce((s, w) => s + w.duplicateIds, 0),
      serverQuestions: snapshot.questions.length,
      counterDrift: drift.n,
      processes: [
        ...pids.map((p, i) => ({ name: p.name, cpu: cpuPercent(cpuStart[i], cpuEnd[i]), rssBefore: memBefore[i].rss, rssAfter: memAfter[i].rss, peak: memAfter[i].peak })),
        { name: `PostgreSQL (the nodes' ${backends.length} backends)`, cpu: cpuPercent(pgStart, pgEnd) },
      ],
      serverCpuPerThousand: (pids.slice(0, nodes.length).reduce((s, _, i) => s + ((cpuEnd[i]?.ticks ?? 0) - (cpuStart[i]?.ticks ?? 0)), 0) / clockTicks) * 1000 / Math.max(1, receivedInWindow) * 1000,
      receivedInWindow,
      benchCpu: ((benchCpu.user + benchCpu.system) / 1000 / elapsedMs) * 100,
      machineBusy: ((machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total)) * 100,
      loadBefore,
      loadAfter: os.loadavg()[0],
      quietAfter,
      drained,
    };
  }

  const phases: PhaseResult[] = [];
  try {
    for (const [runIndex, count] of nodeRuns.entries()) {
      if (count === 1) {
        const a = await timed("start one node", () => startNode("one"));
        console.log(`  node ${a.base} (pid ${a.child.pid}), log ${a.logFile}`);
        phases.push(await runPhase("one node", [{ ...a, name: "node" }], [], runIndex));
        await stopProcess(a.child);
      } else {
        const redis = await timed("start redis-server", () => startRedis());
        const a = await timed("start node A (REDIS_URL)", () => startNode("a", redis.url));
        const b = await timed("start node B (REDIS_URL)", () => startNode("b", redis.url));
        console.log(`  nodes ${a.base} (pid ${a.child.pid}), ${b.base} (pid ${b.child.pid}); redis ${redis.url}; logs ${a.logFile}, ${b.logFile}`);
        phases.push(await runPhase("two nodes + Redis", [{ ...a, name: "node A" }, { ...b, name: "node B" }], [{ name: "redis-server", pid: redis.child.pid }], runIndex));
        await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
        await stopProcess(redis.child);
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
    await cleanup();
    clearTimeout(watchdog);
  }

  // ------------------------------------------------------------ report
  const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a");
  const int = (n: number) => n.toLocaleString("en");
  const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${fmt(kb / 1024, 0)} MB`);
  const failures = (f: Record<string, number>) => Object.entries(f).map(([s, n]) => `${n}×${s}`).join(", ") || "0";

  console.log("");
  console.log(`## Town halls: ${int(attendeeCount)} attendees, ${qps} questions/s and ${vps} votes/s for ${duration} s (${machineDescription()})`);
  console.log("");
  console.log(`Total ${((Date.now() - began) / 1000).toFixed(0)} s after the build. Attendee sockets run in ${workerCount} worker thread(s) of this script, on the same machine as the servers, PostgreSQL and Redis.`);
  for (const p of phases) {
    const ours = p.processes.reduce((s, x) => s + (Number.isFinite(x.cpu) ? x.cpu : 0), 0) + p.benchCpu;
    const others = (p.machineBusy / 100) * os.cpus().length * 100 - ours;
    console.log(
      `${p.label}: load average (1 min) ${fmt(p.loadBefore, 2)} before, ${fmt(p.loadAfter, 2)} after; machine CPU ${fmt(p.machineBusy, 0)}% busy during the load window (${os.cpus().length} cores): ` +
        `servers, PostgreSQL and Redis ${fmt(ours - p.benchCpu, 0)}% of one core, this script ${fmt(p.benchCpu, 0)}%, everything else on the machine ${fmt(Math.max(0, others), 0)}%.`,
    );
  }
  console.log("");
  console.log(`| run | attendees | questions/s sent (accepted) | votes/s sent (accepted) | not sent (${maxInflightFlag} in flight) | API p50 / p99 ms | fan-out p50 ms | p99 ms | max ms | p99 < 250 ms |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const p of phases) {
    const all = sumHists([p.upsertFanout, p.votesFanout]);
    const api = [...p.asks.latencies, ...p.votes.latencies].sort((a, b) => a - b);
    const p99 = histPercentile(all, 99);
    console.log(
      `| ${p.label} | ${int(p.connected)} | ${fmt(p.asks.sent / (p.window + 1))} (${int(p.asks.ok)}) | ${fmt(p.votes.sent / p.window)} (${int(p.votes.ok)}) | ${int(p.skipped)} | ${fmt(percentile(api, 50), 0)} / ${fmt(percentile(api, 99), 0)} | ${fmt(histPercentile(all, 50), 0)} | ${fmt(p99, 0)} | ${fmt(p.maxLatency, 0)} | ${p99 < 250 ? "yes" : "**no**"} |`,
    );
  }
  console.log("");
  console.log("| run | latency | receipts | p50 ms | p99 ms |");
  console.log("|---|---|---:|---:|---:|");
  for (const p of phases) {
    const n = (h: number[]) => h.reduce((s, x) => s + x, 0);
    const row = (what: string, h: number[]) => console.log(`| ${p.label} | ${what} | ${int(n(h))} | ${fmt(histPercentile(h, 50), 0)} | ${fmt(histPercentile(h, 99), 0)} |`);
    row("notice with a new question, fan-out (emit to receipt)", p.upsertFanout);
    row("notice with vote counts, fan-out (emit to receipt)", p.votesFanout);
    row("new question, from its createdAt (commit, gathering, fan-out)", p.upsertHist);
    row("vote, from its PUT being sent to the first count that includes it (API, coalescing, fan-out)", p.voteHist);
    console.log(`| ${p.label} | all, from the event's first receipt by anyone (the broadcast's spread) | ${int(n(p.spreadHist))} | ${fmt(histPercentile(p.spreadHist, 50), 0)} | ${fmt(histPercentile(p.spreadHist, 99), 0)} |`);
  }
  console.log("");
  console.log("| run | events per attendee | steady attendees | received min / avg / max | lost | duplicated | unexpected | state = server's |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const p of phases) {
    const avg = p.steady.clients ? p.steady.receivedSum / p.steady.clients : Number.NaN;
    console.log(
      `| ${p.label} | ${int(p.expectedPerClient)} | ${int(p.steady.clients)} | ${int(p.steady.receivedMin)} / ${fmt(avg, 1)} / ${int(p.steady.receivedMax)} | ${int(p.steady.lost)} (${int(p.steady.clientsWithLoss)} attendees) | ${int(p.steady.duplicated)} (${int(p.steady.clientsWithDup)} attendees) | ${int(p.unexpected)} | ${p.stateMismatch.steady ? `**${int(p.stateMismatch.steady)} differ**` : "all"} |`,
    );
  }
  console.log("");
  console.log(`| run | dropped | back | recovered by socket.io | reconnect p50 / p99 ms | resync GET p50 / p99 ms | resync failed | events missed while away | duplicated | state = server's after resync | lists with a duplicate id |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
  for (const p of phases) {
    const c = p.reconnected;
    console.log(
      `| ${p.label} | ${int(c.clients)} | ${int(c.reconnectedOk)} | ${int(c.recovered)} | ${fmt(percentile(c.reconnectMs, 50), 0)} / ${fmt(percentile(c.reconnectMs, 99), 0)} | ${fmt(percentile(c.resyncMs, 50), 0)} / ${fmt(percentile(c.resyncMs, 99), 0)} | ${int(c.resyncFailed)} | ${int(c.missedBySocket)} | ${int(c.duplicated)} | ${p.stateMismatch.reconnected ? `**${int(p.stateMismatch.reconnected)} differ**` : "all"} | ${int(p.duplicateIds)} |`,
    );
  }
  console.log("");
  console.log("| run | process | CPU, % of one core (load window) | RSS before | RSS after | peak RSS |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const p of phases) for (const proc of p.processes) console.log(`| ${p.label} | ${proc.name} | ${fmt(proc.cpu, 0)} | ${mb(proc.rssBefore)} | ${mb(proc.rssAfter)} | ${mb(proc.peak)} |`);
  console.log("");
  for (const p of phases) {
    console.log(
      `${p.label}: ${int(p.receivedInWindow)} events reached attendees during the load window (${fmt(p.receivedInWindow / p.window, 0)}/s); the server${p.nodes > 1 ? "s" : ""} spent ${fmt(p.serverCpuPerThousand, 1)} ms of CPU per 1,000 of them (API work included).`,
    );
  }
  console.log("");
  for (const p of phases) {
    console.log(
      `${p.label}: connected in ${fmt(p.connectSeconds)} s; load window ${fmt(p.window)} s (until the last API call answered); ${p.drained ? `quiet ${fmt(p.quietAfter)} s after it` : `**still receiving ${fmt(p.quietAfter)} s after it**`}; the server lists ${int(p.serverQuestions)} questions; ` +
        `questions failed ${failures(p.asks.failed)}, votes failed ${failures(p.votes.failed)}; vote counters that differ from their vote rows: ${int(p.counterDrift)}.`,
    );
    console.log(`  reconnected attendees received ${int(p.reconnected.eventsDuringResync)} events while their resync GET was in flight; as the page does, they waited and the ${int(p.reconnected.appliedAfterResync)} sent after the snapshot was read were applied on top of it.`);
    for (const e of p.reconnected.missedExamples) console.log(`  ${e}`);
    for (const e of p.stateMismatch.examples) console.log(`  ${e}`);
  }

  const failed = phases.some(
    (p) =>
      p.connected < p.attendees ||
      p.steady.lost > 0 ||
      p.steady.duplicated > 0 ||
      p.reconnected.duplicated > 0 ||
      p.stateMismatch.steady > 0 ||
      p.stateMismatch.reconnected > 0 ||
      p.duplicateIds > 0 ||
      p.reconnected.reconnectedOk < p.reconnected.clients,
  );
  if (failed) console.log("\nSome events were lost or doubled, or some attendee's list differs from the server's: see the tables.");
  process.exitCode = failed ? 1 : 0;
}

if (isMainThread) {
  try {
    await main();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
  // Idle keep-alive connections must not hold the script open.
  process.exit(process.exitCode ?? 0);
} else {
  await clientWorker();
}
