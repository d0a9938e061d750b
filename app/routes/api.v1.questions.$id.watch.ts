import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { unwatch, watch } from "~/domain/following/watch.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PUT", "DELETE"]);

/** PUT follows the question (new posts ring the bell), DELETE stops; both idempotent. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const key = params.id ?? "";
  if (request.method === "PUT") return json(await watch(context.auth.actor, "question", key));
  if (request.method === "DELETE") return json(await unwatch(context.auth.actor, "question", key));
  return methodNotAllowed(["PUT", "DELETE"]);
});
