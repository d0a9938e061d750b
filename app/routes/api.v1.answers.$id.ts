import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { deleteAnswer, editAnswer, getAnswer } from "~/domain/answers/answers.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ params, context }: LoaderFunctionArgs) => json({ answer: await getAnswer(context.auth.actor, params.id ?? "") }));

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const id = params.id ?? "";
  if (request.method === "PATCH") return json({ answer: await editAnswer(context.auth.actor, id, await readBody(request)) });
  if (request.method === "DELETE") {
    await deleteAnswer(context.auth.actor, id);
    return new Response(null, { status: 204 });
  }
  return methodNotAllowed(["GET", "PATCH", "DELETE"]);
});
