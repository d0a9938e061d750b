import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { castVote } from "~/domain/votes/votes.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PUT"]);

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(["PUT"]);
  return json(await castVote(context.auth.actor, await readBody(request)));
});
