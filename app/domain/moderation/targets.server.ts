/**
 * What moderation reads and does to each kind of post: a forum question or
 * answer (hidden_at on the row), or a town-hall question (its status, which
 * the town hall's own moderation already handles). One place, so flags, the
 * spam rules and the review queue treat every kind alike.
 */
import { eq, inArray } from "drizzle-orm";
import type { Executor, Tx } from "#db/client.server";
import { answers, categories, questions, townhallChat, townhallQuestions, users, type CategoryVisibility, type ModeratedType, type Role } from "#db/schema";
import { enqueueSearch } from "#search/outbox.server";
import type { EventLog } from "~/domain/events/transact.server";
import { recountAnswers } from "~/domain/questions/queries.server";
import { questionUrl } from "~/domain/questions/urls";
import { now as clock } from "~/clock";

export interface ModeratedPost {
  type: ModeratedType;
  id: string;
  authorId: string;
  author: { username: string; role: Role };
  /** The forum question it is or belongs to; null for town-hall posts. */
  questionId: string | null;
  townhallId: string | null;
  title: string;
  body: string;
  url: string;
  visibility: CategoryVisibility;
  hidden: boolean;
  deleted: boolean;
  createdAt: Date;
}

const authorCols = { username: users.username, role: users.role };

/** Loads posts of one kind by id, for the queue's page or one decision. */
export async function loadPosts(exec: Executor, type: ModeratedType, ids: string[]): Promise<ModeratedPost[]> {
  if (!ids.length) return [];
  if (type === "question") {
    const rows = await exec
      .select({ q: { id: questions.id, authorId: questions.authorId, title: questions.title, body: questions.body, hiddenAt: questions.hiddenAt, deletedAt: questions.deletedAt, createdAt: questions.createdAt }, author: authorCols, visibility: categories.visibility })
      .from(questions)
      .innerJoin(users, eq(users.id, questions.authorId))
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(inArray(questions.id, ids));
    return rows.map(({ q, author, visibility }) => ({ type, id: q.id, authorId: q.authorId, author, questionId: q.id, townhallId: null, title: q.title, body: q.body, url: questionUrl(q.id), visibility, hidden: q.hiddenAt !== null, deleted: q.deletedAt !== null, createdAt: q.createdAt }));
  }
  if (type === "answer") {
    const rows = await exec
      .select({ a: { id: answers.id, authorId: answers.authorId, body: answers.body, hiddenAt: answers.hiddenAt, deletedAt: answers.deletedAt, createdAt: answers.createdAt, questionId: answers.questionId }, title: questions.title, author: authorCols, visibility: categories.visibility })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.authorId))
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .innerJoin(categories, eq(categories.id, questions.categoryId))
      .where(inArray(answers.id, ids));
    return rows.map(({ a, title, author, visibility }) => ({ type, id: a.id, authorId: a.authorId, author, questionId: a.questionId, townhallId: null, title: `Answer on “${title}”`, body: a.body, url: `${questionUrl(a.questionId)}#answer-${a.id}`, visibility, hidden: a.hiddenAt !== null, deleted: a.deletedAt !== null, createdAt: a.createdAt }));
  }
  if (type === "townhall_question") {
    const rows = await exec
      .select({ q: { id: townhallQuestions.id, townhallId: townhallQuestions.townhallId, authorId: townhallQuestions.authorId, body: townhallQuestions.body, status: townhallQuestions.status, createdAt: townhallQuestions.createdAt }, author: authorCols })
      .from(townhallQuestions)
      .innerJoin(users, eq(users.id, townhallQuestions.authorId))
      .where(inArray(townhallQuestions.id, ids));
    return rows.map(({ q, author }) => ({ type, id: q.id, authorId: q.authorId, author, questionId: null, townhallId: q.townhallId, title: "Town hall question", body: q.body, url: `/townhalls/${q.townhallId}`, visibility: "public" as const, hidden: q.status === "hidden" || q.status === "pending", deleted: false, createdAt: q.createdAt }));
  }
  if (type === "chat_message") {
    const rows = await exec
      .select({ c: { id: townhallChat.id, townhallId: townhallChat.townhallId, authorId: townhallChat.authorId, body: townhallChat.body, hidden: townhallChat.hidden, createdAt: townhallChat.createdAt }, author: authorCols })
      .from(townhallChat)
      .innerJoin(users, eq(users.id, townhallChat.authorId))
      .where(inArray(townhallChat.id, ids));
    return rows.map(({ c, author }) => ({ type, id: c.id, authorId: c.authorId, author, questionId: null, townhallId: c.townhallId, title: "Town hall chat message", body: c.body, url: `/townhalls/${c.townhallId}`, visibility: "public" as const, hidden: c.hidden, deleted: false, createdAt: c.createdAt }));
  }
  return [];
}

/** A chat message leaves (or rejoins) every attendee's chat at once: the room hears it. */
export async function setChatHidden(tx: Tx, events: EventLog, post: ModeratedPost, hidden: boolean) {
  if (post.type !== "chat_message" || !post.townhallId) return;
  await tx.update(townhallChat).set({ hidden }).where(eq(townhallChat.id, post.id));
  const message = { id: post.id, townhallId: post.townhallId, body: post.body, author: post.author, createdAt: post.createdAt.toISOString(), ...(hidden ? { removed: true } : {}) };
  events.record({ type: "townhall.chat_posted", townhallId: post.townhallId, message });
}

export async function loadPost(exec: Executor, type: ModeratedType, id: string) {
  return (await loadPosts(exec, type, [id]))[0];
}

/**
 * Hidden: out of every public place (lists, counts, search; the question's
 * room refetches). Shown: back where it was, everywhere it was, search
 * included through the outbox.
 */
async function setHidden(tx: Tx, events: EventLog, post: ModeratedPost, hidden: boolean) {
  if (post.type !== "question" && post.type !== "answer") return;
  const questionId = post.questionId!;
  const hiddenAt = hidden ? clock() : null;
  if (post.type === "question") await tx.update(questions).set({ hiddenAt }).where(eq(questions.id, post.id));
  else {
    await tx.update(answers).set({ hiddenAt }).where(eq(answers.id, post.id));
    await recountAnswers(tx, questionId);
  }
  await enqueueSearch(tx, "questions", [questionId]);
  events.record({ type: hidden ? "post.hidden" : "post.restored", target: post.type, id: post.id, questionId });
}

export const hideForumPost = (tx: Tx, events: EventLog, post: ModeratedPost) => setHidden(tx, events, post, true);
export const restoreForumPost = (tx: Tx, events: EventLog, post: ModeratedPost) => setHidden(tx, events, post, false);
