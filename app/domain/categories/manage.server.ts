import { eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { newId } from "#db/ids";
import { categories } from "#db/schema";
import { requirePermission, type Actor } from "~/auth/permissions";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { categorySchema } from "~/domain/questions/schemas";
import { parseInput } from "~/domain/validate";
import { invalidateCategories } from "./categories.server";

function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

export function presentCategory(c: { id: string; slug: string; name: string; description: string }) {
  return { id: c.id, slug: c.slug, name: c.name, description: c.description, url: `/questions?category=${c.slug}` };
}

export async function createCategory(actor: Actor | null, input: unknown) {
  requirePermission(actor, "category:manage");
  const data = parseInput(categorySchema, input);
  const slug = data.slug || slugify(data.name);
  const [taken] = await db().select({ id: categories.id }).from(categories).where(eq(categories.slug, slug));
  if (taken) throw new ConflictError("That slug is taken.", { slug: ["Another category uses this slug."] });
  const [{ position }] = await db().select({ position: sql<number>`coalesce(max(${categories.position}), -1) + 1`.mapWith(Number) }).from(categories);
  const [row] = await db()
    .insert(categories)
    .values({ id: newId(), slug, name: data.name, description: data.description ?? "", position })
    .returning();
  invalidateCategories();
  return presentCategory(row);
}

export async function updateCategory(actor: Actor | null, slug: string, input: unknown) {
  requirePermission(actor, "category:manage");
  const data = parseInput(categorySchema.partial(), input);
  const [existing] = await db().select().from(categories).where(eq(categories.slug, slug));
  if (!existing) throw new NotFoundError("No such category.");
  if (data.slug && data.slug !== slug) {
    const [taken] = await db().select({ id: categories.id }).from(categories).where(eq(categories.slug, data.slug));
    if (taken) throw new ConflictError("That slug is taken.", { slug: ["Another category uses this slug."] });
  }
  const [row] = await db()
    .update(categories)
    .set({ name: data.name ?? existing.name, slug: data.slug ?? existing.slug, description: data.description ?? existing.description })
    .where(eq(categories.id, existing.id))
    .returning();
  invalidateCategories();
  return presentCategory(row);
}
