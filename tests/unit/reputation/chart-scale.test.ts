import { describe, expect, it } from "vitest";
import { chartGeometry, formatDay } from "~/components/reputation/chart-scale";

const year = [
  { day: "2025-12-02", reputation: 0 },
  { day: "2026-03-15", reputation: 40 },
  { day: "2026-11-30", reputation: 90 },
  { day: "2026-12-02", reputation: 95 },
];

describe("the reputation chart's time scale", () => {
  it("places each month start at its share of the year, once, in order", () => {
    const g = chartGeometry(year)!;
    expect(g.months.map((m) => m.day)).toEqual([
      "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01",
      "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01",
    ]);
    const span = Date.UTC(2026, 11, 2) - Date.UTC(2025, 11, 2);
    for (const m of g.months) expect(m.x).toBeCloseTo((Date.parse(`${m.day}T00:00:00Z`) - Date.UTC(2025, 11, 2)) / span, 10);
    // 30 Nov sits near the right edge, not in the middle.
    expect(g.line).toMatch(/H994\.5/);
    const gaps = g.months.slice(1).map((m, i) => m.x - g.months[i].x);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(0.01);
  });

  it("names the year on January and on the first label, for wide screens and phones alike", () => {
    const g = chartGeometry(year)!;
    expect(g.months.filter((m) => m.year !== null).map((m) => `${m.label} ${m.year}`)).toEqual(["Jan 2026"]);
    expect(g.months.filter((m) => m.quarter).map((m) => m.label)).toEqual(["Jan", "Apr", "Jul", "Oct"]);
  });

  it("formats dates without the machine's locale or zone", () => {
    expect(formatDay("2026-11-30")).toBe("30 Nov 2026");
    const g = chartGeometry(year)!;
    expect(g.monthly.map((m) => m.month)).toEqual(["Dec 2025", "Mar 2026", "Nov 2026", "Dec 2026"]);
    expect(g.monthly.at(-1)!.reputation).toBe(95);
  });

  it("gives the same geometry for the same series, whatever order it arrives in", () => {
    expect(chartGeometry([...year].reverse())).toEqual(chartGeometry(year));
  });

  it("draws nothing for an empty series", () => {
    expect(chartGeometry([])).toBeNull();
  });
});
