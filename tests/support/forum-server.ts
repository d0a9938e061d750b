import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { inject } from "vitest";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export interface ForumServer {
  baseUrl: string;
  /** The server's own PostgreSQL database, when the suite runs on PostgreSQL (else the embedded one, out of reach). */
  databaseUrl?: string;
  stop(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, log: string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${fs.readFileSync(log, "utf8").slice(-3000)}`);
    if (
      await fetch(`${baseUrl}/healthz`).then(
        (r) => r.status === 200,
        () => false
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not start:\n${fs.readFileSync(log, "utf8").slice(-3000)}`);
}

/**
 * A forum server of the test's own (the built `build/server.js`, as the
 * suite's shared one) with extra environment, for settings the shared server
 * cannot have (single sign-on, OIDC_ONLY). PUBLIC_URL is its own address.
 */
export async function startForumServer(name: string, port: number, extra: Record<string, string>): Promise<ForumServer> {
  const { meiliHost, meiliKey, admin } = inject("env");
  const run = `${Date.now().toString(36)}${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `forum-${name}-`));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    PUBLIC_URL: baseUrl,
    MEILI_HOST: meiliHost,
    MEILI_MASTER_KEY: meiliKey,
    MEILI_INDEX_PREFIX: `${name}_${run}_`,
    ADMIN_EMAIL: admin.email,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    SIGNUP_LIMIT_PER_IP: "100000",
    ...extra,
  };
  delete env.DATABASE_URL;
  const adminUrl = process.env.DATABASE_URL;
  let database: string | undefined;
  let databaseUrl: string | undefined;
  if (adminUrl) {
    database = `forum_${name}_${run}`.replace(/[^a-z0-9_]/g, "_");
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${database}"`);
    await sql.end();
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    databaseUrl = env.DATABASE_URL = u.toString();
  }
  fs.mkdirSync(path.join(root, "tests/.artifacts"), { recursive: true });
  const log = path.join(root, "tests/.artifacts", `server-${name}.log`);
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: root,
    env,
    stdio: ["ignore", fs.openSync(log, "w"), fs.openSync(log, "a")],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    if (adminUrl && database) {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${database}" with (force)`).catch(() => undefined);
      await sql.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, databaseUrl, stop };
}
