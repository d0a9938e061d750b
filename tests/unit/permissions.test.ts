import { describe, expect, it } from "vitest";
import { can, isStaff, requirePermission, type Actor, type Role } from "~/auth/permissions";
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
});
