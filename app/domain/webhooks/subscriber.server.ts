import type { Subscriber } from "~/domain/events/transact.server";
import type { CaseSnapshot } from "~/domain/events/types";
import { emitWebhook } from "./emitting.server";

/** What a receiver learns of a case: where it stands, never its notes or private thread. */
function casePayload(c: CaseSnapshot, extra: Record<string, unknown> = {}) {
  return {
    questionId: c.questionId,
    url: `/q/${c.questionId}`,
    state: c.state,
    escalationReason: c.escalationReason,
    slaDueAt: c.slaDueAt.toISOString(),
    ...extra,
  };
}

/**
 * Case events become signed webhook deliveries. The delivery rows and their
 * jobs are written inside the case's transaction (durable), so an event is
 * sent exactly when its change committed, and late, never lost.
 */
export const webhookDeliveries: Subscriber = {
  name: "webhooks",
  durable: {
    "case.escalated": async (e, tx) => {
      await emitWebhook(tx, "question.escalated", casePayload(e.case));
    },
    "case.assigned": async (e, tx) => {
      await emitWebhook(tx, "question.assigned", casePayload({ ...e.case, state: "assigned" }, { assignee: e.assignee }));
    },
    "case.solved": async (e, tx) => {
      await emitWebhook(tx, "question.solved", casePayload({ ...e.case, state: "solved" }, { solvedBy: e.solvedBy, private: e.inPrivate }));
    },
  },
};
