import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getBadge } from "~/domain/badges/list.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** One badge and its holders, newest first; `?cursor=` is the previous page's `nextCursor`. */
export const loader = api(async ({ request, params }: LoaderFunctionArgs) => {
  const before = new URL(request.url).searchParams.get("cursor") ?? undefined;
  const { badge, holders, nextBefore } = await getBadge(params.slug ?? "", { before });
  return json({ badge, holders, nextCursor: nextBefore });
});

export const action = () => methodNotAllowed(["GET"]);
