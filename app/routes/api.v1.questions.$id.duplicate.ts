import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { closeAsDuplicate, reopen } from "~/domain/questions/duplicates.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

/** POST {of} closes the question as a duplicate of `of`; DELETE reopens it. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const id = params.id ?? "";
  if (request.method === "POST") return json({ question: (await closeAsDuplicate(context.auth.actor, id, await readBody(request))).question });
  if (request.method === "DELETE") return json({ question: (await reopen(context.auth.actor, id)).question });
  return methodNotAllowed(["POST", "DELETE"]);
});
