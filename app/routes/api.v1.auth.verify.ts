import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { verifyEmail } from "~/domain/accounts/email-verification.server";
import { accountUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** `{token}` from a verification mail -> 200 `{user}`; a used or expired link -> 400. */
export const action = api(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await verifyEmail(await readBody(request));
  return json({ user: accountUser(user) });
});
