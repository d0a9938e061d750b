import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { searchVocabulary } from "~/domain/search/search-settings-page.server";
import { saveVocabulary } from "~/domain/search/vocabulary.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => {
  return json(await searchVocabulary(context.auth.actor));
});

/** PUT {synonyms: ["earbuds, earphones", ...], stopWords: ["the", ...]} replaces the vocabulary. */
export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  return json(await saveVocabulary(context.auth.actor, await readBody(request)));
});
