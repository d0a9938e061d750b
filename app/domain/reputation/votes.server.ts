/**
 * What a vote is worth to the author of the post (and, for a downvote on an
 * answer, what it costs the voter). Runs inside the vote's transaction.
 */
import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import type { EventLog } from "~/domain/events/transact.server";
import { reputationEvents } from "#db/schema";
import { record, reverse, type Award } from "./ledger.server";
import { startOfUtcDay } from "./periods";
import { DAILY_VOTE_CAP, PAIR_VOTES_PER_DAY, POINTS } from "./rules";
import { now as clock } from "~/clock";

export interface VotedPost {
  target: "question" | "answer";
  id: string;
  authorId: string;
  questionId: string;
  categoryId: string;
}

const upvoteKinds = ["answer_upvoted", "question_upvoted"] as const;

async function upvotePointsToday(tx: Executor, userId: string, since: Date) {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(sum(${reputationEvents.points}), 0)`.mapWith(Number) })
    .from(reputationEvents)
    .where(and(eq(reputationEvents.userId, userId), gte(reputationEvents.createdAt, since), inArray(reputationEvents.kind, [...upvoteKinds])));
  return row?.n ?? 0;
}

/** Votes (standing or not) this voter cast on this author's posts today. */
async function pairVotesToday(tx: Executor, voterId: string, authorId: string, since: Date) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(reputationEvents)
    .where(
      and(
        eq(reputationEvents.actorId, voterId),
        eq(reputationEvents.userId, authorId),
        gte(reputationEvents.createdAt, since),
        ne(reputationEvents.kind, "reversal"),
        sql`${reputationEvents.sourceKey} like 'vote:%'`,
      ),
    );
  return row?.n ?? 0;
}

export async function applyVoteReputation(tx: Executor, events: EventLog, voterId: string, post: VotedPost, previous: number, value: number) {
  if (previous === value) return;
  const voteKey = `vote:${post.target}:${post.id}:${voterId}`;
  const costKey = `downvote:${post.target}:${post.id}:${voterId}`;
  if (previous !== 0) await reverse(tx, events, { sourceKeys: [voteKey, costKey] }, value === 0 ? "vote withdrawn" : "vote changed");
  if (value === 0) return;

  const now = clock();
  const today = startOfUtcDay(now);
  const base = { actorId: voterId, postType: post.target, postId: post.id, questionId: post.questionId, categoryId: post.categoryId, at: now };
  const awards: Award[] = [];
  if (value === 1) {
    const full = post.target === "answer" ? POINTS.answerUpvoted : POINTS.questionUpvoted;
    const room = Math.max(0, DAILY_VOTE_CAP - (await upvotePointsToday(tx, post.authorId, today)));
    awards.push({ ...base, userId: post.authorId, kind: `${post.target}_upvoted`, points: Math.min(full, room), sourceKey: voteKey });
  } else {
    awards.push({ ...base, userId: post.authorId, kind: `${post.target}_downvoted`, points: POINTS.downvoteReceived, sourceKey: voteKey });
    if (post.target === "answer") awards.push({ ...base, userId: voterId, kind: "downvote_cast", points: POINTS.downvoteCastOnAnswer, sourceKey: costKey });
  }
  await record(tx, events, awards);

  // One account propping up another: past the threshold, the whole day's votes between them stop counting.
  if ((await pairVotesToday(tx, voterId, post.authorId, today)) > PAIR_VOTES_PER_DAY) {
    await reverse(tx, events, { pair: { actorId: voterId, userId: post.authorId, since: today } }, "voting ring");
  }
}

/** A deleted post takes back everything it earned or cost. */
export async function reversePostReputation(tx: Executor, events: EventLog, target: "question" | "answer", id: string) {
  await reverse(tx, events, { post: { type: target, id } }, `${target} deleted`);
}
