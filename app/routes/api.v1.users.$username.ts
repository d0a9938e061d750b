import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getProfile } from "~/domain/accounts/users.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ params, context }: LoaderFunctionArgs) => {
  const profile = await getProfile(context.auth.actor, params.username ?? "");
  return json({ user: profile });
});

export const action = () => methodNotAllowed(["GET"]);
