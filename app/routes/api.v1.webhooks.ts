import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { createEndpoint, listEndpoints } from "~/domain/webhooks/endpoints.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => {
  return json({ endpoints: await listEndpoints(context.auth.actor) });
});

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const endpoint = await createEndpoint(context.auth.actor, await readBody(request));
  // The secret is in this answer and nowhere else later.
  return json({ endpoint }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
