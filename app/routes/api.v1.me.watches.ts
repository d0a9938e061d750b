import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listWatches } from "~/domain/following/queries.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** What you follow (questions, categories, tags), newest first; `cursor` is the previous page's nextCursor. */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const params = new URL(request.url).searchParams;
  const list = await listWatches(context.auth.actor, { cursor: params.get("cursor") ?? undefined, limit: params.get("limit") ?? undefined });
  return json({ watches: list.watches.map(({ type, id, title, url, createdAt }) => ({ type, id, title, url, createdAt })), nextCursor: list.nextCursor });
});

export const action = () => methodNotAllowed(["GET"]);
