import type { ActionFunctionArgs } from "@remix-run/node";
import { blankSessionCookie } from "~/auth/lucia.server";
import { signOut } from "~/domain/accounts/sessions.server";
import { api, methodNotAllowed } from "~/http/api.server";
import { runtime } from "~/runtime.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  // A token is revoked on the tokens page, not by logging out.
  await signOut(context.auth.actor, context.auth.sessionId);
  const headers = new Headers();
  if (context.auth.sessionId) headers.set("Set-Cookie", blankSessionCookie(runtime.cookieSecure(context.secure)));
  return new Response(null, { status: 204, headers });
});
