import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { confirmPasswordReset } from "~/domain/accounts/password-reset.server";
import { accountUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** `{token, password}` -> 200 `{user}`; every session of the account ends (log in again with the new password). */
export const action = api(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await confirmPasswordReset(await readBody(request));
  return json({ user: accountUser(user) });
});
