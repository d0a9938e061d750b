import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getStaffQueue } from "~/domain/escalation/queue.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** `?filter=all|mine|unassigned&category=<slug>&cursor=&limit=` */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) =>
  json(await getStaffQueue(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams))),
);

export const action = () => methodNotAllowed(["GET"]);
