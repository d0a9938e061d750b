/**
 * The case log (`case_events`): what happened to a case, kept for the
 * customer timeline and the insights. Each kind carries its own data, typed
 * here for the writers; the timeline reads it back tolerantly, since older
 * rows (and the seed) may carry less.
 */
import { newId } from "#db/ids";
import type { Executor } from "#db/client.server";
import { caseEvents, type CaseState, type SupportCase } from "#db/schema";
import type { Responder } from "~/auth/policies";
import { now as clock } from "~/clock";

export type CaseLogKind = (typeof caseEvents.$inferInsert)["kind"];
export type EscalationReason = NonNullable<SupportCase["escalationReason"]>;

export interface CaseLogData {
  routed: { advocates: number };
  escalated: { reason: EscalationReason; note?: string };
  claimed: { assignee: string };
  assigned: { assignee: string };
  status_changed: { from: CaseState; to: CaseState };
  moved_private: Record<string, never>;
  first_response: { role: Responder; minutes: number };
  solved: { by: Responder; private: boolean };
  breached: Record<string, never>;
}

export async function logCaseEvent<K extends CaseLogKind>(
  tx: Executor,
  c: Pick<SupportCase, "questionId" | "customerId">,
  kind: K,
  actorId: string | null,
  data: CaseLogData[K],
  at = clock(),
) {
  await tx.insert(caseEvents).values({ id: newId(), questionId: c.questionId, customerId: c.customerId, kind, actorId, data, createdAt: at });
}
