import type { Subscriber } from "~/domain/events/transact.server";
import { queueBadgeCheck } from "./queue.server";

/**
 * Badges are judged by a job moments after what could earn one; the job is
 * queued inside the transaction, so it exists exactly when the change does.
 */
export const badgeChecks: Subscriber = {
  name: "badge checks",
  durable: {
    "question.asked": (e, tx) => queueBadgeCheck(tx, [e.authorId]),
    "answer.posted": (e, tx) => queueBadgeCheck(tx, [e.authorId]),
    "reputation.changed": (e, tx) => queueBadgeCheck(tx, e.userIds),
  },
};
