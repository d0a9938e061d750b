import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { answers, questions, votes } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { requirePermission, type Actor } from "~/auth/permissions";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { consume } from "~/domain/rate-limit/limiter.server";
import { voteSchema } from "~/domain/questions/schemas";
import { parseInput } from "~/domain/validate";
import { publish } from "~/realtime/publish.server";

async function findPost(target: "question" | "answer", id: string) {
  if (target === "question") {
    const [q] = await db().select({ authorId: questions.authorId, deletedAt: questions.deletedAt, questionId: questions.id }).from(questions).where(eq(questions.id, id));
    return q;
  }
  const [a] = await db()
    .select({ authorId: answers.authorId, deletedAt: answers.deletedAt, questionId: answers.questionId })
    .from(answers)
    .where(eq(answers.id, id));
  return a;
}

/**
 * Sets the actor's vote on a post to 1, -1 or 0 (withdrawn). The post's score
 * moves by the difference, in the same transaction as the vote row, so it
 * always equals the sum of its votes.
 */
export async function castVote(actor: Actor | null, input: unknown) {
  const me = requirePermission(actor, "vote:cast");
  const { target, id, value } = parseInput(voteSchema, input);
  const post = await findPost(target, id);
  if (!post || post.deletedAt) throw new NotFoundError(`No such ${target}.`);
  if (post.authorId === me.id) throw new ForbiddenError("You can't vote on your own post.");
  await consume({ key: `vote:${me.id}`, max: 60, windowSeconds: 60 });

  const score = await db().transaction(async (tx) => {
    const key = and(eq(votes.userId, me.id), eq(votes.targetType, target), eq(votes.targetId, id));
    const [previous] = await tx.select({ value: votes.value }).from(votes).where(key).for("update");
    const delta = value - (previous?.value ?? 0);
    // Scores rank equally relevant hits, so the question's document follows its votes.
    await enqueueSearch(tx, "questions", [post.questionId]);
    if (value === 0) await tx.delete(votes).where(key);
    else
      await tx
        .insert(votes)
        .values({ userId: me.id, targetType: target, targetId: id, value })
        .onConflictDoUpdate({ target: [votes.userId, votes.targetType, votes.targetId], set: { value, updatedAt: new Date() } });
    if (target === "question") {
      const [row] = await tx.update(questions).set({ score: sql`${questions.score} + ${delta}` }).where(eq(questions.id, id)).returning({ score: questions.score });
      return row.score;
    }
    const [row] = await tx.update(answers).set({ score: sql`${answers.score} + ${delta}` }).where(eq(answers.id, id)).returning({ score: answers.score });
    return row.score;
  });
  publish.voteChanged(post.questionId, target, id, score);
  return { score, value };
}
