import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listDeliveries } from "~/domain/webhooks/endpoints.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ request, params, context }: LoaderFunctionArgs) => {
  const limit = new URL(request.url).searchParams.get("limit") ?? undefined;
  return json({ deliveries: await listDeliveries(context.auth.actor, params.id ?? "", { limit }) });
});

export const action = () => methodNotAllowed(["GET"]);
