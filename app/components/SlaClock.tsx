import { useEffect, useState } from "react";

function format(ms: number) {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * Time left on an SLA, ticking each minute in the browser. The server renders
 * the same text, so the queue reads right without JavaScript too.
 */
export function SlaClock({ dueAt, breached, stopped }: { dueAt: string; breached: boolean; stopped: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const left = new Date(dueAt).getTime() - now;
  const late = breached || left < 0;
  const tone = late ? "bg-rose-100 text-rose-800 ring-rose-200" : left < 15 * 60_000 ? "bg-amber-100 text-amber-800 ring-amber-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200";
  return (
    <div className={`w-32 shrink-0 rounded-md px-2 py-1 text-center text-xs font-semibold ring-1 ring-inset ${tone}`} data-testid="sla-clock" title={new Date(dueAt).toUTCString()} suppressHydrationWarning>
      {late ? (left < 0 ? `Breached ${format(left)} ago` : "Breached") : `${format(left)} left`}
      <div className="text-[10px] font-normal opacity-80">{stopped ? "to resolve" : "to first reply"}</div>
    </div>
  );
}
