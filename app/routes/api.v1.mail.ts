import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { mailOutbox } from "~/domain/mail/outbox.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** The outbox (admins): `?to=&template=&status=&cursor=`, newest first. */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const { messages, nextCursor, transport } = await mailOutbox(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams));
  return json({ messages, nextCursor, transport });
});

export const action = () => methodNotAllowed(["GET"]);
