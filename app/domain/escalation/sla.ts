/**
 * The SLA clock. Targets are counted in covered minutes: every minute for
 * 24/7 coverage, or only business hours in the policy's time zone, skipping
 * its holidays. Pure functions of their inputs, so tests drive them with any
 * clock and any zone (daylight-saving changes included, through luxon).
 */
import { DateTime } from "luxon";

export interface Coverage {
  coverage: "always" | "business_hours";
  timeZone: string;
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  businessDays: number[];
  /** "HH:MM", local to the time zone. */
  businessStart: string;
  businessEnd: string;
  /** "YYYY-MM-DD", local dates with no coverage. */
  holidays: string[];
}

export const ALWAYS: Coverage = { coverage: "always", timeZone: "UTC", businessDays: [1, 2, 3, 4, 5], businessStart: "09:00", businessEnd: "17:00", holidays: [] };

function at(day: DateTime, hhmm: string) {
  const [h, m] = hhmm.split(":").map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

function isCoveredDay(day: DateTime, c: Coverage) {
  return c.businessDays.includes(day.weekday) && !c.holidays.includes(day.toISODate() ?? "");
}

/** The instant when `minutes` of covered time have passed since `from`. */
export function addCoveredMinutes(from: Date, minutes: number, c: Coverage): Date {
  if (c.coverage === "always") return new Date(from.getTime() + minutes * 60_000);
  let remaining = minutes * 60_000;
  let cursor = DateTime.fromJSDate(from, { zone: c.timeZone });
  // A year of closed days would be a misconfiguration; stop rather than loop forever.
  for (let i = 0; i < 400; i++) {
    const day = cursor.startOf("day");
    if (isCoveredDay(day, c)) {
      const open = at(day, c.businessStart);
      const close = at(day, c.businessEnd);
      const start = cursor < open ? open : cursor;
      if (start < close) {
        const available = close.toMillis() - start.toMillis();
        if (remaining <= available) return new Date(start.toMillis() + remaining);
        remaining -= available;
      }
    }
    cursor = day.plus({ days: 1 });
  }
  throw new Error("The SLA policy covers no time in the next 400 days: check its business days and holidays.");
}

/** Covered minutes between two instants (0 when `to` is not after `from`): how much of the clock has run. */
export function coveredMinutesBetween(from: Date, to: Date, c: Coverage): number {
  if (to <= from) return 0;
  if (c.coverage === "always") return (to.getTime() - from.getTime()) / 60_000;
  let total = 0;
  let cursor = DateTime.fromJSDate(from, { zone: c.timeZone });
  const end = DateTime.fromJSDate(to, { zone: c.timeZone });
  for (let i = 0; i < 4000 && cursor < end; i++) {
    const day = cursor.startOf("day");
    if (isCoveredDay(day, c)) {
      const open = at(day, c.businessStart);
      const close = at(day, c.businessEnd);
      const start = cursor < open ? open : cursor;
      const stop = end < close ? end : close;
      if (start < stop) total += stop.toMillis() - start.toMillis();
    }
    cursor = day.plus({ days: 1 });
  }
  return total / 60_000;
}

export interface Deadlines {
  advocateDueAt: Date;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

export function deadlinesFor(askedAt: Date, policy: Coverage & { advocateWindowMinutes: number; firstResponseMinutes: number; resolutionMinutes: number }): Deadlines {
  return {
    advocateDueAt: addCoveredMinutes(askedAt, policy.advocateWindowMinutes, policy),
    firstResponseDueAt: addCoveredMinutes(askedAt, policy.firstResponseMinutes, policy),
    resolutionDueAt: addCoveredMinutes(askedAt, policy.resolutionMinutes, policy),
  };
}

export function isValidTimeZone(zone: string) {
  return DateTime.local().setZone(zone).isValid;
}
