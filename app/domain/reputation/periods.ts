/** The leaderboard periods: calendar weeks (Monday, UTC), calendar months, and all time. */
export const periods = ["week", "month", "all"] as const;
export type Period = (typeof periods)[number];

const ALL_TIME = "1970-01-01";

export function periodStart(period: Period, at: Date): string {
  if (period === "all") return ALL_TIME;
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), period === "month" ? 1 : at.getUTCDate()));
  if (period === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function startOfUtcDay(at: Date) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}
