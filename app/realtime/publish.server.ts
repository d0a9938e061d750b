import { inArray } from "drizzle-orm";
import { db } from "#db/client.server";
import { townhallQuestions } from "#db/schema";
import type { VoteCount } from "./events";
import { publisher } from "./publisher.server";
import { userRoom } from "./rooms.server";

/**
 * Thin change notices, sent only after the transaction that made the change
 * has committed. Clients refetch what they show; nothing private travels here.
 */
function emit(room: string, event: string, payload: Record<string, unknown>) {
  const io = publisher();
  if (!io) return;
  (io.to(room).emit as (ev: string, p: unknown) => boolean)(event, payload);
}

export const FEED_ROOM = "feed:questions";

const VOTE_FLUSH_MS = 250;
const pendingVotes = new Map<string, { townhallId: string; votes: number }>();
let voteFlush: NodeJS.Timeout | undefined;

/**
 * Sends the counts as they stand now, read once for the batch: with several
 * nodes each coalescing its own votes, a count computed earlier on one node
 * must not land after a newer one from another. Clients keep the latest `at`.
 * One notice per town hall carries every count that moved: a busy town hall
 * costs each attendee four small messages a second, however many questions
 * are being voted on.
 */
async function flushVotes(batch: [string, { townhallId: string; votes: number }][]) {
  const at = Date.now();
  let current = new Map(batch.map(([id, v]) => [id, v.votes]));
  try {
    const rows = await db()
      .select({ id: townhallQuestions.id, votes: townhallQuestions.votes })
      .from(townhallQuestions)
      .where(inArray(townhallQuestions.id, batch.map(([id]) => id)));
    current = new Map(rows.map((r) => [r.id, r.votes]));
  } catch {
    // The database is unreachable: the counts the votes returned are the best we have.
  }
  const byTownhall = new Map<string, VoteCount[]>();
  for (const [questionId, v] of batch) {
    const counts = byTownhall.get(v.townhallId) ?? [];
    counts.push({ questionId, votes: current.get(questionId) ?? v.votes });
    byTownhall.set(v.townhallId, counts);
  }
  for (const [townhallId, counts] of byTownhall) emit(`townhall:${townhallId}`, "townhall:question", { townhallId, type: "votes", counts, at });
}
export const STAFF_QUEUE_ROOM = "staff:queue";

export const publish = {
  /** The feed room is public: a question in a private category is not announced there. */
  questionCreated(questionId: string, categorySlug: string, visibility: "public" | "advocates" | "staff") {
    if (visibility !== "public") return;
    emit(FEED_ROOM, "question:created", { questionId, category: categorySlug });
  },
  questionUpdated(questionId: string) {
    emit(`question:${questionId}`, "question:updated", { questionId });
  },
  answerCreated(questionId: string, answerId: string) {
    emit(`question:${questionId}`, "answer:created", { questionId, answerId });
  },
  voteChanged(questionId: string, target: "question" | "answer", id: string, score: number) {
    emit(`question:${questionId}`, "vote:changed", { questionId, target, id, score });
  },
  questionSolved(questionId: string, answerId: string | null) {
    emit(`question:${questionId}`, "question:solved", { questionId, answerId });
  },
  /** A town hall went live, ended, or changed what is being answered or whether chat is on. */
  townhallState(t: { id: string; state: string; answeringQuestionId: string | null; chatEnabled: boolean }) {
    emit(`townhall:${t.id}`, "townhall:state", { townhallId: t.id, state: t.state, answeringQuestionId: t.answeringQuestionId, chatEnabled: t.chatEnabled, at: Date.now() });
  },
  /** A visible question, whole: approved content is public, and 2,000 refetches per vote would not be. */
  townhallQuestion(townhallId: string, question: Record<string, unknown>) {
    emit(`townhall:${townhallId}`, "townhall:question", { townhallId, type: "upsert", question, at: Date.now() });
  },
  /** A pending or hidden question goes only to the hosts (staff room) and its author. */
  townhallQuestionPrivately(townhallId: string, question: Record<string, unknown>, authorId: string) {
    emit(STAFF_QUEUE_ROOM, "townhall:question", { townhallId, type: "upsert", question });
    emit(userRoom(authorId), "townhall:question", { townhallId, type: "upsert", question });
  },
  townhallQuestionRemoved(townhallId: string, questionId: string) {
    emit(`townhall:${townhallId}`, "townhall:question", { townhallId, type: "removed", questionId, at: Date.now() });
  },
  /**
   * Vote counts are coalesced: within a quarter second only each question's
   * latest count goes out, so 200 votes a second to 2,000 people cost a few
   * broadcasts, not 400,000 deliveries.
   */
  townhallVote(townhallId: string, questionId: string, votes: number) {
    pendingVotes.set(questionId, { townhallId, votes });
    if (!voteFlush) {
      voteFlush = setTimeout(() => {
        voteFlush = undefined;
        const batch = [...pendingVotes.entries()];
        pendingVotes.clear();
        void flushVotes(batch);
      }, VOTE_FLUSH_MS);
      voteFlush.unref?.();
    }
  },
  townhallChat(townhallId: string, message: Record<string, unknown>) {
    emit(`townhall:${townhallId}`, "townhall:chat", { townhallId, message });
  },
  /** Something changed in the staff queue: staff-only room, ids only. */
  queueChanged(questionId: string) {
    emit(STAFF_QUEUE_ROOM, "queue:changed", { questionId });
  },
  /** A private message between the asker and staff: their user rooms and the staff room, never the question's public room. */
  privateMessage(questionId: string, customerId: string) {
    emit(userRoom(customerId), "private:message", { questionId });
    emit(STAFF_QUEUE_ROOM, "private:message", { questionId });
  },
  notificationCreated(userId: string, notificationId: string, kind: string, subject: string | null = null) {
    emit(userRoom(userId), "notification:created", { id: notificationId, kind, subject });
  },
};
