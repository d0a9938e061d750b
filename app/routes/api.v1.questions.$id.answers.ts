import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { postAnswer } from "~/domain/answers/answers.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const answer = await postAnswer(context.auth.actor, params.id ?? "", await readBody(request));
  return json({ answer }, { status: 201 });
});
