import { formatTime } from "~/format";
import { useTimeZone } from "./TimeZone";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

// Building an Intl formatter costs far more than using one: make each once.
const fmt = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function relative(iso: string, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return fmt.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/**
 * A time shown relative to now, with the exact moment in the viewer's zone on hover.
 * The relative words may differ by a minute between the server's render and the
 * browser's, hence the suppressed warning; the exact moment never does.
 */
export function RelativeTime({ iso }: { iso: string }) {
  const timeZone = useTimeZone();
  return (
    <time dateTime={iso} title={formatTime(iso, timeZone)} suppressHydrationWarning>
      {relative(iso)}
    </time>
  );
}
