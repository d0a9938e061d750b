import { eq, sql } from "drizzle-orm";
import { questionViews, questions } from "#db/schema";
import { now } from "~/clock";
import { transact } from "~/domain/events/transact.server";

/** Counts a page view once per viewer (account, or anonymous fingerprint) per UTC day. */
export async function recordView(questionId: string, viewerKey: string) {
  await transact(async (tx) => {
    const inserted = await tx
      .insert(questionViews)
      .values({ questionId, viewerKey, day: now().toISOString().slice(0, 10) })
      .onConflictDoNothing()
      .returning({ questionId: questionViews.questionId });
    if (inserted.length) await tx.update(questions).set({ viewCount: sql`${questions.viewCount} + 1` }).where(eq(questions.id, questionId));
  });
}
