import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { addNote, listNotes } from "~/domain/escalation/notes.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ params, context }: LoaderFunctionArgs) => json({ notes: await listNotes(context.auth.actor, params.id ?? "") }));

export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return json({ note: await addNote(context.auth.actor, params.id ?? "", await readBody(request)) }, { status: 201 });
});
