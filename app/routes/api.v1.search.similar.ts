import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { suggestForDraft } from "~/domain/search/deflection.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** `draft=<id>` (the ask form's draft) adds the `suggestionToken` its deflection steps must carry. */
export const loader = api(async ({ request, context }: LoaderFunctionArgs) =>
  json(await suggestForDraft(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams))),
);

export const action = () => methodNotAllowed(["GET"]);
