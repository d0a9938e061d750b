import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { resolveReview } from "~/domain/moderation/review.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** `{action: keep | hide | delete}` (staff); an item someone already resolved is a 409. */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return json(await resolveReview(context.auth.actor, params.id ?? "", await readBody(request)));
});
