import type { ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/auth/lucia.server";
import { ensureSignedIn } from "~/auth/policies";
import { api, methodNotAllowed } from "~/http/api.server";
import { runtime } from "~/runtime.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  ensureSignedIn(context.auth.actor);
  const headers = new Headers();
  // A token is revoked on the tokens page, not by logging out.
  if (context.auth.sessionId) headers.set("Set-Cookie", await endSession(context.auth.sessionId, runtime.cookieSecure(context.secure)));
  return new Response(null, { status: 204, headers });
});
