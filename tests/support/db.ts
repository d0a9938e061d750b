import { sql } from "drizzle-orm";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, useDatabase, type DatabaseHandle } from "#db/client.server";
import { rowsOf } from "#db/rows";
import { resetConfigForTests } from "~/config.server";
import { subscribeDomain } from "~/domain/subscribers.server";
import { startJobs, stopJobs } from "~/jobs/boss.server";

/**
 * Gives a test file a real, empty database: a PostgreSQL database of the run's
 * own when DATABASE_URL is set, else an in-memory PGlite with the same
 * migrations. Domain modules see it through `db()`.
 */
export function useTestDatabase(env: Record<string, string> = {}) {
  const state: { handle?: DatabaseHandle; unsubscribe?: () => void } = {};
  beforeAll(async () => {
    const { databaseUrl } = inject("env");
    resetConfigForTests({ ...env, NODE_ENV: "test" });
    const handle = await openDatabase({ databaseUrl: databaseUrl ?? undefined, dataDir: "", memory: true, maxConnections: 4 });
    if (handle.kind === "pglite") await handle.migrate();
    else await truncateAll(handle);
    useDatabase(handle);
    state.unsubscribe = subscribeDomain();
    // Jobs are enqueued for real; tests run them in-process with runQueuedJobs when they need the outcome.
    await startJobs(handle);
    state.handle = handle;
  });
  afterAll(async () => {
    state.unsubscribe?.();
    await stopJobs();
    useDatabase(undefined);
    await state.handle?.close();
  });
  return state;
}

export { rowsOf };

export async function truncateAll(handle: DatabaseHandle) {
  const rows = rowsOf<{ tablename: string }>(await handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`));
  const list = rows
    .map((r) => `"${r.tablename}"`)
    .join(", ");
  if (list) await handle.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
  // Jobs queued by an earlier file name rows that are gone now.
  const boss = rowsOf<{ t: string | null }>(await handle.db.execute(sql`select to_regclass('pgboss.job')::text as t`));
  if (boss[0]?.t) await handle.db.execute(sql.raw("delete from pgboss.job"));
}
