import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { mailOutboxMessage } from "~/domain/mail/outbox.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** One outbox message (admins), with its text and HTML when it was written to the outbox folder. */
export const loader = api(async ({ params, context }: LoaderFunctionArgs) => json(await mailOutboxMessage(context.auth.actor, params.id ?? "")));

export const action = () => methodNotAllowed(["GET"]);
