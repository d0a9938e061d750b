import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { changePassword } from "~/domain/accounts/account-settings.server";
import { accountUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PUT"]);

/** `{currentPassword, password}` -> 200 `{user}`; every other session ends, this one (or the token) keeps working. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(["PUT"]);
  const user = await changePassword(context.auth.actor, await readBody(request), { sessionId: context.auth.sessionId });
  return json({ user: accountUser(user) });
});
