import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { useEffect, useRef, useState } from "react";
import { formatNumber } from "~/format";

/**
 * Reputation over time. Rendered on the server at a fixed width (so it shows
 * without JavaScript), then resized to its container in the browser.
 */
export function ReputationChart({ series }: { series: { day: string; reputation: number }[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const first = series[0]?.day;
  const last = series[series.length - 1];
  return (
    <figure ref={box} className="w-full overflow-hidden" data-testid="reputation-chart">
      <AreaChart width={width} height={180} data={series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <defs>
          <linearGradient id="rep-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="#2563eb" stopOpacity={0.35} />
            <stop offset="100%" stopColor="#2563eb" stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={48} tickLine={false} axisLine={false} />
        <YAxis tick={{ fontSize: 11, fill: "#64748b" }} width={44} tickLine={false} axisLine={false} allowDecimals={false} />
        <Tooltip formatter={(v: number) => [v.toLocaleString("en"), "Reputation"]} />
        <Area type="stepAfter" dataKey="reputation" stroke="#2563eb" strokeWidth={2} fill="url(#rep-fill)" isAnimationActive={false} />
      </AreaChart>
      <figcaption className="sr-only">
        Reputation from {first} to {last?.day}: now {last ? formatNumber(last.reputation) : ""}.
      </figcaption>
    </figure>
  );
}
