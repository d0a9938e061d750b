import { describe, expect, it } from "vitest";
import { can, ensureCan, isStaff, privileges, type Actor, type Role } from "~/auth/policies";
import { ForbiddenError, UnauthenticatedError } from "~/domain/errors";
import { as, whoMay } from "./actors";

describe("roles and privileges", () => {
  it("gives every signed-in member the basics and nobody anonymous anything", () => {
    for (const role of ["customer", "advocate", "staff", "admin"] as const) {
      expect(can(as(role), "question:ask")).toBe(true);
      expect(can(as(role), "token:create")).toBe(true);
    }
    expect(can(null, "question:ask")).toBe(false);
  });

  it("keeps staff tools to staff and admins, and role changes to admins", () => {
    for (const tool of ["case:work", "case:read", "case:note", "webhook:manage", "townhall:host", "customer:read-history", "saved-reply:write"] as const) {
      expect(whoMay((a) => can(a, tool))).toEqual(["staff", "admin"]);
    }
    expect(can(as("staff"), "user:change-role")).toBe(false);
    expect(can(as("admin"), "user:change-role")).toBe(true);
    expect(whoMay((a) => can(a, "saved-reply:approve"))).toEqual(["admin"]);
    expect(whoMay((a) => can(a, "reputation:import"))).toEqual(["admin"]);
    expect(isStaff(as("admin"))).toBe(true);
    expect(isStaff(as("advocate"))).toBe(false);
  });

  it("throws 401 for nobody and 403 for the wrong role", () => {
    expect(() => ensureCan(null, "case:work")).toThrow(UnauthenticatedError);
    expect(() => ensureCan(as("customer"), "case:work")).toThrow(ForbiddenError);
    expect(ensureCan(as("staff"), "case:work").role).toBe("staff");
  });

  it("grants privileges as reputation grows, and the advocates' ones to advocates whatever their points", () => {
    const member = (reputation: number, role: Role = "customer"): Actor => as(role, reputation);
    expect(can(member(124), "vote:down")).toBe(false);
    expect(can(member(125), "vote:down")).toBe(true);
    expect(can(member(999), "post:edit-any")).toBe(false);
    expect(can(member(1000), "post:edit-any")).toBe(true);
    expect(can(member(1999), "question:close-duplicate")).toBe(false);
    expect(can(member(2000), "question:close-duplicate")).toBe(true);
    expect(can(member(0, "advocate"), "question:close-duplicate")).toBe(true);
    expect(can(member(0, "advocate"), "post:edit-any")).toBe(false);
    expect(can(member(0, "staff"), "post:edit-any")).toBe(true);
    // Reputation never buys staff tools.
    expect(can(member(1_000_000), "case:work")).toBe(false);
    expect(can(member(1_000_000), "advocate:manage")).toBe(false);
    expect(privileges.map((p) => p.reputation)).toEqual([...privileges.map((p) => p.reputation)].sort((a, b) => a - b));
  });
});
