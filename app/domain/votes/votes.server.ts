import { and, eq, inArray } from "drizzle-orm";
import { db } from "#db/client.server";
import { votes } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import { canDownvote, canVoteOn, ensure, ensureCan, privilegeThreshold, type Actor } from "~/auth/policies";
import { applyVoteReputation } from "~/domain/reputation/votes.server";
import { VOTES_PER_DAY } from "~/domain/reputation/rules";
import { NotFoundError } from "~/domain/errors";
import { transact } from "~/domain/events/transact.server";
import { consume } from "~/domain/rate-limit/limiter.server";
import { voteSchema } from "~/domain/questions/schemas";
import { findPost, movePostScore, requireReadableQuestion } from "~/domain/questions/queries.server";
import { parseInput } from "~/domain/validate";
import { now as clock } from "~/clock";

/** The member's votes on these posts (question and answer ids), as target id to 1 or -1. */
export async function votesBy(userId: string, targetIds: string[]) {
  const mine = new Map<string, number>();
  if (!targetIds.length) return mine;
  const rows = await db()
    .select({ targetId: votes.targetId, value: votes.value })
    .from(votes)
    .where(and(eq(votes.userId, userId), inArray(votes.targetId, targetIds)));
  for (const v of rows) mine.set(v.targetId, v.value);
  return mine;
}

/**
 * Sets the actor's vote on a post to 1, -1 or 0 (withdrawn). The post's score
 * moves by the difference, in the same transaction as the vote row, so it
 * always equals the sum of its votes.
 */
export async function castVote(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "vote:cast");
  const { target, id, value } = parseInput(voteSchema, input);
  const post = await findPost(target, id);
  // A post hidden pending review takes no votes until staff keep it.
  if (!post || post.deletedAt || post.hiddenAt) throw new NotFoundError(`No such ${target}.`);
  await requireReadableQuestion(me, post.questionId).catch(() => {
    throw new NotFoundError(`No such ${target}.`);
  });
  ensure(canVoteOn(me, post), "You can't vote on your own post.");
  if (value === -1) ensure(canDownvote(me), `Downvoting needs ${privilegeThreshold("vote:down")} reputation.`);
  await consume({ key: `vote:${me.id}`, max: 30, windowSeconds: 60 });
  await consume({ key: `vote-day:${me.id}`, max: VOTES_PER_DAY, windowSeconds: 86_400 });

  const score = await transact(async (tx, events) => {
    const key = and(eq(votes.userId, me.id), eq(votes.targetType, target), eq(votes.targetId, id));
    const [previous] = await tx.select({ value: votes.value }).from(votes).where(key).for("update");
    const delta = value - (previous?.value ?? 0);
    await applyVoteReputation(tx, events, me.id, { target, id, authorId: post.authorId, questionId: post.questionId, categoryId: post.categoryId }, previous?.value ?? 0, value);
    // Scores rank equally relevant hits, so the question's document follows its votes.
    await enqueueSearch(tx, "questions", [post.questionId]);
    if (value === 0) await tx.delete(votes).where(key);
    else
      await tx
        .insert(votes)
        .values({ userId: me.id, targetType: target, targetId: id, value })
        .onConflictDoUpdate({ target: [votes.userId, votes.targetType, votes.targetId], set: { value, updatedAt: clock() } });
    const score = await movePostScore(tx, target, id, delta);
    events.record({ type: "vote.cast", questionId: post.questionId, target, id, score, voterId: me.id });
    return score;
  });
  return { score, value };
}
