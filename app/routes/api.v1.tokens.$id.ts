import type { ActionFunctionArgs } from "@remix-run/node";
import { deleteToken } from "~/domain/accounts/tokens.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["DELETE"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  await deleteToken(context.auth.actor, params.id ?? "");
  return new Response(null, { status: 204 });
});
