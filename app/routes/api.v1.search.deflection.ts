import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { deflectionStats, reportDeflection } from "~/domain/search/deflection.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

/** Staff: the deflection figures over the last `days` (default 30). */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) =>
  json(await deflectionStats(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams))),
);

/** The ask form reports what happened to its suggestions (also by sendBeacon when a draft is abandoned), with their token. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  await reportDeflection(context.auth.actor, await readBody(request), { ip: context.ip, userAgent: request.headers.get("user-agent") ?? "" });
  return new Response(null, { status: 204 });
});
