import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getReputationHistory } from "~/domain/reputation/history.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ request, params, context }: LoaderFunctionArgs) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await getReputationHistory(context.auth.actor, params.username ?? "", query));
});

export const action = () => methodNotAllowed(["GET"]);
