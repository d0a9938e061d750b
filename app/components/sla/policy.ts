import type { SerializeFrom } from "@remix-run/node";
import type { listPolicies } from "~/domain/escalation/policies.server";

/** A policy as the page receives it from the domain. */
export type Policy = SerializeFrom<typeof listPolicies>["default"];

/** A policy as its form holds it: text as typed, the ticked days. */
export type PolicyValues = Record<(typeof textFields)[number], string> & { businessDays: string[] };

export const textFields = ["firstResponseMinutes", "advocateWindowMinutes", "resolutionMinutes", "coverage", "timeZone", "businessStart", "businessEnd", "holidays"] as const;

export function toValues(p: Policy): PolicyValues {
  return {
    firstResponseMinutes: String(p.firstResponseMinutes),
    advocateWindowMinutes: String(p.advocateWindowMinutes),
    resolutionMinutes: String(p.resolutionMinutes),
    coverage: p.coverage,
    timeZone: p.timeZone,
    businessDays: p.businessDays.map(String),
    businessStart: p.businessStart,
    businessEnd: p.businessEnd,
    holidays: p.holidays.join("\n"),
  };
}

