import { desc, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { townhallQuestions, townhalls } from "#db/schema";

/** The questions a member asked at town halls, with the town hall's title, newest first: for the staff's customer history. */
export function townhallQuestionsAskedBy(userId: string, limit: number) {
  return db()
    .select({ q: townhallQuestions, title: townhalls.title })
    .from(townhallQuestions)
    .innerJoin(townhalls, eq(townhalls.id, townhallQuestions.townhallId))
    .where(eq(townhallQuestions.authorId, userId))
    .orderBy(desc(townhallQuestions.createdAt))
    .limit(limit);
}
