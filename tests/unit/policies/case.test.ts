import { describe, expect, it } from "vitest";
import {
  canBeAssigned,
  canManageSla,
  canReadCases,
  canReadCustomerHistory,
  canReadNotes,
  canWorkCases,
  canWriteNotes,
  escalationReasonOf,
  opensACase,
  responderOf,
  stopsTheClock,
} from "~/auth/policies";
import { advocate, customer, staff, whoMay } from "./actors";

describe("case policy", () => {
  it("keeps the queue, the cases and their notes to staff", () => {
    for (const check of [canReadCases, canWorkCases, canReadNotes, canWriteNotes, canReadCustomerHistory, canManageSla]) {
      expect(whoMay(check)).toEqual(["staff", "admin"]);
    }
  });

  it("assigns cases only to people who answer for the brand", () => {
    expect(canBeAssigned({ role: "staff" })).toBe(true);
    expect(canBeAssigned({ role: "admin" })).toBe(true);
    expect(canBeAssigned({ role: "advocate" })).toBe(false);
    expect(canBeAssigned({ role: "customer" })).toBe(false);
  });

  it("counts who replied as a peer, an advocate or staff; staff and advocate replies stop the clock", () => {
    expect((["customer", "advocate", "staff", "admin"] as const).map(responderOf)).toEqual(["peer", "advocate", "staff", "staff"]);
    expect((["customer", "advocate", "staff", "admin"] as const).map(stopsTheClock)).toEqual([false, true, true, true]);
  });

  it("opens a case for questions from customers and advocates, not from staff", () => {
    expect((["customer", "advocate", "staff", "admin"] as const).map(opensACase)).toEqual([true, true, false, false]);
  });

  it("records who pressed 'I need staff'", () => {
    expect(escalationReasonOf(customer)).toBe("asker");
    expect(escalationReasonOf(advocate)).toBe("asker");
    expect(escalationReasonOf(staff)).toBe("staff");
  });
});
