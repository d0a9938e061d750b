/**
 * Staff register the URLs that receive escalation events, switch them on and
 * off, remove them, and read what was delivered to each.
 */
import { count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEvent } from "#db/schema";
import { ensureCan, ensureCanRead, type Actor } from "~/auth/policies";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { parseInput } from "~/domain/validate";
import { checkDestination, DestinationRefused } from "./destination.server";
import { log } from "~/log.server";
import { newWebhookSecret } from "./signing.server";
import { recordAudit } from "~/domain/audit/record.server";

export { webhookEvents, type WebhookEvent };

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
  const me = ensureCan(actor, "webhook:manage");
  const data = parseInput(endpointSchema, input);
  await checkDestination(data.url).catch((err) => {
    if (err instanceof DestinationRefused) throw new ValidationError({ url: [err.message] });
    throw err;
  });
  const [row] = await transact(async (tx) => {
    const created = await tx.insert(webhookEndpoints).values({ id: newId(), url: data.url, secret: newWebhookSecret(), events: data.events, active: true, createdById: me.id }).returning();
    await recordAudit(tx, me, { action: "webhook.created", target: { type: "webhook", id: created[0].id, label: data.url }, data: { events: data.events } });
    return created;
  });
  log.info(`webhooks: ${me.username} added endpoint ${row.id} for ${data.events.join(", ")}`);
  return { ...endpointView(row), secret: row.secret };
}

export async function listEndpoints(actor: Actor | null): Promise<EndpointView[]> {
  ensureCanRead(actor, "webhook:manage");
  const rows = await db().select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return rows.map(endpointView);
}

export async function setEndpointActive(actor: Actor | null, id: string, active: unknown): Promise<EndpointView> {
  const me = ensureCan(actor, "webhook:manage");
  const data = parseInput(activeSchema, { active });
  const [row] = await transact(async (tx) => {
    const [before] = await tx.select({ active: webhookEndpoints.active }).from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update");
    const updated = await tx.update(webhookEndpoints).set({ active: data.active }).where(eq(webhookEndpoints.id, id)).returning();
    if (updated[0] && before && before.active !== data.active) {
      await recordAudit(tx, me, { action: data.active ? "webhook.activated" : "webhook.deactivated", target: { type: "webhook", id, label: updated[0].url } });
    }
    return updated;
  });
  if (!row) throw new NotFoundError("No such webhook endpoint.");
  return endpointView(row);
}

/**
 * Removes an endpoint that never received anything; one with deliveries is
 * deactivated instead, so its delivery log stays readable.
 */
export async function deleteEndpoint(actor: Actor | null, id: string): Promise<{ deleted: boolean; endpoint: EndpointView | null }> {
  const me = ensureCan(actor, "webhook:manage");
  return transact(async (tx) => {
    const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update");
    if (!row) throw new NotFoundError("No such webhook endpoint.");
    const [{ n }] = await tx.select({ n: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    await recordAudit(tx, me, { action: n === 0 ? "webhook.deleted" : "webhook.deactivated", target: { type: "webhook", id, label: row.url } });
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
  ensureCanRead(actor, "webhook:manage");
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

