import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { escalate } from "~/domain/escalation/cases.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** The asker's "I need staff" (or staff escalating): `{reason?}`. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return json({ support: await escalate(context.auth.actor, params.id ?? "", await readBody(request)) });
});
