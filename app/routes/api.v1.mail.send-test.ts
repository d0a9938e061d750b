import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { sendTestMail } from "~/domain/mail/outbox.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

/** `{to}` (admins) -> 202 `{id, to}`: the test message is queued like any other mail. */
export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return json(await sendTestMail(context.auth.actor, await readBody(request)), { status: 202 });
});
