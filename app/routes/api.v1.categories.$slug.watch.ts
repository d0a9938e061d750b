import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { unwatch, watch } from "~/domain/following/watch.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PUT", "DELETE"]);

/** PUT follows the category (new posts ring the bell), DELETE stops; both idempotent. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const key = params.slug ?? "";
  if (request.method === "PUT") return json(await watch(context.auth.actor, "category", key));
  if (request.method === "DELETE") return json(await unwatch(context.auth.actor, "category", key));
  return methodNotAllowed(["PUT", "DELETE"]);
});
