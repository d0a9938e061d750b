import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { setStatus } from "~/domain/escalation/cases.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PATCH"]);

/** Staff: `{status: "escalated"|"assigned"|"waiting_on_customer"|"solved"}`. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
  return json({ support: await setStatus(context.auth.actor, params.id ?? "", await readBody(request)) });
});
