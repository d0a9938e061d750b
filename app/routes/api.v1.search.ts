import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { searchContent } from "~/domain/search/search.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const { hits, total, page, totalPages, facets, degraded } = await searchContent(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams));
  return json({ hits, total, page, totalPages, facets, degraded });
});

export const action = () => methodNotAllowed(["GET"]);
