import type { TownhallQuestionChange, TownhallQuestionEvent, VoteCount } from "./events";
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

/**
 * A town hall's question notices wait this long and go out together: one
 * message to each attendee carries every question that appeared, changed or
 * left, and every vote count that moved. Writing a message to 2,000 sockets
 * costs the same whether it carries one change or fifty, so a busy town hall
 * costs each attendee at most ten messages a second, however many questions
 * and votes arrive; a tenth of a second is not a wait anyone watching sees.
 */
const FLUSH_MS = 100;
interface PendingNotice {
  changes: TownhallQuestionChange[];
  counts: Map<string, VoteCount>;
}
const pending = new Map<string, PendingNotice>();
let flushTimer: NodeJS.Timeout | undefined;

function pendingFor(townhallId: string): PendingNotice {
  let notice = pending.get(townhallId);
  if (!notice) {
    notice = { changes: [], counts: new Map() };
    pending.set(townhallId, notice);
  }
  if (!flushTimer) {
    flushTimer = setTimeout(flushTownhalls, FLUSH_MS);
    flushTimer.unref?.();
  }
  return notice;
}

function flushTownhalls() {
  flushTimer = undefined;
  const at = Date.now();
  for (const [townhallId, notice] of pending) {
    const payload: TownhallQuestionEvent = { townhallId, at, changes: notice.changes, counts: [...notice.counts.values()] };
    emit(`townhall:${townhallId}`, "townhall:question", payload as unknown as Record<string, unknown>);
  }
  pending.clear();
}

/** Sends whatever town hall notices wait, now: a node shutting down. */
export function flushTownhallNotices() {
  if (flushTimer) clearTimeout(flushTimer);
  flushTownhalls();
}

export const STAFF_QUEUE_ROOM = "staff:queue";
export const REVIEW_ROOM = "staff:review";

export const publish = {
  /** Staff only: the review queue's page refetches, so a resolved item leaves every screen at once. */
  reviewChanged(itemId: string) {
    emit(REVIEW_ROOM, "review:changed", { itemId });
  },
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
  townhallQuestion(townhallId: string, question: Record<string, unknown> & { id: string }) {
    const notice = pendingFor(townhallId);
    // Only its latest state matters, at the place of its latest change.
    notice.changes = notice.changes.filter((c) => c.type !== "upsert" || c.question.id !== question.id);
    notice.changes.push({ type: "upsert", question });
  },
  /** A pending or hidden question goes only to the hosts (staff room) and its author, at once. */
  townhallQuestionPrivately(townhallId: string, question: Record<string, unknown> & { id: string }, authorId: string) {
    const payload: TownhallQuestionEvent = { townhallId, at: Date.now(), changes: [{ type: "upsert", question }], counts: [] };
    emit(STAFF_QUEUE_ROOM, "townhall:question", payload as unknown as Record<string, unknown>);
    emit(userRoom(authorId), "townhall:question", payload as unknown as Record<string, unknown>);
  },
  townhallQuestionRemoved(townhallId: string, questionId: string) {
    pendingFor(townhallId).changes.push({ type: "removed", questionId });
  },
  /** Of several counts for one question within a notice, the highest version goes. */
  townhallVote(townhallId: string, count: VoteCount) {
    const counts = pendingFor(townhallId).counts;
    const known = counts.get(count.questionId);
    if (!known || known.version < count.version) counts.set(count.questionId, count);
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
