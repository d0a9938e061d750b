import { desc, eq, isNull } from "drizzle-orm";
import { db } from "#db/client.server";
import { categories, questions, users } from "#db/schema";

/** The most recently active visible questions, for the home page. */
export async function recentQuestions(limit = 10) {
  const rows = await db()
    .select({
      id: questions.id,
      title: questions.title,
      answerCount: questions.answerCount,
      score: questions.score,
      solved: questions.acceptedAnswerId,
      lastActivityAt: questions.lastActivityAt,
      tags: questions.tags,
      author: users.username,
      authorRole: users.role,
      category: categories.name,
      categorySlug: categories.slug,
    })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(isNull(questions.deletedAt))
    .orderBy(desc(questions.lastActivityAt), desc(questions.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, solved: r.solved !== null, lastActivityAt: r.lastActivityAt.toISOString() }));
}
