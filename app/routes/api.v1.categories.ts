import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { listCategories } from "~/domain/categories/categories.server";
import { createCategory } from "~/domain/categories/manage.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = api(async () => {
  const categories = await listCategories();
  return json({ categories: categories.map(({ id, slug, name, description, questionCount, url }) => ({ id, slug, name, description, questionCount, url })) });
});

export const action = api(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const category = await createCategory(context.auth.actor, await readBody(request));
  return json({ category }, { status: 201 });
});
