import { sql } from "drizzle-orm";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, useDatabase, type DatabaseHandle } from "#db/client.server";
import { resetConfigForTests } from "~/config.server";

/**
 * Gives a test file a real, empty database: a PostgreSQL database of the run's
 * own when DATABASE_URL is set, else an in-memory PGlite with the same
 * migrations. Domain modules see it through `db()`.
 */
export function useTestDatabase(env: Record<string, string> = {}) {
  const state: { handle?: DatabaseHandle } = {};
  beforeAll(async () => {
    const { databaseUrl } = inject("env");
    resetConfigForTests({ ...env, NODE_ENV: "test" });
    const handle = await openDatabase({ databaseUrl: databaseUrl ?? undefined, dataDir: "", memory: true, maxConnections: 4 });
    if (handle.kind === "pglite") await handle.migrate();
    else await truncateAll(handle);
    useDatabase(handle);
    state.handle = handle;
  });
  afterAll(async () => {
    useDatabase(undefined);
    await state.handle?.close();
  });
  return state;
}

/** Raw query results: postgres.js returns the rows, PGlite an object holding them. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function truncateAll(handle: DatabaseHandle) {
  const rows = rowsOf<{ tablename: string }>(await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`));
  const list = rows
    .map((r) => `"${r.tablename}"`)
    .join(", ");
  if (list) await handle.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}
