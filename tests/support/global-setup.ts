import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client.server";
import { freePort, startEmbeddedMeili, type EmbeddedMeili } from "../../search/embedded.server";
import type { TestEnvironment } from "./env";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const artifacts = path.join(root, "tests/.artifacts");

let meili: EmbeddedMeili | undefined;
let server: ChildProcess | undefined;
const createdDatabases: string[] = [];
let adminUrl: string | undefined;
const tmpDirs: string[] = [];

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createDatabase(baseUrl: string, name: string) {
  const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
  createdDatabases.push(name);
  return withDatabase(baseUrl, name);
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The test server exited (${child.exitCode}); see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The test server did not become healthy; see ${logFile}`);
}

export default async function setup(project: TestProject) {
  fs.mkdirSync(artifacts, { recursive: true });
  const run = `${Date.now().toString(36)}${process.pid}`;

  let meiliHost = process.env.MEILI_HOST;
  let meiliKey = process.env.MEILI_MASTER_KEY ?? "";
  if (!meiliHost) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-meili-"));
    tmpDirs.push(dir);
    meili = await startEmbeddedMeili({ dataDir: dir });
    meiliHost = meili.host;
    meiliKey = meili.apiKey;
  }

  let databaseUrl: string | null = null;
  let serverDatabaseUrl: string | undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    databaseUrl = await createDatabase(adminUrl, `forum_it_${run}`);
    serverDatabaseUrl = await createDatabase(adminUrl, `forum_e2e_${run}`);
    const handle = await openDatabase({ databaseUrl, dataDir: "" });
    await handle.migrate();
    await handle.close();
  }

  const admin = { email: "admin@nimbus.test", username: "testadmin", password: "admin-password-123" };
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "forum-e2e-"));
  tmpDirs.push(dataDir);
  const logFile = path.join(artifacts, "server.log");
  const out = fs.openSync(logFile, "w");
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    // Every test signs up from 127.0.0.1; the limit itself has a test of its own.
    SIGNUP_LIMIT_PER_IP: "100000",
    PASSWORD_RESET_LIMIT_PER_IP: "100000",
    // Mail goes to DATA_DIR/mail as .eml files (the embedded default); its links must reach this server.
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  delete serverEnv.DATABASE_URL;
  if (serverDatabaseUrl) serverEnv.DATABASE_URL = serverDatabaseUrl;
  // The server shares the suite's Meilisearch under its own index prefix.
  serverEnv.MEILI_HOST = meiliHost;
  serverEnv.MEILI_MASTER_KEY = meiliKey;
  serverEnv.MEILI_INDEX_PREFIX = `e2e_${run}_`;
  // The suite serves what `npm start` serves: the bundled server on the production build.
  const built = spawnSync(process.execPath, ["--import", "tsx", "server.ts", "--build-only"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) throw new Error("The build failed.");
  server = spawn(process.execPath, ["build/server.js"], { cwd: root, env: serverEnv, stdio: ["ignore", out, out] });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, server, logFile);

  const env: TestEnvironment = {
    baseUrl,
    databaseUrl,
    meiliHost,
    meiliKey,
    admin,
    dataDir,
    chromiumPath: process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : null),
  };
  project.provide("env", env);

  return async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await meili?.stop();
    if (adminUrl && createdDatabases.length) {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      for (const name of createdDatabases) await sql.unsafe(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await sql.end();
    }
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  };
}
