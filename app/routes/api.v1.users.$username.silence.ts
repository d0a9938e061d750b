import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { liftRestriction, silenceUser } from "~/domain/moderation/restrictions.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

/** POST silences the member until `until` (their posts wait for review), with a reason; DELETE lifts it. Staff (admins for staff). */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const username = params.username ?? "";
  if (request.method === "POST") return json({ user: await silenceUser(context.auth.actor, username, await readBody(request)) });
  if (request.method === "DELETE") return json({ user: await liftRestriction(context.auth.actor, username, "silenced") });
  return methodNotAllowed(["POST", "DELETE"]);
});
