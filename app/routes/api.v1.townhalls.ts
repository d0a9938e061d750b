import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listTownhalls, scheduleTownhall } from "~/domain/townhalls/townhalls.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async () => {
  const { townhalls, live, upcoming, past } = await listTownhalls();
  return json({ townhalls, live, upcoming, past });
});

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return json({ townhall: await scheduleTownhall(context.auth.actor, await readBody(request)) }, { status: 201 });
});
