import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { promoteAdvocate, revokeAdvocate } from "~/domain/advocates/nominations.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

/** POST promotes a customer to advocate; DELETE revokes it. Staff only. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const username = params.username ?? "";
  if (request.method === "POST") return json({ user: await promoteAdvocate(context.auth.actor, username) });
  if (request.method === "DELETE") return json({ user: await revokeAdvocate(context.auth.actor, username) });
  return methodNotAllowed(["POST", "DELETE"]);
});
