import type { Tx } from "#db/client.server";
import type { EventLog, Subscriber } from "~/domain/events/transact.server";
import { queueBadgeCheck } from "./queue.server";

// The members a transaction has already queued a check for: an answer that is
// also a first response, or a vote that reverses one award and records
// another, needs one look at its author, not one per event.
const queuedIn = new WeakMap<EventLog, Set<string>>();

async function check(tx: Tx, events: EventLog, userIds: string[]) {
  let queued = queuedIn.get(events);
  if (!queued) queuedIn.set(events, (queued = new Set()));
  const due = userIds.filter((id) => !queued.has(id));
  for (const id of due) queued.add(id);
  if (due.length) await queueBadgeCheck(tx, due);
}

/**
 * Badges are judged by a job moments after what could earn one; the job is
 * queued inside the transaction, so it exists exactly when the change does.
 */
export const badgeChecks: Subscriber = {
  name: "badge checks",
  durable: {
    "question.asked": (e, tx, events) => check(tx, events, [e.authorId]),
    "answer.posted": (e, tx, events) => check(tx, events, [e.authorId]),
    // The voter's own badges (Supporter) follow their votes; the author's follow the reputation it earned them.
    "vote.cast": (e, tx, events) => check(tx, events, [e.voterId]),
    "reputation.changed": (e, tx, events) => check(tx, events, e.userIds),
  },
};
