/**
 * The socket publisher's side of the domain events: after a transaction
 * commits, `transact` hands its events here and they become thin change
 * notices in the rooms allowed to hear them. The domain never imports this
 * file; runtime.server.ts subscribes it at start.
 */
import type { Subscriber } from "~/domain/events/transact.server";
import type { DomainEvent } from "~/domain/events/types";
import { isPublicTownhallStatus } from "~/auth/policies";
import { publish } from "./publish.server";

type Notice = () => void;

/**
 * The notices one event stands for, keyed so that a batch sends each once (an
 * assignment that also escalates is one queue change); a null key is never folded.
 */
function noticesOf(e: DomainEvent): [key: string | null, send: Notice][] {
  const updated = (questionId: string): [string, Notice] => [`updated:${questionId}`, () => publish.questionUpdated(questionId)];
  const queue = (questionId: string): [string, Notice] => [`queue:${questionId}`, () => publish.queueChanged(questionId)];
  switch (e.type) {
    case "question.asked":
      return [[`created:${e.questionId}`, () => publish.questionCreated(e.questionId, e.categorySlug, e.visibility)]];
    case "question.edited":
    case "question.deleted":
    case "question.closed":
    case "question.reopened":
    case "answer.edited":
    case "post.hidden":
    case "post.restored":
      return [updated(e.questionId)];
    case "review.changed":
      return [[`review:${e.itemId}`, () => publish.reviewChanged(e.itemId)]];
    case "answer.posted":
      return [[`answer:${e.answerId}`, () => publish.answerCreated(e.questionId, e.answerId)]];
    case "answer.deleted":
      return e.wasSolution ? [updated(e.questionId), [`solved:${e.questionId}`, () => publish.questionSolved(e.questionId, null)]] : [updated(e.questionId)];
    case "answer.accepted":
      return [[`solved:${e.questionId}`, () => publish.questionSolved(e.questionId, e.answerId)]];
    case "answer.unaccepted":
      return [[`solved:${e.questionId}`, () => publish.questionSolved(e.questionId, null)]];
    case "vote.cast":
      return [[`vote:${e.target}:${e.id}`, () => publish.voteChanged(e.questionId, e.target, e.id, e.score)]];
    case "notification.created":
      return [[`notification:${e.notificationId}`, () => publish.notificationCreated(e.userId, e.notificationId, e.kind, e.subject)]];
    case "case.escalated":
    case "case.assigned":
      return [queue(e.case.questionId), updated(e.case.questionId)];
    case "case.breached":
    case "case.status_changed":
      return [queue(e.questionId), updated(e.questionId)];
    // The question's page first: it is the one that must stop showing the public thread.
    case "case.moved_private":
      return [updated(e.questionId), queue(e.questionId)];
    case "case.noted":
      return [queue(e.questionId)];
    case "case.private_message":
      return [[`private:${e.questionId}`, () => publish.privateMessage(e.questionId, e.customerId)]];
    // A solution's own notice is the answer's (answer.accepted), or the status change that closed the case.
    case "case.solved":
    case "reputation.changed":
      return [];
    // Access changes end or re-check sockets (access.server.ts); they send no notice.
    case "session.ended":
    case "sessions.ended":
    case "token.revoked":
    case "user.access_changed":
    case "category.visibility_changed":
      return [];
    case "townhall.state_changed":
      return [[`townhall-state:${e.townhall.id}`, () => publish.townhallState(e.townhall)]];
    case "townhall.question_changed":
      return [
        [
          // Never folded: of two changes to one question, the page must see the later.
          null,
          () =>
            isPublicTownhallStatus(e.question.status)
              ? publish.townhallQuestion(e.question.townhallId, e.question)
              : publish.townhallQuestionPrivately(e.question.townhallId, e.question, e.authorId),
        ],
      ];
    case "townhall.question_removed":
      return [[`townhall-removed:${e.questionId}`, () => publish.townhallQuestionRemoved(e.townhallId, e.questionId)]];
    case "townhall.votes_counted":
      return [[`townhall-votes:${e.questionId}:${e.version}`, () => publish.townhallVote(e.townhallId, { questionId: e.questionId, votes: e.votes, version: e.version })]];
    case "townhall.chat_posted":
      return [[`townhall-chat:${String(e.message.id)}`, () => publish.townhallChat(e.townhallId, e.message)]];
  }
}

export const socketNotices: Subscriber = {
  name: "socket notices",
  afterCommit(events) {
    const sent = new Set<string>();
    for (const event of events) {
      for (const [key, send] of noticesOf(event)) {
        if (key !== null) {
          if (sent.has(key)) continue;
          sent.add(key);
        }
        send();
      }
    }
  },
};
