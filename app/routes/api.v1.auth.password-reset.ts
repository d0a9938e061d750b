import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from "~/domain/accounts/password-reset.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** `{email}` -> 202 whether or not an account uses it. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await requestPasswordReset(await readBody(request), { ip: context.ip });
  return json({ message: RESET_REQUESTED_MESSAGE }, { status: 202 });
});
