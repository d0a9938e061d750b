import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(entry.name) ? [rel] : [];
  });
}

// Ways code compares roles to decide something (reputation is compared against
// the privilege table, which only the policies read).
const decisions = [
  /\brole\s*[!=]==?\s*["'`]/,
  /["'`](customer|advocate|staff|admin)["'`]\s*[!=]==?\s*[\w.]*role\b/,
  /\bisStaff\(/,
  // A role list written out in a query (the policies export staffRoles, rankedRoles, ...).
  /\busers\.role\s*,\s*\[?\s*["']/,
];

describe("who may do what", () => {
  it("is decided only in app/auth/policies: no role comparison anywhere else", () => {
    const offenders = ["app", "db", "search", "server.ts"]
      .flatMap((p) => (p.endsWith(".ts") ? [p] : sourceFiles(p)))
      .filter((file) => !file.startsWith(path.join("app", "auth", "policies")))
      .flatMap((file) =>
        fs
          .readFileSync(path.join(root, file), "utf8")
          .split("\n")
          .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
          .filter(({ text }) => !text.startsWith("//") && !text.startsWith("*") && decisions.some((re) => re.test(text))),
      )
      .map(({ file, line, text }) => `${file}:${line}: ${text}`);
    expect(offenders).toEqual([]);
  });
});
