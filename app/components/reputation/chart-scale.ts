/**
 * The reputation chart's geometry, as pure arithmetic on UTC day strings, so
 * the server's render and the browser's are the same string: no clock, no
 * locale, no measured width (the SVG scales to its box).
 */

export interface SeriesPoint {
  day: string; // YYYY-MM-DD, a UTC day
  reputation: number;
}

const DAY = 86_400_000;
export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function utc(day: string) {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function dayString(t: number) {
  return new Date(t).toISOString().slice(0, 10);
}

/** "3 Nov 2026", the same on every machine. */
export function formatDay(day: string) {
  const d = new Date(utc(day));
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** 1, 2 or 5 times a power of ten: a step a reader can add up in their head. */
function niceStep(range: number, ticks: number) {
  const raw = Math.max(range / ticks, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((u) => u * power >= raw) ?? 10;
  return unit * power;
}

export interface ChartGeometry {
  /** The plot's path in a 0..1000 by 0..200 box (x right, y down). */
  line: string;
  area: string;
  /** Month starts inside the range, at x as a fraction 0..1 of the width. */
  months: { day: string; x: number; label: string; year: number | null; quarter: boolean; phoneYear: number | null }[];
  /** Value ticks, y as a fraction 0..1 from the top. */
  values: { value: number; y: number }[];
  /** Reputation at the end of each month (the last one: today), for the table. */
  monthly: { month: string; reputation: number }[];
  first: SeriesPoint;
  last: SeriesPoint;
}

export const WIDTH = 1000;
export const HEIGHT = 200;

/**
 * A time scale: x is proportional to the date, so a year's months are evenly
 * spaced however the activity falls; the line steps at each day's total.
 */
export function chartGeometry(input: SeriesPoint[]): ChartGeometry | null {
  // One point per day (the last total of a day wins), in date order.
  const byDay = new Map<string, number>();
  for (const p of [...input].sort((a, b) => a.day.localeCompare(b.day))) byDay.set(p.day, p.reputation);
  const points = [...byDay].map(([day, reputation]) => ({ day, reputation, t: utc(day) }));
  if (!points.length) return null;
  const t0 = points[0].t;
  const t1 = Math.max(points[points.length - 1].t, t0 + DAY);

  const low = Math.min(0, ...points.map((p) => p.reputation));
  const high = Math.max(...points.map((p) => p.reputation));
  const step = niceStep(high - low, 4);
  const lo = Math.floor(low / step) * step;
  const hi = Math.max(Math.ceil(high / step) * step, lo + step);

  const x = (t: number) => ((t - t0) / (t1 - t0)) * WIDTH;
  const y = (v: number) => HEIGHT - ((v - lo) / (hi - lo)) * HEIGHT;
  const r = (n: number) => Math.round(n * 10) / 10;

  let line = `M${r(x(points[0].t))},${r(y(points[0].reputation))}`;
  for (const p of points.slice(1)) line += `H${r(x(p.t))}V${r(y(p.reputation))}`;
  line += `H${WIDTH}`;
  const area = `${line}V${HEIGHT}H0Z`;

  const months: ChartGeometry["months"] = [];
  const start = new Date(t0);
  for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); m.getTime() <= t1; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    const month = m.getUTCMonth();
    months.push({
      day: dayString(m.getTime()),
      x: (m.getTime() - t0) / (t1 - t0),
      label: MONTHS[month],
      year: month === 0 || months.length === 0 ? m.getUTCFullYear() : null,
      quarter: month % 3 === 0,
      // Phones show only the quarters, so the first quarter shown carries the year.
      phoneYear: month % 3 === 0 && (month === 0 || !months.some((t) => t.quarter)) ? m.getUTCFullYear() : null,
    });
  }

  const values: ChartGeometry["values"] = [];
  for (let v = lo; v <= hi; v += step) values.push({ value: v, y: (hi - v) / (hi - lo) });

  const monthly: ChartGeometry["monthly"] = [];
  for (const p of points) {
    const d = new Date(p.t);
    const month = `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    if (monthly.length && monthly[monthly.length - 1].month === month) monthly[monthly.length - 1].reputation = p.reputation;
    else monthly.push({ month, reputation: p.reputation });
  }

  const { t: _t0, ...first } = points[0];
  const { t: _t1, ...last } = points[points.length - 1];
  return { line, area, months, values, monthly, first, last };
}
