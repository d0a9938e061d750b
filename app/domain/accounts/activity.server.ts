import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, categories, questions } from "#db/schema";
import { visibleCategoryKinds, type Actor } from "~/auth/policies";
import { questionUrl } from "~/domain/questions/urls";

/** A member's latest answers the viewer may see, solutions marked. */
export async function recentAnswers(viewer: Actor | null, userId: string, limit = 10) {
  const rows = await db()
    .select({
      id: answers.id,
      score: answers.score,
      createdAt: answers.createdAt,
      questionId: questions.id,
      title: questions.title,
      acceptedAnswerId: questions.acceptedAnswerId,
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(
      and(
        eq(answers.authorId, userId),
        isNull(answers.deletedAt), isNull(answers.hiddenAt),
        isNull(questions.deletedAt), isNull(questions.hiddenAt),
        inArray(categories.visibility, visibleCategoryKinds(viewer)),
      ),
    )
    .orderBy(sql`${answers.createdAt} desc nulls last`)
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    accepted: r.acceptedAnswerId === r.id,
    createdAt: r.createdAt.toISOString(),
    question: { id: r.questionId, title: r.title },
    url: `${questionUrl(r.questionId)}#answer-${r.id}`,
  }));
}
