import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { similarQuestions } from "~/domain/search/similar.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) =>
  json(await similarQuestions(context.auth.actor, Object.fromEntries(new URL(request.url).searchParams))),
);

export const action = () => methodNotAllowed(["GET"]);
