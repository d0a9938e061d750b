import { z } from "zod";
import { describe, expect, it } from "vitest";
import { newId } from "#db/ids";
import { relative } from "~/components/RelativeTime";
import { signupSchema } from "~/domain/accounts/schemas";
import { ValidationError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { safeRedirect } from "~/http/redirect";

describe("parseInput", () => {
  it("turns zod issues into field messages", () => {
    try {
      parseInput(z.object({ a: z.string().min(2, "too short"), b: z.number() }), { a: "x", b: "nope" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fields.a).toEqual(["too short"]);
      expect((err as ValidationError).fields.b).toHaveLength(1);
    }
  });

  it("trims what people type before judging it", () => {
    expect(parseInput(signupSchema, { email: "  a@b.co ", username: " ann ", password: "0123456789" })).toMatchObject({
      email: "a@b.co",
      username: "ann",
    });
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths and drops anything that could leave the site", () => {
    expect(safeRedirect("/u/ann?tab=answers")).toBe("/u/ann?tab=answers");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null, "/home")).toBe("/home");
  });
});

describe("ids", () => {
  it("are opaque, URL-safe and do not repeat", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
    for (const id of Array.from(ids).slice(0, 50)) expect(id).toMatch(/^[0-9a-z]{16}$/);
  });
});

describe("relative times", () => {
  it("read naturally", () => {
    const now = Date.parse("2026-01-10T12:00:00Z");
    expect(relative("2026-01-10T11:59:40Z", now)).toBe("just now");
    expect(relative("2026-01-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(relative("2026-01-09T12:00:00Z", now)).toBe("yesterday");
  });
});
