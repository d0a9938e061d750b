import { dayRange, duration } from "./format";
import type { Policy } from "./policy";
import { count } from "~/format";

/** A policy in one line of figures: the three targets and when the clocks run. */
export function Summary({ policy }: { policy: Policy }) {
  const hours =
    policy.coverage === "always"
      ? "Clocks run 24/7"
      : `Business hours: ${dayRange(policy.businessDays)} ${policy.businessStart}–${policy.businessEnd} ${policy.timeZone}`;
  const holidays = policy.coverage === "business_hours" && policy.holidays.length ? `, ${count(policy.holidays.length, "holiday")}` : "";
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm lg:grid-cols-4">
      <div>
        <dt className="text-xs text-slate-500">First response</dt>
        <dd className="font-medium text-slate-900">{duration(policy.firstResponseMinutes)}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Advocate window</dt>
        <dd className="font-medium text-slate-900">{policy.advocateWindowMinutes ? duration(policy.advocateWindowMinutes) : "Straight to staff"}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Resolution</dt>
        <dd className="font-medium text-slate-900">{duration(policy.resolutionMinutes)}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Coverage</dt>
        <dd className="font-medium text-slate-900">
          {hours}
          {holidays}
        </dd>
      </div>
    </dl>
  );
}

