/**
 * What happened, as the domain says it: every command records typed events
 * while its transaction runs, and `transact` hands them on (before commit to
 * the durable subscribers, after commit to the live ones). Payloads carry ids
 * and the little a subscriber needs without reading the row again; town hall
 * questions travel whole (see docs/decisions/006-commands-policies-events.md).
 */
import type { CaseState, CategoryVisibility, NotificationKind, SupportCase } from "#db/schema";

export type QuestionEvent =
  | { type: "question.asked"; questionId: string; authorId: string; categorySlug: string; visibility: CategoryVisibility }
  | { type: "question.edited"; questionId: string }
  | { type: "question.deleted"; questionId: string }
  | { type: "question.closed"; questionId: string; duplicateOfId: string }
  | { type: "question.reopened"; questionId: string };

export type AnswerEvent =
  | { type: "answer.posted"; questionId: string; answerId: string; authorId: string }
  | { type: "answer.edited"; questionId: string; answerId: string }
  | { type: "answer.deleted"; questionId: string; answerId: string; wasSolution: boolean }
  | { type: "answer.accepted"; questionId: string; answerId: string }
  | { type: "answer.unaccepted"; questionId: string; answerId: string };

/** `voterId` is for durable subscribers (the voter's badges); notices never carry who voted. */
export type VoteEvent = { type: "vote.cast"; questionId: string; target: "question" | "answer"; id: string; score: number; voterId: string };

export type ReputationEvent = { type: "reputation.changed"; userIds: string[] };

export type NotificationEvent = { type: "notification.created"; notificationId: string; userId: string; kind: NotificationKind; subject: string | null };

/** A case as it stood when the event happened, for webhooks and the queue. */
export type CaseSnapshot = Pick<SupportCase, "questionId" | "state" | "escalationReason" | "slaDueAt">;

export type CaseEvent =
  | { type: "case.escalated"; case: CaseSnapshot }
  | { type: "case.breached"; questionId: string }
  | { type: "case.assigned"; case: CaseSnapshot; assignee: string }
  | { type: "case.status_changed"; questionId: string; from: CaseState; to: CaseState }
  | { type: "case.solved"; case: CaseSnapshot; solvedBy: "peer" | "advocate" | "staff"; inPrivate: boolean }
  | { type: "case.moved_private"; questionId: string }
  | { type: "case.noted"; questionId: string }
  | { type: "case.private_message"; questionId: string; customerId: string };

/** A town hall question as attendees see it: approved content is public, so it travels whole. */
export type TownhallQuestionPayload = Record<string, unknown> & { id: string; townhallId: string; status: string };

export type TownhallEvent =
  | { type: "townhall.state_changed"; townhall: { id: string; state: string; answeringQuestionId: string | null; chatEnabled: boolean } }
  | { type: "townhall.question_changed"; question: TownhallQuestionPayload; authorId: string }
  | { type: "townhall.question_removed"; townhallId: string; questionId: string }
  | { type: "townhall.votes_counted"; townhallId: string; questionId: string; votes: number; version: number }
  | { type: "townhall.chat_posted"; townhallId: string; message: Record<string, unknown> };

/**
 * Moderation: a post left public view pending review or came back, and the
 * review queue changed (an item arrived, grew or was resolved).
 */
export type ModerationEvent =
  | { type: "post.hidden"; target: "question" | "answer"; id: string; questionId: string }
  | { type: "post.restored"; target: "question" | "answer"; id: string; questionId: string }
  | { type: "review.changed"; itemId: string };

/**
 * Someone's access changed: sockets opened before the change must be ended
 * or checked again at once (on every node), not keep the old identity.
 */
export type AccessEvent =
  | { type: "session.ended"; userId: string; sessionId: string }
  | { type: "sessions.ended"; userId: string }
  | { type: "token.revoked"; userId: string; tokenId: string }
  | { type: "user.access_changed"; userId: string }
  | { type: "category.visibility_changed"; categoryId: string };

export type DomainEvent = QuestionEvent | AnswerEvent | VoteEvent | ReputationEvent | NotificationEvent | CaseEvent | TownhallEvent | ModerationEvent | AccessEvent;
export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
