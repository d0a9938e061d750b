import { describe, expect, it } from "vitest";
import { count, formatNumber, formatSigned, formatTime, instantToZonedLocal, isTimeZone, plural, times, withArticle, zonedLocalToInstant, zoneAbbreviation } from "~/format";

describe("counts and numbers", () => {
  it("writes every number with the same grouping", () => {
    expect(formatNumber(3175)).toBe("3,175");
    expect(formatNumber(0)).toBe("0");
    expect(formatSigned(12)).toBe("+12");
    expect(formatSigned(0)).toBe("0");
  });

  it("agrees the noun with the count, regular and irregular plurals alike", () => {
    expect(count(1, "time")).toBe("1 time");
    expect(count(0, "answer")).toBe("0 answers");
    expect(count(3175, "view")).toBe("3,175 views");
    expect(count(2, "reply")).toBe("2 replies");
    expect(count(3, "SLA breach")).toBe("3 SLA breaches");
    expect(count(1, "person", "people")).toBe("1 person");
    expect(count(4, "person", "people")).toBe("4 people");
    expect(plural(1, "member")).toBe("member");
    expect(plural(2, "member")).toBe("members");
  });

  it("says how often in words for the first few", () => {
    expect([0, 1, 2, 3, 1200].map(times)).toEqual(["never", "once", "twice", "3 times", "1,200 times"]);
  });

  it("picks the article by sound, not only by letter", () => {
    expect(withArticle("staff member")).toBe("a staff member");
    expect(withArticle("advocate")).toBe("an advocate");
    expect(withArticle("peer")).toBe("a peer");
    expect(withArticle("hour")).toBe("an hour");
    expect(withArticle("user")).toBe("a user");
    expect(withArticle("one-off fix")).toBe("a one-off fix");
  });
});

describe("times in the viewer's zone", () => {
  const winter = "2026-12-01T18:00:00.000Z";
  const summer = "2026-07-01T17:00:00.000Z";

  it("writes one instant as the reader's wall clock, naming the zone", () => {
    expect(formatTime(winter, "America/Los_Angeles", { style: "time" })).toBe("10:00 PST");
    expect(formatTime(summer, "America/Los_Angeles", { style: "time" })).toBe("10:00 PDT");
    expect(formatTime(winter, "Europe/Berlin", { style: "medium" })).toBe("1 Dec 2026, 19:00 CET");
    expect(formatTime(winter, "UTC", { style: "full" })).toBe("Tuesday 1 December 2026, 18:00 UTC");
    expect(formatTime(winter, "America/Los_Angeles", { style: "medium", zone: false })).toBe("1 Dec 2026, 10:00");
    expect(zoneAbbreviation(winter, "America/New_York")).toBe("EST");
  });

  it("falls back to UTC for a zone nobody knows instead of throwing", () => {
    expect(formatTime(winter, "Mars/Olympus", { style: "time" })).toBe("18:00 UTC");
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("America/Los_Angeles")).toBe(true);
    expect(isTimeZone(42)).toBe(false);
  });

  it("reads a datetime-local value in the reader's zone, across daylight saving", () => {
    expect(zonedLocalToInstant("2026-12-01T10:00", "America/Los_Angeles")?.toISOString()).toBe(winter);
    expect(zonedLocalToInstant("2026-07-01T10:00", "America/Los_Angeles")?.toISOString()).toBe(summer);
    expect(zonedLocalToInstant("2026-12-01T10:00", "UTC")?.toISOString()).toBe("2026-12-01T10:00:00.000Z");
    // 02:30 on the spring-forward night does not exist in Los Angeles: it lands an hour on, as a wall clock would.
    expect(zonedLocalToInstant("2026-03-08T02:30", "America/Los_Angeles")?.toISOString()).toBe("2026-03-08T10:30:00.000Z");
    expect(zonedLocalToInstant("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToInstant("tomorrow", "UTC")).toBeNull();
    expect(instantToZonedLocal(winter, "America/Los_Angeles")).toBe("2026-12-01T10:00");
  });
});
