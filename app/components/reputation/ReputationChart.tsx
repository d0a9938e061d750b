import { useId } from "react";
import { chartGeometry, formatDay, HEIGHT, WIDTH, type SeriesPoint } from "./chart-scale";

const numbers = new Intl.NumberFormat("en");

/**
 * Reputation over time as a plain SVG on a time scale. Everything is derived
 * from the series alone, so the server's HTML is what the browser would
 * render (no hydration mismatch), it reads without JavaScript, and it scales
 * to any width: the plot stretches, the labels are HTML text that never
 * scales, and phones show quarters instead of every month.
 */
export function ReputationChart({ series }: { series: SeriesPoint[] }) {
  const id = useId();
  const g = chartGeometry(series);
  if (!g) return <p className="text-sm text-slate-500">No reputation yet.</p>;
  const summary = `Reputation from ${formatDay(g.first.day)} to ${formatDay(g.last.day)}: from ${numbers.format(g.first.reputation)} to ${numbers.format(g.last.reputation)}.`;
  return (
    <figure className="w-full" data-testid="reputation-chart">
      <div className="flex gap-2">
        <div className="relative w-10 shrink-0 text-right text-[11px] text-slate-500" aria-hidden="true">
          {g.values.map((v) => (
            <span key={v.value} className="absolute right-0 -translate-y-1/2 tabular-nums" style={{ top: `${v.y * 100}%` }}>
              {numbers.format(v.value)}
            </span>
          ))}
        </div>
        <div className="min-w-0 flex-1">
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            preserveAspectRatio="none"
            className="block h-44 w-full overflow-visible"
            role="img"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-caption`}
          >
            <title id={`${id}-title`}>Reputation over the last year</title>
            {g.values.map((v) => (
              <line key={v.value} x1={0} x2={WIDTH} y1={v.y * HEIGHT} y2={v.y * HEIGHT} className="stroke-slate-200" vectorEffect="non-scaling-stroke" />
            ))}
            {g.months.map((m) => (
              <line key={m.day} x1={m.x * WIDTH} x2={m.x * WIDTH} y1={0} y2={HEIGHT} className="stroke-slate-100" vectorEffect="non-scaling-stroke" />
            ))}
            <path d={g.area} className="fill-brand-600" fillOpacity={0.12} />
            <path d={g.line} fill="none" className="stroke-brand-600" strokeWidth={2} vectorEffect="non-scaling-stroke" />
          </svg>
          <div className="relative h-8 text-[11px] leading-tight text-slate-500" aria-hidden="true" data-testid="chart-months">
            {g.months
              .filter((m) => m.x < 0.94)
              .map((m) => (
                <span key={m.day} className={`absolute top-1 whitespace-nowrap pl-0.5 ${m.quarter ? "" : "hidden sm:block"}`} style={{ left: `${m.x * 100}%` }}>
                  {m.label}
                  {m.year !== null || m.phoneYear !== null ? (
                    <span className={`block ${m.year === null ? "sm:hidden" : m.phoneYear === null ? "hidden sm:block" : ""}`}>{m.year ?? m.phoneYear}</span>
                  ) : null}
                </span>
              ))}
          </div>
        </div>
      </div>
      <figcaption id={`${id}-caption`} className="sr-only">{summary}</figcaption>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700 hover:underline">Show as a table</summary>
        <table className="mt-2 w-full text-left text-sm" data-testid="reputation-table">
          <caption className="sr-only">Reputation at the end of each month</caption>
          <thead>
            <tr className="text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="py-1 font-medium">Month</th>
              <th scope="col" className="py-1 text-right font-medium">Reputation</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {g.monthly.map((m) => (
              <tr key={m.month}>
                <th scope="row" className="py-1 font-normal text-slate-700">{m.month}</th>
                <td className="py-1 text-right tabular-nums text-slate-900">{numbers.format(m.reputation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
