import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useSavedReply } from "~/domain/escalation/saved-replies.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** Staff and advocates answer with an approved template: `{replyId, extra?}` -> 201 `{answer}`. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return json({ answer: await useSavedReply(context.auth.actor, params.id ?? "", await readBody(request)) }, { status: 201 });
});
