import { z } from "zod";
import { auditActions } from "#db/schema";

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), z.string().max(max).optional());

/** The log's filters, from a query string: all optional; an unknown action is a field error, not an empty page. */
export const auditFilterSchema = z.object({
  actor: optionalText(60),
  action: z.preprocess((v) => (v === "" ? undefined : v), z.enum(auditActions, { errorMap: () => ({ message: "Choose an action from the list." }) }).optional()),
  // "question:abc123" for one row, or "question" for every question.
  target: optionalText(120),
  cursor: optionalText(200),
});
export type AuditFilters = z.output<typeof auditFilterSchema>;
