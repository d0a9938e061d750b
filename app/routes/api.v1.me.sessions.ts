import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listSessions, revokeOtherSessions } from "~/domain/accounts/sessions.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** Where and when you are signed in; `current` is the session this request rides on (none with a token). */
export const loader = api(async ({ context }: LoaderFunctionArgs) => json({ sessions: await listSessions(context.auth.actor, context.auth.sessionId) }));

/** DELETE: sign out everywhere else; answers the sessions left (just this one, or none with a token). */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["GET", "DELETE"]);
  const ended = await revokeOtherSessions(context.auth.actor, context.auth.sessionId);
  return json({ ended, sessions: await listSessions(context.auth.actor, context.auth.sessionId) });
});
