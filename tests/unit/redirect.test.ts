import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/http/redirect";

describe("where a login sends you back", () => {
  it("is a path on this site, resolved as a browser would, or home", () => {
    for (const hostile of ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "//evil.example", "/\\evil.example", "/\\/evil.example", "https://evil.example", "javascript:alert(1)", " /x"]) {
      expect(safeRedirect(hostile), JSON.stringify(hostile)).toBe("/");
    }
    expect(safeRedirect("/q/abc?from=ask#answer-1")).toBe("/q/abc?from=ask#answer-1");
    expect(safeRedirect("/../admin")).toBe("/admin");
  });
});
