/**
 * Queues a webhook event for every endpoint that wants it. Deliveries are
 * rows (`webhook_deliveries`) written in the same transaction as the change
 * that caused them, together with their job: an event is sent exactly when its
 * change committed, and a receiver that is down makes it late, never lost
 * (within the retry budget). The case events reach here through the durable
 * subscriber (subscriber.server.ts), not by hand.
 */
import { and, arrayContains, eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { webhookDeliveries, webhookEndpoints, type WebhookEvent } from "#db/schema";
import { enqueueJob } from "~/jobs/boss.server";
import { now as clock } from "~/clock";

/**
 * Queues `event` for every active endpoint subscribed to it. Call it inside
 * the transaction of the change it reports, passing that transaction: the
 * delivery rows and their jobs commit (or roll back) with the change.
 */
export async function emitWebhook(tx: Executor, event: WebhookEvent, payload: Record<string, unknown>): Promise<string[]> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.active, true), arrayContains(webhookEndpoints.events, [event])));
  if (!endpoints.length) return [];
  const now = clock();
  const rows = endpoints.map((e) => {
    const id = newId();
    return {
      id,
      endpointId: e.id,
      event,
      payload: { id, event, createdAt: now.toISOString(), data: payload },
      status: "pending" as const,
      createdAt: now,
    };
  });
  await tx.insert(webhookDeliveries).values(rows);
  for (const row of rows) await enqueueJob(tx, "webhooks.deliver", { deliveryId: row.id });
  return rows.map((r) => r.id);
}

