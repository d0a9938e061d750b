import { describe, expect, it } from "vitest";
import { activeSuspension, canIgnore, canRestrict, ensureActive, ensureCan, ensureCanRead, ensureSignedIn, type Actor } from "~/auth/policies";
import { ForbiddenError, SuspendedError, UnauthenticatedError } from "~/domain/errors";
import { admin, advocate, as, customer, staff, whoMay } from "./actors";

const later = new Date(Date.now() + 3600_000).toISOString();
const earlier = new Date(Date.now() - 1000).toISOString();
const suspended = (a: Actor, until = later): Actor => ({ ...a, suspended: { until, reason: "Spam links." } });

describe("who may restrict whom", () => {
  it("lets staff restrict customers and advocates, only admins restrict staff, and nobody an admin", () => {
    expect(whoMay((a) => canRestrict(a, { id: "target", role: "customer" }))).toEqual(["staff", "admin"]);
    expect(whoMay((a) => canRestrict(a, { id: "target", role: "advocate" }))).toEqual(["staff", "admin"]);
    expect(whoMay((a) => canRestrict(a, { id: "target", role: "staff" }))).toEqual(["admin"]);
    expect(whoMay((a) => canRestrict(a, { id: "target", role: "admin" }))).toEqual([]);
  });

  it("never lets anyone restrict themselves", () => {
    expect(canRestrict(staff, staff)).toBe(false);
    expect(canRestrict(admin, admin)).toBe(false);
  });

  it("lets members ignore members, but not themselves nor staff", () => {
    expect(whoMay((a) => canIgnore(a, { id: "target", role: "customer" }))).toEqual(["customer", "author", "advocate", "staff", "admin"]);
    expect(whoMay((a) => canIgnore(a, { id: "target", role: "staff" }))).toEqual([]);
    expect(whoMay((a) => canIgnore(a, { id: "target", role: "admin" }))).toEqual([]);
    expect(canIgnore(customer, customer)).toBe(false);
    expect(canIgnore(advocate, { id: "target", role: "advocate" })).toBe(true);
  });
});

describe("the guards and a suspended actor", () => {
  it("refuses writes with SuspendedError (403 suspended) and keeps reads", () => {
    const me = suspended(as("staff"));
    expect(() => ensureActive(me)).toThrow(SuspendedError);
    expect(() => ensureCan(me, "question:ask")).toThrow(SuspendedError);
    expect(() => ensureCan(me, "case:work")).toThrow(SuspendedError);
    expect(ensureCan(me, "case:read").id).toBe(me.id);
    expect(ensureCanRead(me, "webhook:manage").id).toBe(me.id);
    expect(ensureSignedIn(me).id).toBe(me.id);
    const err = (() => {
      try {
        ensureActive(me);
      } catch (e) {
        return e as SuspendedError;
      }
    })();
    expect(err).toMatchObject({ code: "suspended", status: 403 });
    expect(err?.message).toContain("Spam links.");
  });

  it("says 401 and 403 first, and lets a suspension that has run out go", () => {
    expect(() => ensureActive(null)).toThrow(UnauthenticatedError);
    expect(() => ensureCan(suspended(as("customer")), "case:work")).toThrow(ForbiddenError);
    const over = suspended(as("customer"), earlier);
    expect(activeSuspension(over)).toBeNull();
    expect(ensureActive(over).id).toBe(over.id);
    // Actors built by hand carry no restrictions at all.
    expect(ensureActive(customer).id).toBe(customer.id);
  });
});
