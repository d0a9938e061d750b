import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { assign, claim } from "~/domain/escalation/cases.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** Staff: `{username}` assigns; an empty body (or `{}`) claims it for yourself; anything else is checked as an assignment. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const body = await readBody(request);
  const id = params.id ?? "";
  const claiming = body !== null && typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0;
  return json({ support: claiming ? await claim(context.auth.actor, id) : await assign(context.auth.actor, id, body) });
});
