import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listPolicies } from "~/domain/escalation/policies.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => json(await listPolicies(context.auth.actor)));

export const action = () => methodNotAllowed(["GET"]);
