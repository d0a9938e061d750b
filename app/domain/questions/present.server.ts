import type { Role } from "#db/schema";
import { avatarUrl, userUrl } from "~/domain/accounts/present";
import { answerUrl, questionUrl } from "./urls";

export interface AuthorRow {
  username: string;
  role: Role;
  reputation: number;
  avatarPath?: string | null;
}

export function presentAuthor(a: AuthorRow) {
  return { username: a.username, role: a.role, reputation: a.reputation, url: userUrl(a.username), avatarUrl: avatarUrl(a.avatarPath) };
}

export interface QuestionSummaryRow {
  id: string;
  title: string;
  tags: string[];
  answerCount: number;
  score: number;
  viewCount: number;
  acceptedAnswerId: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  author: AuthorRow;
  category: { slug: string; name: string };
}

export function presentSummary(q: QuestionSummaryRow) {
  return {
    id: q.id,
    title: q.title,
    url: questionUrl(q.id),
    author: presentAuthor(q.author),
    category: q.category,
    tags: q.tags,
    answerCount: q.answerCount,
    score: q.score,
    viewCount: q.viewCount,
    solved: q.acceptedAnswerId !== null,
    createdAt: q.createdAt.toISOString(),
    lastActivityAt: q.lastActivityAt.toISOString(),
  };
}
export type QuestionSummary = ReturnType<typeof presentSummary>;

export interface AnswerRow {
  id: string;
  questionId: string;
  body: string;
  html: string;
  score: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  hiddenAt?: Date | null;
  author: AuthorRow;
}

export function presentAnswer(a: AnswerRow, acceptedAnswerId: string | null) {
  return {
    id: a.id,
    questionId: a.questionId,
    url: answerUrl(a.questionId, a.id),
    body: a.body,
    html: a.html,
    author: presentAuthor(a.author),
    score: a.score,
    accepted: a.id === acceptedAnswerId,
    edited: a.updatedAt.getTime() > a.createdAt.getTime(),
    deleted: a.deletedAt !== null,
    hidden: Boolean(a.hiddenAt),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
export type PresentedAnswer = ReturnType<typeof presentAnswer>;
