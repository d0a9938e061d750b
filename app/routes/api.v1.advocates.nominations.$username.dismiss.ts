import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { dismissNomination } from "~/domain/advocates/nominations.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  await dismissNomination(context.auth.actor, params.username ?? "");
  return json({ dismissed: true });
});
