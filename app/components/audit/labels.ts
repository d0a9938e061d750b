import type { AuditAction } from "#db/schema";

/** How the log names each action, for people rather than for filters. */
export const auditActionLabels: Record<AuditAction, string> = {
  "user.role_changed": "Changed a role",
  "advocate.promoted": "Promoted to advocate",
  "advocate.revoked": "Revoked advocate",
  "advocate.nomination_dismissed": "Dismissed a nomination",
  "question.deleted": "Deleted a question",
  "answer.deleted": "Deleted an answer",
  "question.closed_duplicate": "Closed as duplicate",
  "question.reopened": "Reopened a question",
  "category.created": "Created a category",
  "category.updated": "Changed a category",
  "sla.saved": "Saved a service level",
  "sla.reset": "Reset a service level",
  "webhook.created": "Added a webhook",
  "webhook.activated": "Turned a webhook on",
  "webhook.deactivated": "Turned a webhook off",
  "webhook.deleted": "Removed a webhook",
  "saved_reply.approved": "Approved a saved reply",
  "search.vocabulary_saved": "Saved search synonyms",
  "review.kept": "Kept a flagged post",
  "review.hidden": "Hid a post",
  "review.deleted": "Deleted a flagged post",
  "user.suspended": "Suspended a member",
  "user.silenced": "Silenced a member",
  "user.restriction_lifted": "Lifted a suspension or silence",
};

/** A short line for what changed: "role: customer → staff", "visibility: public → staff". */
export function describeAuditData(data: Record<string, unknown>): string {
  if (typeof data.from === "string" && typeof data.to === "string") return `${data.from} → ${data.to}`;
  return Object.entries(data)
    .map(([key, value]) => {
      if (value && typeof value === "object" && "from" in value && "to" in value) {
        const change = value as { from: unknown; to: unknown };
        return `${key}: ${String(change.from || "(empty)")} → ${String(change.to || "(empty)")}`;
      }
      return `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`;
    })
    .join(" · ");
}
