import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export default defineConfig({
  root,
  resolve: {
    alias: {
      "~": path.join(root, "app"),
      "#db": path.join(root, "db"),
      "#search": path.join(root, "search"),
    },
  },
  esbuild: { jsx: "automatic" },
  test: {
    include: ["tests/{unit,integration,e2e}/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/support/global-setup.ts"],
    // The suites share one Meilisearch, one server and one database server:
    // running files one at a time keeps them from stepping on each other.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
