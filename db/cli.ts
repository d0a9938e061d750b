import { loadConfig } from "../app/config.server";
import { openDatabase, type DatabaseHandle } from "./client.server";
import { DataDirInUseError } from "./lock.server";

/**
 * Opens the configured database for a command-line task, or explains why it
 * cannot: PGlite lives inside one process, so a running server blocks it.
 */
export async function openForTask(task: string): Promise<DatabaseHandle> {
  const cfg = loadConfig();
  try {
    const handle = await openDatabase({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.dataDir, owner: task });
    await handle.migrate();
    return handle;
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      console.error(`${task}: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}
