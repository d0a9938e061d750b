/**
 * The domain's own subscribers to its events: the durable side effects that
 * must commit with the change. Whoever opens the database for writes (the
 * server, the seed, test setup) subscribes them once; transports (sockets,
 * caches) add their own in runtime.server.ts.
 */
import { badgeChecks } from "./badges/subscriber.server";
import { subscribe } from "./events/transact.server";
import { webhookDeliveries } from "./webhooks/subscriber.server";
import { watcherFanout } from "./following/fanout.server";

export const domainSubscribers = [badgeChecks, webhookDeliveries, watcherFanout];

export function subscribeDomain(): () => void {
  const undo = domainSubscribers.map((s) => subscribe(s));
  return () => undo.forEach((u) => u());
}
