import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getAnswer } from "~/domain/answers/answers.server";
import { listRevisions } from "~/domain/questions/edit.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ params, context }: LoaderFunctionArgs) => {
  const answer = await getAnswer(context.auth.actor, params.id ?? "");
  const revisions = await listRevisions(context.auth.actor, "answer", answer.id, answer.questionId);
  return json({ revisions: revisions.map(({ html: _html, title: _title, tags: _tags, ...r }) => r) });
});

export const action = () => methodNotAllowed(["GET"]);
