import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listSessions, revokeSession } from "~/domain/accounts/sessions.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["DELETE"]);

/** Ends one of your sessions (404 for an id that is not one of yours); answers the sessions left. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  await revokeSession(context.auth.actor, params.id ?? "");
  return json({ sessions: await listSessions(context.auth.actor, context.auth.sessionId) });
});
