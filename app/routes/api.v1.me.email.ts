import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { changeEmail } from "~/domain/accounts/account-settings.server";
import { accountUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PATCH"]);

/** `{email, password}` -> 200 `{user}` with `emailVerified: false` until the link mailed to the new address is used. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
  const user = await changeEmail(context.auth.actor, await readBody(request));
  return json({ user: accountUser(user) });
});
