import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getLeaderboard } from "~/domain/reputation/leaderboard.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** `?period=week|month|all&category=<slug>&board=points|accepted|fastest&limit=` */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await getLeaderboard(context.auth.actor, query));
});

export const action = () => methodNotAllowed(["GET"]);
