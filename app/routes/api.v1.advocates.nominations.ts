import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listAdvocateProgramme } from "~/domain/advocates/nominations.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** Staff: members nominated for the advocate programme, and the current advocates. */
export const loader = api(async ({ context }: LoaderFunctionArgs) => json(await listAdvocateProgramme(context.auth.actor)));

export const action = () => methodNotAllowed(["GET"]);
