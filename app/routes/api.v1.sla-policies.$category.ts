import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { resetPolicy, savePolicy } from "~/domain/escalation/policies.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PUT", "DELETE"]);

/** PUT sets a category's policy (`default` for the forum-wide one); DELETE returns a category to the default. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const category = params.category === "default" ? "" : (params.category ?? "");
  if (request.method === "PUT") return json({ policy: await savePolicy(context.auth.actor, category, await readBody(request)) });
  if (request.method === "DELETE" && category) {
    await resetPolicy(context.auth.actor, category);
    return new Response(null, { status: 204 });
  }
  return methodNotAllowed(["PUT", "DELETE"]);
});
