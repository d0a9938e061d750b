import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";
import { acquireDataDirLock, type DataDirLock } from "./lock.server";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** The connection string (PostgreSQL) or the embedded client (PGlite), for pg-boss. */
  url?: string;
  pglite?: PGlite;
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** PGlite only: an in-memory database (tests). */
  memory?: boolean;
  /** Who holds the PGlite directory, for the message another process sees. */
  owner?: string;
  maxConnections?: number;
}

/**
 * libpq reads `?host=` (a host, or a socket directory such as
 * /var/run/postgresql) and lets the URL's own host be empty; postgres.js reads
 * neither, so the URL is taken apart here and the host passed on its own.
 */
export function postgresTarget(databaseUrl: string): { url: string; host?: string } {
  const match = /^(postgres(?:ql)?:\/\/)([^/?#]*)(.*)$/i.exec(databaseUrl);
  if (!match) return { url: databaseUrl };
  const [, scheme, authority, rest] = match;
  const queryAt = rest.indexOf("?");
  if (queryAt === -1) return { url: databaseUrl };
  const params = new URLSearchParams(rest.slice(queryAt + 1));
  const host = params.get("host");
  if (!host) return { url: databaseUrl };
  params.delete("host");
  const userInfo = authority.includes("@") ? authority.slice(0, authority.lastIndexOf("@") + 1) : "";
  const port = /:(\d+)$/.exec(authority)?.[1];
  const query = params.toString();
  return { url: `${scheme}${userInfo}localhost${port ? `:${port}` : ""}${rest.slice(0, queryAt)}${query ? `?${query}` : ""}`, host };
}

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const target = postgresTarget(opts.databaseUrl);
    const client = postgres(target.url, {
      ...(target.host ? { host: target.host } : {}),
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      connection: { TimeZone: "UTC" },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      url: opts.databaseUrl,
      migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder }),
      ping: async () => {
        try {
          await client`select 1`;
          return true;
        } catch {
          return false;
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (opts.memory) {
    client = new PGlite({ postgresqlconf: pgliteSettings });
  } else {
    const dir = path.join(opts.dataDir, "pglite");
    fs.mkdirSync(dir, { recursive: true });
    lock = acquireDataDirLock(opts.dataDir, opts.owner ?? "a forum process");
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await initialiseInChild(dir);
    client = new PGlite(dir, { postgresqlconf: pgliteSettings });
  }
  await client.waitReady;
  await client.exec("set time zone 'UTC'");
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    ping: async () => {
      try {
        await client.query("select 1");
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await client.close();
      lock?.release();
    },
  };
}

// PGlite lives in our heap: a small buffer pool keeps an idle forum lean
// (PostgreSQL's default 128MB would sit inside the app process).
const pgliteSettings = ["shared_buffers = 16MB", "work_mem = 4MB", "maintenance_work_mem = 16MB"];

/**
 * Creating a PGlite cluster (initdb) inflates the WebAssembly heap to several
 * hundred MB that is never given back, so a new data directory is created by
 * a short-lived child process and the app then opens it lean.
 */
function initialiseInChild(dir: string) {
  const script = `import { PGlite } from "@electric-sql/pglite";
const db = new PGlite(${JSON.stringify(dir)}, { postgresqlconf: ${JSON.stringify(pgliteSettings)} });
await db.waitReady;
await db.close();`;
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`Could not create the embedded database in ${dir}:\n${stderr}`)),
    );
  });
}

let current: DatabaseHandle | undefined;

/** The process's database, opened once at start (server, CLI task or test setup). */
export function db(): Db {
  if (!current) throw new Error("The database is not open yet: call useDatabase() at start.");
  return current.db;
}

export function databaseHandle(): DatabaseHandle | undefined {
  return current;
}

export function useDatabase(handle: DatabaseHandle | undefined) {
  current = handle;
}
