import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "~/log.server";

afterEach(() => vi.restoreAllMocks());

describe("the log", () => {
  it("never prints a failed query's parameters (a token hash, what someone typed)", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => lines.push(line));
    // The shape drizzle gives a failed query: the statement, then its parameters.
    const failed = new Error("Failed query: insert into api_tokens (token_hash) values ($1)\nparams: 9f86d081884c7d659a2feaa0c55ad015,second\nline");
    failed.cause = new Error('invalid byte sequence for encoding "UTF8": 0x00');
    log.error("500 POST /api/v1/tokens", failed);
    const out = lines.join("\n");
    expect(out).toContain("insert into api_tokens");
    expect(out).toContain("invalid byte sequence");
    expect(out).toContain("params: (withheld)");
    expect(out).not.toContain("9f86d081884c7d659a2feaa0c55ad015");
    expect(out).not.toContain("second");
  });
});
