import { formatNumber } from "~/format";
/** One figure of a member's contributions. */
export function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="card min-w-0 px-4 py-3 text-center">
      <div className="text-2xl font-bold text-slate-900" data-testid={testId}>
        {formatNumber(value)}
      </div>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
    </div>
  );
}
