import fs from "node:fs";
import path from "node:path";

export interface DataDirLock {
  release(): void;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly owner: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by ${owner} (pid ${pid}). ` +
        `PGlite lives inside one process: stop that process first, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DataDirInUseError";
  }
}

/** Whether a process runs (one we may not signal still runs). */
export function isProcessAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite must never be opened by two processes at once (it would corrupt the
 * files), so the owner writes its pid next to the data and others refuse.
 */
export function acquireDataDirLock(dataDir: string, owner: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "pglite.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, owner }), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const held = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number };
          if (held.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let held: { pid: number; owner: string } | undefined;
      try {
        held = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch {
        held = undefined;
      }
      if (held && held.pid !== process.pid && isProcessAlive(held.pid)) {
        throw new DataDirInUseError(dataDir, held.pid, held.owner);
      }
      // A stale lock from a process that died: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
