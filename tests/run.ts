/**
 * `npm test`: typecheck, the layer rules, build, then every vitest suite (unit, integration on
 * real PostgreSQL or PGlite and a real Meilisearch, end-to-end in Chromium).
 * It finds Chromium itself and, on Debian as root, installs it when missing;
 * the same for redis-server, which the cross-node socket test starts on a
 * port of its own (only the package: the system service is not used).
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function run(label: string, cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${label} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${label} (${seconds}s)`);
}

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    console.error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    process.exit(1);
  }
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const debian = fs.existsSync("/etc/debian_version");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (debian && isRoot) {
    console.log("Chromium is missing: installing Debian's chromium package for the end-to-end tests (apt-get).");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const log = path.join(root, "tests/.artifacts/apt.log");
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const out = fs.openSync(log, "w");
    run("apt-get update", "apt-get", ["update", "-qq"], { env, stdio: ["ignore", out, out] });
    run(`apt-get install chromium (log: ${path.relative(root, log)})`, "apt-get", ["install", "-y", "-qq", "chromium"], { env, stdio: ["ignore", out, out] });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error("End-to-end tests need Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable.");
  process.exit(1);
}

function findOnPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** tests/integration/realtime-redis.test.ts starts redis-server from PATH (unless REDIS_URL names a Redis to use). */
function ensureRedis(): string {
  if (process.env.REDIS_URL) return `REDIS_URL (${process.env.REDIS_URL})`;
  const found = findOnPath("redis-server");
  if (found) return found;
  const debian = fs.existsSync("/etc/debian_version");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (debian && isRoot) {
    console.log("redis-server is missing: installing Debian's redis-server package for the cross-node socket test (apt-get).");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const log = path.join(root, "tests/.artifacts/apt-redis.log");
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const out = fs.openSync(log, "w");
    run("apt-get update", "apt-get", ["update", "-qq"], { env, stdio: ["ignore", out, out] });
    run(`apt-get install redis-server (log: ${path.relative(root, log)})`, "apt-get", ["install", "-y", "-qq", "redis-server"], { env, stdio: ["ignore", out, out] });
    const installed = findOnPath("redis-server");
    if (installed) return installed;
  }
  console.error("The cross-node socket test needs redis-server on PATH: install it (Debian: apt-get install redis-server) or set REDIS_URL to a Redis it may use.");
  process.exit(1);
}

const chromium = ensureChromium();
console.log(`Chromium: ${chromium}`);
console.log(`Redis: ${ensureRedis()}`);
console.log(
  process.env.DATABASE_URL
    ? "Database: PostgreSQL from DATABASE_URL (the suite creates and drops databases of its own there)"
    : "Database: PGlite (set DATABASE_URL to test against PostgreSQL)",
);
console.log(process.env.MEILI_HOST ? `Search: Meilisearch at ${process.env.MEILI_HOST}` : "Search: the bundled Meilisearch binary");

run("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
// The layer rules of docs/architecture.md: no import circles, the domain imports no transport.
run("layers (dependency-cruiser)", bin("depcruise"), ["--config", ".dependency-cruiser.cjs", "app", "db", "search", "server.ts"]);
run("build", process.execPath, ["--import", "tsx", "server.ts", "--build-only"]);
run("vitest: unit, integration and end-to-end", bin("vitest"), ["run", "--config", "tests/vitest.config.ts", ...process.argv.slice(2)], {
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
