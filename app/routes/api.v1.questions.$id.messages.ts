import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listPrivateMessages, postPrivateMessage } from "~/domain/escalation/private-thread.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

/** The private thread: the asker and staff only. */
export const loader = api(async ({ params, context }: LoaderFunctionArgs) => json({ messages: await listPrivateMessages(context.auth.actor, params.id ?? "") }));

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return json({ messages: await postPrivateMessage(context.auth.actor, params.id ?? "", await readBody(request)) }, { status: 201 });
});
