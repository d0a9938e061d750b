import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { reviewQueue } from "~/domain/moderation/review.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** The review queue, oldest first (staff): `?cursor=` from the previous page's nextCursor. */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const { items, nextCursor, total } = await reviewQueue(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams));
  return json({ items, nextCursor, total });
});

export const action = () => methodNotAllowed(["GET"]);
