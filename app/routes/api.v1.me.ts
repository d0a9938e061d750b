import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { currentUser } from "~/domain/accounts/users.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => json({ user: currentUser(context.auth.actor) }));

export const action = () => methodNotAllowed(["GET"]);
