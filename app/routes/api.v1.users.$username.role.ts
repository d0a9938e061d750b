import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { changeRole } from "~/domain/accounts/roles.server";
import { publicUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PATCH"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
  const user = await changeRole(context.auth.actor, params.username ?? "", await readBody(request));
  return json({ user: publicUser(user) });
});
