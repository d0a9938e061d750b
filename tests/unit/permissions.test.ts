import { describe, expect, it } from "vitest";
import { can, canEditPost, canSeeCategory, isStaff, privileges, requirePermission, visibleCategoryKinds, type Actor, type Role } from "~/auth/permissions";
import { ForbiddenError, UnauthenticatedError } from "~/domain/errors";

const as = (role: Role): Actor => ({ id: "u1", username: "u", role, reputation: 0 });

describe("permissions", () => {
  it("gives every signed-in member the basics and nobody anonymous anything", () => {
    for (const role of ["customer", "advocate", "staff", "admin"] as const) {
      expect(can(as(role), "question:ask")).toBe(true);
      expect(can(as(role), "token:create")).toBe(true);
    }
    expect(can(null, "question:ask")).toBe(false);
  });

  it("keeps staff tools to staff and admins, and role changes to admins", () => {
    expect(can(as("customer"), "staff:view")).toBe(false);
    expect(can(as("advocate"), "staff:view")).toBe(false);
    expect(can(as("staff"), "staff:view")).toBe(true);
    expect(can(as("staff"), "user:change-role")).toBe(false);
    expect(can(as("admin"), "user:change-role")).toBe(true);
    expect(isStaff(as("admin"))).toBe(true);
    expect(isStaff(as("advocate"))).toBe(false);
  });

  it("throws 401 for nobody and 403 for the wrong role", () => {
    expect(() => requirePermission(null, "staff:view")).toThrow(UnauthenticatedError);
    expect(() => requirePermission(as("customer"), "staff:view")).toThrow(ForbiddenError);
    expect(requirePermission(as("staff"), "staff:view").role).toBe("staff");
  });

  it("grants privileges as reputation grows, and the advocates' ones to advocates whatever their points", () => {
    const member = (reputation: number, role: Role = "customer"): Actor => ({ id: "u2", username: "m", role, reputation });
    expect(can(member(124), "vote:down")).toBe(false);
    expect(can(member(125), "vote:down")).toBe(true);
    expect(can(member(999), "post:edit-any")).toBe(false);
    expect(canEditPost(member(1000), "someone-else")).toBe(true);
    expect(can(member(1999), "question:close")).toBe(false);
    expect(can(member(2000), "question:close")).toBe(true);
    expect(can(member(0, "advocate"), "question:close")).toBe(true);
    expect(can(member(0, "advocate"), "post:edit-any")).toBe(false);
    expect(can(member(0, "staff"), "post:edit-any")).toBe(true);
    // Reputation never buys staff tools.
    expect(can(member(1_000_000), "staff:view")).toBe(false);
    expect(can(member(1_000_000), "advocate:manage")).toBe(false);
    expect(privileges.map((p) => p.reputation)).toEqual([...privileges.map((p) => p.reputation)].sort((a, b) => a - b));
  });

  it("keeps private categories to those they are for", () => {
    expect(canSeeCategory(null, "public")).toBe(true);
    expect(canSeeCategory(as("customer"), "advocates")).toBe(false);
    expect(canSeeCategory({ ...as("customer"), reputation: 100_000 }, "advocates")).toBe(false);
    expect(canSeeCategory(as("advocate"), "advocates")).toBe(true);
    expect(canSeeCategory(as("advocate"), "staff")).toBe(false);
    expect(visibleCategoryKinds(as("staff"))).toEqual(["public", "advocates", "staff"]);
  });
});
