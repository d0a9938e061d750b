import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { setAccepted } from "~/domain/answers/answers.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "DELETE"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST" && request.method !== "DELETE") return methodNotAllowed(["POST", "DELETE"]);
  const { question } = await setAccepted(context.auth.actor, params.id ?? "", request.method === "POST");
  return json({ question });
});
