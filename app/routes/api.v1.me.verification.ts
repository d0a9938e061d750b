import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { resendVerification } from "~/domain/accounts/email-verification.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** Sends the verification link again -> 202 (nothing is sent for an address already confirmed). */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const result = await resendVerification(context.auth.actor);
  return json({ sent: result.sent }, { status: 202 });
});
