import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { askTownhallQuestion, postChat } from "~/domain/townhalls/questions.server";
import { endTownhall, rsvp, setChat, startTownhall } from "~/domain/townhalls/townhalls.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["POST"]);

/** POST start | end | questions | chat | attend (DELETE attend to cancel); PUT chat `{enabled}` (hosts). */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  const id = params.id ?? "";
  const actor = context.auth.actor;
  const verb = params.verb;
  if (verb === "attend" && (request.method === "POST" || request.method === "DELETE")) return json(await rsvp(actor, id, request.method === "POST"));
  if (verb === "chat" && request.method === "PUT") {
    const body = await readBody(request);
    return json({ townhall: await setChat(actor, id, body && typeof body === "object" ? (body as { enabled?: unknown }).enabled : undefined) });
  }
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  switch (verb) {
    case "start":
      return json({ townhall: await startTownhall(actor, id) });
    case "end":
      return json({ townhall: await endTownhall(actor, id) });
    case "questions":
      return json({ question: await askTownhallQuestion(actor, id, await readBody(request)) }, { status: 201 });
    case "chat":
      return json({ message: await postChat(actor, id, await readBody(request)) }, { status: 201 });
    default:
      return json({ error: { code: "not_found", message: "No such action." } }, { status: 404 });
  }
});
