import { z } from "zod";
import { moment } from "~/domain/validate";
import { nowMs } from "~/clock";

/** The longest a restriction may run: long enough for "a ban", short enough that a typo in the year is caught. */
export const MAX_RESTRICTION_MS = 10 * 365.25 * 24 * 3600_000;

const untilMessage = "until is a future time (ISO 8601, e.g. 2030-01-31T12:00:00Z) at most 10 years ahead.";

export const restrictionSchema = z.object({
  // Piped, so the range check runs only on a time that parsed (a refine after a failed transform would see no date).
  until: moment(untilMessage).pipe(z.date().refine((d) => d.getTime() > nowMs() && d.getTime() <= nowMs() + MAX_RESTRICTION_MS, untilMessage)),
  reason: z
    .string({ required_error: "Give a reason: the member reads it.", invalid_type_error: "Give a reason: the member reads it." })
    .trim()
    .min(1, "Give a reason: the member reads it.")
    .max(500, "Reasons have at most 500 characters."),
});
export type RestrictionInput = z.infer<typeof restrictionSchema>;
