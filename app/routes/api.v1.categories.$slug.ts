import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { updateCategory } from "~/domain/categories/manage.server";
import { api, methodNotAllowed, readBody } from "~/http/api.server";

export const loader = () => methodNotAllowed(["PATCH"]);

/** Staff: `{name?, slug?, description?, visibility?}` changes a category (as /admin/categories does). */
export const action = api(async ({ request, params, context }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
  return json({ category: await updateCategory(context.auth.actor, params.slug ?? "", await readBody(request)) });
});
