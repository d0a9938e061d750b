import { desc, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { questions } from "#db/schema";

/** A member's questions, newest first, deleted ones included: for the staff's customer history. */
export function questionsAskedBy(userId: string, limit: number) {
  return db().select().from(questions).where(eq(questions.authorId, userId)).orderBy(desc(questions.createdAt)).limit(limit);
}
