import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listVisibleCategories } from "~/domain/categories/categories.server";
import { createCategory } from "~/domain/categories/manage.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async ({ context }: LoaderFunctionArgs) => {
  const categories = await listVisibleCategories(context.auth.actor);
  return json({ categories: categories.map(({ id, slug, name, description, visibility, questionCount, url }) => ({ id, slug, name, description, visibility, questionCount, url })) });
});

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const category = await createCategory(context.auth.actor, await readBody(request));
  return json({ category }, { status: 201 });
});
