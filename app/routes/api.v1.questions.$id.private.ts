import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { moveToPrivate } from "~/domain/escalation/private-thread.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** Staff take the conversation private: the public page says it moved. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await moveToPrivate(context.auth.actor, params.id ?? "");
  return json({ private: true });
});
