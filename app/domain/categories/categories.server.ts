import { and, asc, count, eq, isNull } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { categories, questions } from "#db/schema";
import { visibleCategoryKinds, type Actor } from "~/auth/policies";

/** A category's page: the question list filtered to it (`/c/<slug>` redirects there). */
export function categoryUrl(slug: string) {
  return `/questions?category=${encodeURIComponent(slug)}`;
}

let cache: { at: number; value: Promise<CategoryWithCount[]> } | undefined;
const TTL_MS = 30_000;

export type CategoryWithCount = Awaited<ReturnType<typeof loadCategories>>[number];

/**
 * Every category with its question count, private ones included: for staff
 * pages and for filtering. Whatever a member or visitor sees goes through
 * `listVisibleCategories`. Counting scans the questions, so a node reuses the
 * result for 30 s: a count a few seconds old is fine beside a list.
 */
export function listCategories(): Promise<CategoryWithCount[]> {
  const now = Date.now();
  if (!cache || now - cache.at > TTL_MS) {
    const value = loadCategories();
    cache = { at: now, value };
    value.catch(() => (cache = undefined));
  }
  return cache.value;
}

/** The categories this actor may read (the cached list, filtered by visibility). */
export async function listVisibleCategories(actor: Actor | null | undefined): Promise<CategoryWithCount[]> {
  const kinds = new Set(visibleCategoryKinds(actor));
  return (await listCategories()).filter((c) => kinds.has(c.visibility));
}

/** One category by its slug, private ones included: the caller asks the policies who may see it. */
export async function findCategoryBySlug(slug: string, executor: Executor = db()) {
  const [row] = await executor.select().from(categories).where(eq(categories.slug, slug)).limit(1);
  return row;
}

/** Forget the cached list, after staff change the categories. */
export function invalidateCategories() {
  cache = undefined;
}

/** Categories in their display order, each with its count of visible questions. */
async function loadCategories() {
  const rows = await db()
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
      visibility: categories.visibility,
      questionCount: count(questions.id),
    })
    .from(categories)
    .leftJoin(questions, and(eq(questions.categoryId, categories.id), isNull(questions.deletedAt), isNull(questions.hiddenAt)))
    .groupBy(categories.id)
    .orderBy(asc(categories.position), asc(categories.name));
  return rows.map((c) => ({ ...c, url: categoryUrl(c.slug) }));
}
