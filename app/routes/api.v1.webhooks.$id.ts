import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { deleteEndpoint, setEndpointActive } from "~/domain/webhooks/endpoints.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PATCH", "DELETE"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const id = params.id ?? "";
  if (request.method === "PATCH") {
    const body = await readBody(request);
    const active = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { active?: unknown }).active : undefined;
    const endpoint = await setEndpointActive(context.auth.actor, id, active);
    return json({ endpoint });
  }
  if (request.method === "DELETE") {
    const result = await deleteEndpoint(context.auth.actor, id);
    return json(result);
  }
  return methodNotAllowed(["PATCH", "DELETE"]);
});
