/**
 * Signed webhooks: staff register receiver URLs for escalation events, and
 * the forum POSTs each event to them from a pg-boss job, with retries.
 *
 * Signature scheme (documented for integrators in docs/api.md, "Webhooks"):
 *
 *   x-forum-timestamp: <unix seconds when this attempt was sent>
 *   x-forum-signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
 *
 * `body` is the exact bytes of the request body. The secret ("whsec_" + 64
 * hex characters) is the HMAC key as a UTF-8 string, prefix included. Each
 * attempt is signed afresh, so a retry carries a new timestamp and signature
 * but the same body and `x-forum-delivery` id (receivers dedupe on that id).
 * Receivers compare in constant time and refuse timestamps older than a few
 * minutes, so a captured request cannot be replayed later: `verifySignature`
 * does both.
 *
 * Deliveries are rows (`webhook_deliveries`) written in the same transaction
 * as the change that caused them, together with their job: an event is sent
 * exactly when its change committed, and a receiver that is down makes it
 * late, never lost (within the retry budget).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, arrayContains, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "#db/client.server";
import { newId } from "#db/ids";
import { webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEvent } from "#db/schema";
import { requirePermission, type Actor } from "~/auth/permissions";
import { NotFoundError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { enqueueJob } from "~/jobs/boss.server";
import { log } from "~/log.server";

export { webhookEvents, type WebhookEvent };

export const WEBHOOK_USER_AGENT = "NimbusCommunity-Webhooks/1";
export const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * The queue "webhooks.deliver" retries a failed job 8 times (app/jobs/boss.server.ts),
 * so a delivery gets 9 attempts; the 9th failure marks it failed instead of throwing.
 */
export const WEBHOOK_MAX_ATTEMPTS = 9;
/** How old a signed timestamp `verifySignature` accepts by default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

// ---------------------------------------------------------------------------
// Signatures

export function signPayload(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export interface VerifyOptions {
  /** Reject timestamps further than this from `now` (seconds); Infinity skips the check. Default 300. */
  toleranceSeconds?: number;
  /** Milliseconds since the epoch; for tests. */
  now?: number;
}

/**
 * For receivers (and tests): true when `header` (the `x-forum-signature`
 * value) is the HMAC of `${timestamp}.${body}` under `secret` and the
 * timestamp is recent. Compares in constant time. The header may list several
 * signatures separated by commas; any match is accepted.
 */
export function verifySignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string | null | undefined,
  options: VerifyOptions = {}
): boolean {
  if (!header || !secret) return false;
  const ts = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(ts)) return false;
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Number.isFinite(tolerance) && Math.abs(now - Number(ts)) > tolerance) return false;
  const expected = Buffer.from(signPayload(secret, ts, body).slice("sha256=".length), "hex");
  let ok = false;
  for (const part of header.split(",")) {
    const match = /^\s*sha256=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (!match) continue;
    // No early exit: every candidate is compared.
    if (timingSafeEqual(Buffer.from(match[1], "hex"), expected)) ok = true;
  }
  return ok;
}

function newSecret() {
  return `whsec_${randomBytes(32).toString("hex")}`;
}

// ---------------------------------------------------------------------------
// Managing endpoints (staff)

export const endpointSchema = z.object({
  url: z
    .string({ required_error: "Enter the URL that receives the events." })
    .trim()
    .min(1, "Enter the URL that receives the events.")
    .max(2000, "URLs have at most 2,000 characters.")
    .url("Enter a full URL, such as https://example.com/hooks/forum.")
    .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), "Use an http:// or https:// URL."),
  events: z
    .array(z.enum(webhookEvents, { errorMap: () => ({ message: `Events are ${webhookEvents.join(", ")}.` }) }), {
      required_error: "Choose at least one event.",
      invalid_type_error: "Events must be a list.",
    })
    .min(1, "Choose at least one event.")
    .transform((events) => webhookEvents.filter((e) => events.includes(e))),
});
export type EndpointInput = z.input<typeof endpointSchema>;

const activeSchema = z.object({
  active: z.boolean({ required_error: "Say whether the endpoint is active.", invalid_type_error: "active is true or false." }),
});
const limitSchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export interface EndpointView {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  /** The last 4 characters of the secret, to tell secrets apart; the secret itself is shown once. */
  secretHint: string;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  payload: Record<string, unknown>;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

function endpointView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events.filter((e): e is WebhookEvent => (webhookEvents as readonly string[]).includes(e)),
    active: row.active,
    secretHint: row.secret.slice(-4),
    createdAt: row.createdAt.toISOString(),
  };
}

