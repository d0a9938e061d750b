import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getCustomerTimeline } from "~/domain/escalation/timeline.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ params, context }: LoaderFunctionArgs) => json(await getCustomerTimeline(context.auth.actor, params.username ?? "")));

export const action = () => methodNotAllowed(["GET"]);
