import { and, asc, count, eq, isNull } from "drizzle-orm";
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
      questionCount: count(questions.id),
    })
    .from(categories)
    .leftJoin(questions, and(eq(questions.categoryId, categories.id), isNull(questions.deletedAt)))
    .groupBy(categories.id)
    .orderBy(asc(categories.position), asc(categories.name));
  return rows.map((c) => ({ ...c, url: categoryUrl(c.slug) }));
}
