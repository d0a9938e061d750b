import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { createSavedReply, listSavedReplies } from "~/domain/escalation/saved-replies.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => json({ savedReplies: await listSavedReplies(context.auth.actor) }));

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return json({ savedReply: await createSavedReply(context.auth.actor, await readBody(request)) }, { status: 201 });
});
