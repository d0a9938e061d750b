/** The staff page that lists every category, private ones too, for editing. */
import { canManageCategories, ensure, type Actor } from "~/auth/policies";
import { listCategories } from "./categories.server";

export async function categoriesPage(actor: Actor) {
  ensure(canManageCategories(actor), "Only staff manage categories.");
  return { categories: await listCategories() };
}
