import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { askQuestion } from "~/domain/questions/ask.server";
import { listQuestions } from "~/domain/questions/list.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ request, context }: LoaderFunctionArgs) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { questions, nextCursor } = await listQuestions(context.auth.actor, params);
  return json({ questions, nextCursor });
});

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const { question } = await askQuestion(context.auth.actor, await readBody(request));
  return json({ question }, { status: 201 });
});
