import { describe, expect, it } from "vitest";
import { addCoveredMinutes, coveredMinutesBetween, type Coverage } from "~/domain/escalation/sla";

const berlinOffice: Coverage = {
  coverage: "business_hours",
  timeZone: "Europe/Berlin",
  businessDays: [1, 2, 3, 4, 5],
  businessStart: "09:00",
  businessEnd: "17:00",
  holidays: ["2026-12-25"],
};

const utc = (iso: string) => new Date(iso);

describe("the SLA clock", () => {
  it("counts every minute with 24/7 coverage, nights and weekends included", () => {
    expect(addCoveredMinutes(utc("2026-11-28T23:30:00Z"), 60, { ...berlinOffice, coverage: "always" }).toISOString()).toBe("2026-11-29T00:30:00.000Z");
  });

  it("runs only in business hours, in the policy's time zone", () => {
    // Tuesday 16:30 in Berlin (15:30 UTC in winter): 30 minutes today, 30 more from 09:00 Wednesday.
    expect(addCoveredMinutes(utc("2026-11-24T15:30:00Z"), 60, berlinOffice).toISOString()).toBe("2026-11-25T08:30:00.000Z");
    // Asked at 07:00 local: the clock starts at opening time.
    expect(addCoveredMinutes(utc("2026-11-24T06:00:00Z"), 60, berlinOffice).toISOString()).toBe("2026-11-24T09:00:00.000Z");
  });

  it("skips the weekend: Friday afternoon to Monday morning", () => {
    // Friday 27 November 16:00 Berlin (15:00 UTC), 120 minutes: 60 on Friday, 60 on Monday from 09:00.
    expect(addCoveredMinutes(utc("2026-11-27T15:00:00Z"), 120, berlinOffice).toISOString()).toBe("2026-11-30T09:00:00.000Z");
    expect(coveredMinutesBetween(utc("2026-11-27T15:00:00Z"), utc("2026-11-30T09:00:00Z"), berlinOffice)).toBe(120);
  });

  it("follows the time-zone change: opening hours stay 09:00 local across the end of summer time", () => {
    // Friday 23 October 2026 16:00 CEST (14:00 UTC); clocks go back on Sunday 25 October.
    // 120 minutes: 60 on Friday, then Monday 09:00 CET, which is 08:00 UTC.
    expect(addCoveredMinutes(utc("2026-10-23T14:00:00Z"), 120, berlinOffice).toISOString()).toBe("2026-10-26T09:00:00.000Z");
  });

  it("skips holidays", () => {
    // Thursday 24 December 16:30 CET; Friday 25th is a holiday; the weekend follows.
    expect(addCoveredMinutes(utc("2026-12-24T15:30:00Z"), 60, berlinOffice).toISOString()).toBe("2026-12-28T08:30:00.000Z");
  });

  it("refuses a policy that never opens", () => {
    expect(() => addCoveredMinutes(utc("2026-11-24T10:00:00Z"), 60, { ...berlinOffice, businessDays: [] })).toThrow(/covers no time/);
  });
});
