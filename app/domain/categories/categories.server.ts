import { asc, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { categories, questions } from "#db/schema";

export function categoryUrl(slug: string) {
  return `/c/${slug}`;
}

/** Categories in their display order, each with its count of visible questions. */
export async function listCategories() {
  const rows = await db()
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
      questionCount: sql<number>`(select count(*) from ${questions} q where q.category_id = ${categories.id} and q.deleted_at is null)`.mapWith(Number),
    })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
  return rows.map((c) => ({ ...c, url: categoryUrl(c.slug) }));
}
