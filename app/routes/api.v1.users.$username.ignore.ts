import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { ignoreUser, stopIgnoring } from "~/domain/moderation/ignores.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

/** POST ignores the member (their posts fold away, they no longer notify you); DELETE stops. Not yourself, not staff. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const username = params.username ?? "";
  if (request.method === "POST") return json(await ignoreUser(context.auth.actor, username));
  if (request.method === "DELETE") return json(await stopIgnoring(context.auth.actor, username));
  return methodNotAllowed(["POST", "DELETE"]);
});
