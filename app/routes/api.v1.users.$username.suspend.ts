import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { liftRestriction, suspendUser } from "~/domain/moderation/restrictions.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

/** POST suspends the member until `until` (read only), with a reason; DELETE lifts it. Staff (admins for staff). */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const username = params.username ?? "";
  if (request.method === "POST") return json({ user: await suspendUser(context.auth.actor, username, await readBody(request)) });
  if (request.method === "DELETE") return json({ user: await liftRestriction(context.auth.actor, username, "suspended") });
  return methodNotAllowed(["POST", "DELETE"]);
});
