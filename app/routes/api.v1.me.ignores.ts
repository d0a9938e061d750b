import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listIgnores } from "~/domain/moderation/ignores.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** The members you ignore, by name. */
export const loader = api(async ({ context }: LoaderFunctionArgs) => json(await listIgnores(context.auth.actor)));

export const action = () => methodNotAllowed(["GET"]);
