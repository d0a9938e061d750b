import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";

/** What staff and admins do that the brand must be able to show afterwards (the list grows with moderation). */
export const auditActions = [
  "user.role_changed",
  "advocate.promoted",
  "advocate.revoked",
  "advocate.nomination_dismissed",
  "question.deleted",
  "answer.deleted",
  "question.closed_duplicate",
  "question.reopened",
  "category.created",
  "category.updated",
  "sla.saved",
  "sla.reset",
  "webhook.created",
  "webhook.activated",
  "webhook.deactivated",
  "webhook.deleted",
  "saved_reply.approved",
  "search.vocabulary_saved",
  "review.kept",
  "review.hidden",
  "review.deleted",
  "user.suspended",
  "user.silenced",
  "user.restriction_lifted",
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditTargetTypes = ["user", "question", "answer", "category", "webhook", "saved_reply", "search", "townhall_question", "chat_message"] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

/**
 * The staff action log: append-only (a trigger refuses UPDATE and DELETE, as
 * the reputation ledger's does). Names are copied as they were at the time, so
 * a renamed member or a deleted category still reads right.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    actorId: text("actor_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    action: text("action", { enum: auditActions }).notNull(),
    targetType: text("target_type", { enum: auditTargetTypes }).notNull(),
    targetId: text("target_id").notNull(),
    targetLabel: text("target_label").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at.desc(), t.id.desc()),
    index("audit_log_actor_idx").on(t.actorName, t.at.desc()),
    index("audit_log_action_idx").on(t.action, t.at.desc()),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.at.desc()),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;
