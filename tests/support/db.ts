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

export async function truncateAll(handle: DatabaseHandle) {
  const rows = await handle.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const list = Array.from(rows as Iterable<{ tablename: string }>)
    .map((r) => `"${r.tablename}"`)
    .join(", ");
  if (list) await handle.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}
