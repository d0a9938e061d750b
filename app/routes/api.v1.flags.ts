import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { flagPost } from "~/domain/moderation/flags.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** `{target, id, reason, note?}`: 201; the same member twice on one post, 409. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return json(await flagPost(context.auth.actor, await readBody(request)), { status: 201 });
});
