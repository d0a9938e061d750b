import { useEffect, useState } from "react";
import { isPastDeadline } from "~/domain/escalation/case-view";
import { count } from "~/format";

/** 45 → "45m", 135 → "2h 15m", 3000 → "2d": short enough to stay on one line. */
function short(ms: number) {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** The same span in words, for screen readers and the tooltip. */
function long(ms: number) {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const unit = (n: number, word: string) => count(n, word);
  if (minutes < 60) return unit(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return [unit(hours, "hour"), minutes % 60 ? unit(minutes % 60, "minute") : ""].filter(Boolean).join(" ");
  return unit(Math.floor(hours / 24), "day");
}

/**
 * Time left on an SLA, ticking in the browser. Whether it reads "late" is
 * decided by `isPastDeadline` on the case's breach deadline: the same rule the
 * queue's rows and header count use, so a clock never says breached when the
 * count does not. The server renders the same text, so it reads right without
 * JavaScript too.
 */
export function SlaClock({ dueAt, breached, breachDeadline, stopped }: { dueAt: string; breached: boolean; breachDeadline: string | null; stopped: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const left = new Date(dueAt).getTime() - now;
  const late = breached || isPastDeadline(breachDeadline, now);
  // No deadline while the customer has the ball: the clock waits for them.
  const paused = breachDeadline === null && !late;
  const target = stopped ? "resolution" : "first reply";
  const tone = late ? "bg-rose-100 text-rose-800 ring-rose-200" : paused ? "bg-slate-100 text-slate-700 ring-slate-200" : left < 15 * 60_000 ? "bg-amber-100 text-amber-800 ring-amber-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200";
  const seen = late ? (left < 0 ? `Late ${short(left)}` : "Late") : paused ? "Paused" : `${short(left)} left`;
  const said = late
    ? left < 0
      ? `SLA breached ${long(left)} ago (${target} target)`
      : `SLA breached (${target} target)`
    : paused
      ? `SLA clock paused while waiting on the customer (${target} target)`
      : `${long(left)} left to the ${target} target`;
  return (
    <div
      className={`w-24 shrink-0 whitespace-nowrap rounded-md px-2 py-1 text-center text-xs font-semibold leading-tight ring-1 ring-inset ${tone}`}
      data-testid="sla-clock"
      data-late={late ? "true" : undefined}
      title={said}
      suppressHydrationWarning
    >
      <span aria-hidden="true" suppressHydrationWarning>
        {seen}
        <span className="block text-[10px] font-normal opacity-80">{stopped ? "resolve" : "1st reply"}</span>
      </span>
      <span className="sr-only" suppressHydrationWarning>
        {said}
      </span>
    </div>
  );
}
