import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { convertToForumQuestion, flagTownhallQuestion, moderateTownhallQuestion, voteTownhallQuestion } from "~/domain/townhalls/questions.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST", "PUT"]);

/** PUT vote `{value:1|0}`; POST moderate `{action, answer?, into?}` (hosts); POST flag; POST convert `{category}` (hosts, after the end). */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const [id, qid, verb, actor] = [params.id ?? "", params.qid ?? "", params.verb, context.auth.actor];
  if (verb === "vote") {
    if (request.method !== "PUT") return methodNotAllowed(["PUT"]);
    return json(await voteTownhallQuestion(actor, id, qid, await readBody(request)));
  }
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  if (verb === "moderate") return json({ question: await moderateTownhallQuestion(actor, id, qid, await readBody(request)) });
  if (verb === "flag") return json(await flagTownhallQuestion(actor, id, qid));
  if (verb === "convert") return json(await convertToForumQuestion(actor, id, qid, (await readBody(request)) as { category?: unknown }), { status: 201 });
  return json({ error: { code: "not_found", message: "No such action." } }, { status: 404 });
});