function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    endpointId: row.endpointId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    payload: row.payload,
  };
}

async function findEndpoint(id: string) {
  const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new NotFoundError("No such webhook endpoint.");
  return row;
}

/** Registers a receiver. The answer carries the secret: the only time anyone sees it. */
export async function createEndpoint(actor: Actor | null, input: unknown): Promise<EndpointView & { secret: string }> {
  const me = requirePermission(actor, "staff:view");
  const data = parseInput(endpointSchema, input);
  const [row] = await db()
    .insert(webhookEndpoints)
    .values({ id: newId(), url: data.url, secret: newSecret(), events: data.events, active: true, createdById: me.id })
    .returning();
  log.info(`webhooks: ${me.username} added endpoint ${row.id} for ${data.events.join(", ")}`);
  return { ...endpointView(row), secret: row.secret };
}

export async function listEndpoints(actor: Actor | null): Promise<EndpointView[]> {
  requirePermission(actor, "staff:view");
  const rows = await db().select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return rows.map(endpointView);
}

export async function setEndpointActive(actor: Actor | null, id: string, active: unknown): Promise<EndpointView> {
  requirePermission(actor, "staff:view");
  const data = parseInput(activeSchema, { active });
  const [row] = await db().update(webhookEndpoints).set({ active: data.active }).where(eq(webhookEndpoints.id, id)).returning();
  if (!row) throw new NotFoundError("No such webhook endpoint.");
  return endpointView(row);
}

/**
 * Removes an endpoint that never received anything; one with deliveries is
 * deactivated instead, so its delivery log stays readable.
 */
export async function deleteEndpoint(actor: Actor | null, id: string): Promise<{ deleted: boolean; endpoint: EndpointView | null }> {
  requirePermission(actor, "staff:view");
  return db().transaction(async (tx) => {
    const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update");
    if (!row) throw new NotFoundError("No such webhook endpoint.");
    const [{ n }] = await tx.select({ n: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    if (n === 0) {
      await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
      return { deleted: true, endpoint: null };
    }
    const [updated] = await tx.update(webhookEndpoints).set({ active: false }).where(eq(webhookEndpoints.id, id)).returning();
    return { deleted: false, endpoint: endpointView(updated) };
  });
}

/** An endpoint's deliveries, newest first. */
export async function listDeliveries(actor: Actor | null, endpointId: string, options: { limit?: unknown } = {}): Promise<DeliveryView[]> {
  requirePermission(actor, "staff:view");
  const { limit } = parseInput(limitSchema, { limit: options.limit ?? undefined });
  await findEndpoint(endpointId);
  const rows = await db()
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  return rows.map(deliveryView);
}

// ---------------------------------------------------------------------------
// Emitting and delivering

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
  const now = new Date();
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

function describeError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError") return `Timed out after ${WEBHOOK_TIMEOUT_MS / 1000} s.`;
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
    await db()
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: "The endpoint was deactivated before delivery." })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "pending")));
    return;
  }

  // Count the attempt before making it, so a crash mid-request still uses one up.
  const [{ attempts }] = await db()
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(eq(webhookDeliveries.id, delivery.id))
    .returning({ attempts: webhookDeliveries.attempts });

  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": WEBHOOK_USER_AGENT,
        "x-forum-event": delivery.event,
        "x-forum-delivery": delivery.id,
        "x-forum-timestamp": String(timestamp),
        "x-forum-signature": signPayload(endpoint.secret, timestamp, body),
      },
      body,
      // A redirect is an answer we do not follow: the signed body goes only where staff pointed it.
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    statusCode = res.status;
    if (res.status < 200 || res.status >= 300) {
      const text = await res.text().catch(() => "");
      error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
    } else {
      await res.body?.cancel().catch(() => {});
    }
  } catch (err) {
    error = describeError(err);
  }

  if (error === null) {
    await db()
      .update(webhookDeliveries)
      .set({ status: "delivered", lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() })
      .where(eq(webhookDeliveries.id, delivery.id));
    return;
  }

  const final = attempts >= WEBHOOK_MAX_ATTEMPTS;
  await db()
    .update(webhookDeliveries)
    .set({ status: final ? "failed" : "pending", lastStatusCode: statusCode, lastError: error })
    .where(eq(webhookDeliveries.id, delivery.id));
  if (final) {
    log.error(`webhooks: delivery ${delivery.id} to endpoint ${endpoint.id} failed after ${attempts} attempts: ${error}`);
    return;
  }
  throw new WebhookDeliveryError(`Webhook delivery ${delivery.id} attempt ${attempts} failed: ${error}`);
}
