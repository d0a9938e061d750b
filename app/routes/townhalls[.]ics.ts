import type { LoaderFunctionArgs } from "@remix-run/node";
import { townhallFeed } from "~/domain/townhalls/calendar.server";

/** Subscribable calendar of every town hall. */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = await townhallFeed(new URL(request.url).origin);
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
