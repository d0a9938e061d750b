/** The staff webhooks page: every endpoint with its latest deliveries. */
import { canManageWebhooks, ensure, type Actor } from "~/auth/policies";
import { listDeliveries, listEndpoints } from "./endpoints.server";

const RECENT = 5;

export async function webhooksPage(actor: Actor) {
  ensure(canManageWebhooks(actor), "Webhooks are managed by staff.");
  const endpoints = await listEndpoints(actor);
  return {
    endpoints: await Promise.all(endpoints.map(async (e) => ({ ...e, deliveries: await listDeliveries(actor, e.id, { limit: RECENT }) }))),
  };
}

export type WebhookEndpointRow = Awaited<ReturnType<typeof webhooksPage>>["endpoints"][number];
