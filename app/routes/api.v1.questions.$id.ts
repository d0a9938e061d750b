import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { deleteQuestion, editQuestion } from "~/domain/questions/edit.server";
import { getQuestion } from "~/domain/questions/get.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ request, params, context }: LoaderFunctionArgs) => {
  const sort = new URL(request.url).searchParams.get("sort") || undefined;
  return json(await getQuestion(context.auth.actor, params.id ?? "", { sort }));
});

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const id = params.id ?? "";
  if (request.method === "PATCH") {
    const { question } = await editQuestion(context.auth.actor, id, await readBody(request));
    return json({ question });
  }
  if (request.method === "DELETE") {
    await deleteQuestion(context.auth.actor, id);
    return new Response(null, { status: 204 });
  }
  return methodNotAllowed(["GET", "PATCH", "DELETE"]);
});
