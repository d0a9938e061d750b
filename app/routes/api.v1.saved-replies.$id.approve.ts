import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { approveSavedReply } from "~/domain/escalation/saved-replies.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return json({ savedReply: await approveSavedReply(context.auth.actor, params.id ?? "") });
});
