/**
 * Sending one delivery: a signed POST from a pg-boss job, retried with
 * backoff until it is delivered or its attempts run out.
 */
import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { transact } from "~/domain/events/transact.server";
import { webhookDeliveries, webhookEndpoints } from "#db/schema";
import type { JobHandler } from "~/jobs/queues";
import { log } from "~/log.server";
import { DestinationRefused, postToDestination } from "./destination.server";
import { signPayload, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_TIMEOUT_MS, WEBHOOK_USER_AGENT } from "./signing.server";

function describeError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError") return `Timed out after ${WEBHOOK_TIMEOUT_MS / 1000} s.`;
    if (err instanceof DestinationRefused) return err.message;
    const code = (err as { code?: string }).code;
    if (code) return `Could not connect: ${code}`;
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : "";
    return `${err.message}${detail}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}

export class WebhookDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookDeliveryError";
  }
}

/**
 * One attempt at one delivery. Resolves when it is settled (delivered, or
 * failed for good); throws when the attempt failed and retries remain, so
 * pg-boss runs it again later with backoff.
 */
export async function deliverWebhook(deliveryId: string): Promise<void> {
  const [found] = await db()
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId));
  // Gone, or settled by an earlier run of this job: a repeat is harmless.
  if (!found || found.delivery.status !== "pending") return;
  const { delivery, endpoint } = found;

  if (!endpoint.active) {
    await transact((tx) =>
      tx
        .update(webhookDeliveries)
        .set({ status: "failed", lastError: "The endpoint was deactivated before delivery." })
        .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "pending"))),
    );
    return;
  }

  // Count the attempt before making it, so a crash mid-request still uses one up.
  const [{ attempts }] = await transact((tx) =>
    tx
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1` })
      .where(eq(webhookDeliveries.id, delivery.id))
      .returning({ attempts: webhookDeliveries.attempts }),
  );

  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    // Checked again here, after DNS, and connected to the checked address (destination.server.ts).
    // Redirects are answers we do not follow, and the receiver's body is never read or logged.
    const res = await postToDestination(
      endpoint.url,
      {
        "content-type": "application/json",
        "user-agent": WEBHOOK_USER_AGENT,
        "x-forum-event": delivery.event,
        "x-forum-delivery": delivery.id,
        "x-forum-timestamp": String(timestamp),
        "x-forum-signature": signPayload(endpoint.secret, timestamp, body),
      },
      body,
      WEBHOOK_TIMEOUT_MS,
    );
    statusCode = res.status;
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = describeError(err);
  }

  if (error === null) {
    await transact((tx) =>
      tx.update(webhookDeliveries).set({ status: "delivered", lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() }).where(eq(webhookDeliveries.id, delivery.id)),
    );
    return;
  }

  const final = attempts >= WEBHOOK_MAX_ATTEMPTS;
  await transact((tx) =>
    tx.update(webhookDeliveries).set({ status: final ? "failed" : "pending", lastStatusCode: statusCode, lastError: error }).where(eq(webhookDeliveries.id, delivery.id)),
  );
  if (final) {
    log.error(`webhooks: delivery ${delivery.id} to endpoint ${endpoint.id} failed after ${attempts} attempts: ${error}`);
    return;
  }
  throw new WebhookDeliveryError(`Webhook delivery ${delivery.id} attempt ${attempts} failed: ${error}`);
}

// The queue hands one delivery per call (batchSize 1), so a throw retries only that one.
export const deliverWebhookJobs: JobHandler<"webhooks.deliver"> = async (jobs) => {
  for (const job of jobs) {
    if (typeof job.deliveryId === "string") await deliverWebhook(job.deliveryId);
  }
};
