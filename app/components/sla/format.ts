/** How the service-level page writes durations, days and time zones. */
import { count } from "~/format";

export const dayNames = [
  { value: "1", short: "Mon", long: "Monday" },
  { value: "2", short: "Tue", long: "Tuesday" },
  { value: "3", short: "Wed", long: "Wednesday" },
  { value: "4", short: "Thu", long: "Thursday" },
  { value: "5", short: "Fri", long: "Friday" },
  { value: "6", short: "Sat", long: "Saturday" },
  { value: "7", short: "Sun", long: "Sunday" },
];

/** Offered in the time zone box; any zone the server knows is accepted. */
export const commonZones = [
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Amsterdam",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Stockholm",
  "Europe/Warsaw",
  "Europe/Helsinki",
  "Europe/Athens",
  "Europe/Istanbul",
  "Africa/Lagos",
  "Africa/Johannesburg",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Hong_Kong",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Australia/Perth",
  "Australia/Sydney",
  "Pacific/Auckland",
  "America/Sao_Paulo",
  "America/Mexico_City",
  "America/New_York",
  "America/Toronto",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
];

/** 90 → "1 h 30 min", 1440 → "1 day". */
export function duration(minutes: number) {
  if (minutes === 0) return "no time";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? count(days, "day") : "", hours ? `${hours} h` : "", mins ? `${mins} min` : ""];
  return parts.filter(Boolean).join(" ");
}

/** [1,2,3,4,5] → "Mon–Fri"; [1,3,6] → "Mon, Wed, Sat". */
export function dayRange(days: number[]) {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const name = (d: number) => dayNames[d - 1]?.short ?? String(d);
  const consecutive = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  return consecutive ? `${name(sorted[0])}–${name(sorted[sorted.length - 1])}` : sorted.map(name).join(", ");
}
