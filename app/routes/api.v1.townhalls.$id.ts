import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listChat, listTownhallQuestions } from "~/domain/townhalls/questions.server";
import { townhallDetails } from "~/domain/townhalls/townhalls.server";
import { api, methodNotAllowed } from "~/http/api.server";

/** The town hall, its questions as the caller may see them (`?sort=votes|newest`), and the latest chat. */
export const loader = api(async ({ request, params, context }: LoaderFunctionArgs) => {
  const id = params.id ?? "";
  // Taken before reading: a client that resyncs replays only the events sent after it.
  const snapshotAt = Date.now();
  const sort = new URL(request.url).searchParams.get("sort") === "newest" ? "newest" : "votes";
  const [{ townhall, canRun }, questions, chat] = await Promise.all([townhallDetails(context.auth.actor, id), listTownhallQuestions(context.auth.actor, id, sort), listChat(id)]);
  return json({ townhall, canRun, questions, chat, snapshotAt });
});

export const action = () => methodNotAllowed(["GET"]);
