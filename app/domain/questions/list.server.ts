import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { questions, type CategoryVisibility } from "#db/schema";
import { canSeeCategory, type Actor } from "~/auth/policies";
import { findCategoryBySlug } from "~/domain/categories/categories.server";
import { NotFoundError, ValidationError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { decodeCursor, encodeCursor } from "./cursor";
import { presentSummary } from "./present.server";
import { latestOrder, selectSummaries, visibleCategoriesOnly } from "./queries.server";
import { listSchema, type ListInput } from "./schemas";

/**
 * A page of questions, newest activity first. Keyset pagination on
 * (last_activity_at, id) reads one index range, so page 5,000 costs what page 1 does.
 * Questions in categories the actor may not read are left out; asking for
 * such a category by slug is answered as if it did not exist.
 */
export async function listQuestions(actor: Actor | null, input: ListInput) {
  const q = parseInput(listSchema, input);
  const where = [isNull(questions.deletedAt), isNull(questions.hiddenAt)];
  const visible = visibleCategoriesOnly(actor);
  if (visible) where.push(visible);
  if (q.filter === "unanswered") where.push(eq(questions.answerCount, 0));
  if (q.filter === "unsolved") where.push(isNull(questions.acceptedAnswerId));
  if (q.filter === "solved") where.push(isNotNull(questions.acceptedAnswerId));

  let category: { id: string; slug: string; name: string; description: string; visibility: CategoryVisibility } | undefined;
  if (q.category) {
    const row = await findCategoryBySlug(q.category);
    if (!row || !canSeeCategory(actor, row.visibility)) throw new NotFoundError("No such category.");
    category = { id: row.id, slug: row.slug, name: row.name, description: row.description, visibility: row.visibility };
    where.push(eq(questions.categoryId, category.id));
  }
  if (q.tag) where.push(sql`${questions.tags} @> array[${q.tag}]::text[]`);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c) throw new ValidationError({ cursor: ["That cursor is not valid."] });
    where.push(sql`(${questions.lastActivityAt}, ${questions.id}) < (${c.at}::timestamptz, ${c.id})`);
  }

  const rows = await selectSummaries({ cursorAt: sql<string>`${questions.lastActivityAt}::text` })
    .where(and(...where))
    .orderBy(...latestOrder)
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    questions: page.map(presentSummary),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    filter: q.filter,
    category: category ?? null,
    tag: q.tag ?? null,
  };
}

export const authorListSchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1, "limit is 1 to 50.").max(50, "limit is 1 to 50.").default(10),
});

type QuestionStatus = (typeof questions.status.enumValues)[number];

/**
 * A member's own questions, newest first, for their profile: only those the
 * viewer may read (the same category rule as every list), each with its
 * status. Keyset paged on (created_at, id).
 */
export async function listQuestionsByAuthor(actor: Actor | null, authorId: string, input: z.input<typeof authorListSchema>) {
  const q = parseInput(authorListSchema, input);
  const where = [eq(questions.authorId, authorId), isNull(questions.deletedAt), isNull(questions.hiddenAt)];
  const visible = visibleCategoriesOnly(actor);
  if (visible) where.push(visible);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c) throw new ValidationError({ cursor: ["That cursor is not valid."] });
    where.push(sql`(${questions.createdAt}, ${questions.id}) < (${c.at}::timestamptz, ${c.id})`);
  }
  const rows = await selectSummaries({ cursorAt: sql<string>`${questions.createdAt}::text`, status: sql<QuestionStatus>`${questions.status}` })
    .where(and(...where))
    .orderBy(desc(questions.createdAt), desc(questions.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    questions: page.map((r) => ({ ...presentSummary(r), status: r.status })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
  };
}
