import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { assign, claim } from "~/domain/escalation/cases.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** Staff: `{username}` assigns; an empty body claims it for yourself. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const body = (await readBody(request)) as Record<string, unknown>;
  const id = params.id ?? "";
  return json({ support: body && typeof body === "object" && "username" in body ? await assign(context.auth.actor, id, body) : await claim(context.auth.actor, id) });
});
