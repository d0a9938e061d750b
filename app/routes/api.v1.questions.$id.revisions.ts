import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listRevisions } from "~/domain/questions/edit.server";
import { api, methodNotAllowed } from "~/http/api.server";

export const loader = api(async ({ params, context }: LoaderFunctionArgs) => {
  const id = params.id ?? "";
  const revisions = await listRevisions(context.auth.actor, "question", id, id);
  return json({ revisions: revisions.map(({ html: _html, ...r }) => r) });
});

export const action = () => methodNotAllowed(["GET"]);
