import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { ensureSignedIn } from "~/auth/policies";
import { userUrl } from "~/domain/accounts/users.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => {
  const me = ensureSignedIn(context.auth.actor);
  return json({ user: { ...me, url: userUrl(me.username) } });
});

export const action = () => methodNotAllowed(["GET"]);
