import { desc, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, questions } from "#db/schema";

/** A member's answers with their question's title, newest first: for the staff's customer history. */
export function answersGivenBy(userId: string, limit: number) {
  return db()
    .select({ a: answers, title: questions.title })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(answers.authorId, userId))
    .orderBy(desc(answers.createdAt))
    .limit(limit);
}
