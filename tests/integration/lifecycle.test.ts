/**
 * The process's edges, from outside: a stop lets requests already sent
 * finish, and the bundled Meilisearch neither outlives the forum nor runs
 * twice on one data directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { bundledBinaryPath, freePort, MeiliInUseError, startEmbeddedMeili } from "../../search/embedded.server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `forum-${name}-`));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A forum server of the test's own on the embedded database, with the shared or its own bundled Meilisearch. */
async function startServer(name: string, opts: { bundledSearch?: boolean } = {}) {
  const { meiliHost, meiliKey } = inject("env");
  const port = await freePort();
  const dataDir = tempDir(name);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (!opts.bundledSearch) Object.assign(env, { MEILI_HOST: meiliHost, MEILI_MASTER_KEY: meiliKey, MEILI_INDEX_PREFIX: `life_${name}_` });
  else delete env.MEILI_HOST;
  const log = fs.openSync(path.join(root, "tests/.artifacts", `lifecycle-${name}.log`), "w");
  const child = spawn(process.execPath, ["build/server.js"], { cwd: root, env, stdio: ["ignore", log, log] });
  children.push(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const up = await until(async () => {
    if (child.exitCode !== null) throw new Error(`server ${name} exited (${child.exitCode})`);
    return fetch(`${baseUrl}/healthz`).then((r) => r.status === 200, () => false);
  }, 90_000);
  if (!up) throw new Error(`server ${name} did not start`);
  return { child, baseUrl, dataDir };
}

describe("stopping", () => {
  it("serves every page request already sent when SIGTERM arrives, then exits cleanly", async () => {
    const { child, baseUrl } = await startServer("sigterm");
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const requests = Array.from({ length: 24 }, (_, i) =>
      fetch(`${baseUrl}/questions?page=${i}`).then(
        (r) => r.status,
        (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGTERM");
    expect(await Promise.all(requests)).toEqual(Array(24).fill(200));
    expect(await exited).toBe(0);
  });
});

describe("the bundled Meilisearch", () => {
  it("dies with the forum when the forum is killed outright", async () => {
    const { child, dataDir } = await startServer("sigkill", { bundledSearch: true });
    const { pid } = JSON.parse(fs.readFileSync(path.join(dataDir, "meili", "meili.pid"), "utf8")) as { pid: number };
    expect(alive(pid)).toBe(true);
    child.kill("SIGKILL");
    expect(await until(() => !alive(pid), 5000)).toBe(true);
  });

  it("stops one left behind by a dead forum before starting, and refuses to start beside a live one", async () => {
    const binary = bundledBinaryPath();
    expect(binary).not.toBeNull();
    const dataDir = tempDir("orphan");
    // A first run installs the binary and the key, then leaves a Meilisearch behind as a killed owner would.
    const first = await startEmbeddedMeili({ dataDir });
    await first.stop();
    const dbPath = path.join(dataDir, "meili", "data.ms");
    const port = await freePort();
    const orphan = spawn(path.join(dataDir, "bin", "meilisearch"), ["--db-path", dbPath, "--http-addr", `127.0.0.1:${port}`, "--no-analytics"], {
      env: { ...process.env, MEILI_MASTER_KEY: fs.readFileSync(path.join(dataDir, "meili", "master.key"), "utf8").trim() },
      stdio: "ignore",
    });
    children.push(orphan);
    const deadOwner = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => deadOwner.once("exit", r));
    fs.writeFileSync(path.join(dataDir, "meili", "meili.pid"), JSON.stringify({ pid: orphan.pid, ownerPid: deadOwner.pid }));
    expect(await until(() => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false), 10_000)).toBe(true);

    const next = await startEmbeddedMeili({ dataDir });
    try {
      expect(alive(orphan.pid!)).toBe(false);
      expect(next.pid).not.toBe(orphan.pid);
      // The pid file now names this process as the owner: a second start from elsewhere is refused.
      const held = JSON.parse(fs.readFileSync(path.join(dataDir, "meili", "meili.pid"), "utf8")) as { pid: number; ownerPid: number };
      expect(held).toEqual({ pid: next.pid, ownerPid: process.pid });
      const liveOwner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
      children.push(liveOwner);
      fs.writeFileSync(path.join(dataDir, "meili", "meili.pid"), JSON.stringify({ pid: next.pid, ownerPid: liveOwner.pid }));
      await expect(startEmbeddedMeili({ dataDir })).rejects.toBeInstanceOf(MeiliInUseError);
      liveOwner.kill("SIGKILL");
    } finally {
      await next.stop();
    }
  });
});
