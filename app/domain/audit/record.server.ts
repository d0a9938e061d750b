import type { Tx } from "#db/client.server";
import { newId } from "#db/ids";
import { auditLog, type AuditAction, type AuditTargetType } from "#db/schema";
import type { Actor } from "~/auth/policies";

export interface AuditRecord {
  action: AuditAction;
  target: { type: AuditTargetType; id: string; label: string };
  /** What changed, in the few fields a reader needs ("from": "customer", "to": "staff"). */
  data?: Record<string, unknown>;
}

/**
 * Writes one line of the staff action log inside the command's own
 * transaction, so the line exists exactly when the change does.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditRecord) {
  await tx.insert(auditLog).values({
    id: newId(),
    actorId: actor.id,
    actorName: actor.username,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    targetLabel: entry.target.label,
    data: entry.data ?? {},
  });
}

/** The fields that differ between two versions of a row, as { field: { from, to } }. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T, keys: (keyof T & string)[]) {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of keys) if (before[key] !== after[key]) changed[key] = { from: before[key], to: after[key] };
  return changed;
}
