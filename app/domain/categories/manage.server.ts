import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor, type Tx } from "#db/client.server";
import { newId } from "#db/ids";
import { categories, questions } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { ensureCan, type Actor, type CategoryVisibility } from "~/auth/policies";
import { ConflictError, NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { categorySchema } from "~/domain/questions/schemas";
import { parseInput } from "~/domain/validate";
import { invalidateCategories } from "./categories.server";
import { changedFields, recordAudit } from "~/domain/audit/record.server";

function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

export function presentCategory(c: { id: string; slug: string; name: string; description: string; visibility: CategoryVisibility }) {
  return { id: c.id, slug: c.slug, name: c.name, description: c.description, visibility: c.visibility, url: `/questions?category=${c.slug}` };
}

/**
 * Every search document carries its category's slug, name and visibility, so
 * a change to any of them rebuilds the category's questions in the index
 * (in the caller's transaction, through the outbox).
 */
async function reindexCategoryQuestions(tx: Executor, categoryId: string) {
  const rows = await tx
    .select({ id: questions.id })
    .from(questions)
    .where(and(eq(questions.categoryId, categoryId), isNull(questions.deletedAt), isNull(questions.hiddenAt)));
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 5000) await enqueueSearch(tx, "questions", ids.slice(i, i + 5000));
}

export async function createCategory(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "category:manage");
  const data = parseInput(categorySchema, input);
  const slug = data.slug || slugify(data.name);
  const [taken] = await db().select({ id: categories.id }).from(categories).where(eq(categories.slug, slug));
  if (taken) throw new ConflictError("That slug is taken.", { slug: ["Another category uses this slug."] });
  const [{ position }] = await db().select({ position: sql<number>`coalesce(max(${categories.position}), -1) + 1`.mapWith(Number) }).from(categories);
  const [row] = await transact(async (tx) => {
    const created = await tx
      .insert(categories)
      .values({ id: newId(), slug, name: data.name, description: data.description ?? "", visibility: data.visibility ?? "public", position })
      .returning();
    await recordAudit(tx, me, { action: "category.created", target: { type: "category", id: created[0].id, label: created[0].name }, data: { slug, visibility: created[0].visibility } });
    return created;
  });
  invalidateCategories();
  return presentCategory(row);
}

/**
 * A new forum's first categories, in the caller's transaction (first-run
 * setup: no actor exists yet, and nothing to reindex). Names that make the
 * same slug get a number after it.
 */
export async function insertFirstCategories(tx: Tx, names: string[]) {
  const [{ position }] = await tx.select({ position: sql<number>`coalesce(max(${categories.position}), -1) + 1`.mapWith(Number) }).from(categories);
  const used = new Set((await tx.select({ slug: categories.slug }).from(categories)).map((c) => c.slug));
  const rows = names.map((name, i) => {
    const base = slugify(name) || "category";
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base.slice(0, 56)}-${n}`;
    used.add(slug);
    return { id: newId(), slug, name, description: "", visibility: "public" as const, position: position + i };
  });
  if (!rows.length) return [];
  return tx.insert(categories).values(rows).returning();
}

export async function updateCategory(actor: Actor | null, slug: string, input: unknown) {
  const me = ensureCan(actor, "category:manage");
  const data = parseInput(categorySchema.partial(), input);
  const [existing] = await db().select().from(categories).where(eq(categories.slug, slug));
  if (!existing) throw new NotFoundError("No such category.");
  if (data.slug && data.slug !== slug) {
    const [taken] = await db().select({ id: categories.id }).from(categories).where(eq(categories.slug, data.slug));
    if (taken) throw new ConflictError("That slug is taken.", { slug: ["Another category uses this slug."] });
  }
  const row = await transact(async (tx, events) => {
    const [updated] = await tx
      .update(categories)
      .set({
        name: data.name ?? existing.name,
        slug: data.slug ?? existing.slug,
        description: data.description ?? existing.description,
        visibility: data.visibility ?? existing.visibility,
      })
      .where(eq(categories.id, existing.id))
      .returning();
    if (updated.visibility !== existing.visibility || updated.slug !== existing.slug || updated.name !== existing.name) {
      await reindexCategoryQuestions(tx, existing.id);
    }
    const changed = changedFields(existing, updated, ["name", "slug", "description", "visibility"]);
    if (Object.keys(changed).length) await recordAudit(tx, me, { action: "category.updated", target: { type: "category", id: existing.id, label: updated.name }, data: changed });
    // Readers of its questions' live rooms may have lost the right to be there.
    if (updated.visibility !== existing.visibility) events.record({ type: "category.visibility_changed", categoryId: existing.id });
    return updated;
  });
  invalidateCategories();
  return presentCategory(row);
}
