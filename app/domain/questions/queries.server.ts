import { and, eq, getTableColumns, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "#db/client.server";
import { answers, categories, categoryVisibilityEnum, questions, users } from "#db/schema";
import { canReadQuestion, visibleCategoryKinds, type Actor } from "~/auth/policies";
import { NotFoundError } from "~/domain/errors";

export const author = alias(users, "author");

// Every question column but the fallback search vector, which no page needs.
const { searchVector: _searchVector, ...questionColumns } = getTableColumns(questions);
export { questionColumns };

/** The columns every question list and page needs, joined once. */
export const summaryColumns = {
  id: questions.id,
  title: questions.title,
  tags: questions.tags,
  answerCount: questions.answerCount,
  score: questions.score,
  viewCount: questions.viewCount,
  acceptedAnswerId: questions.acceptedAnswerId,
  createdAt: questions.createdAt,
  lastActivityAt: questions.lastActivityAt,
  author: { username: author.username, role: author.role, reputation: author.reputation, avatarPath: author.avatarPath },
  category: { slug: categories.slug, name: categories.name },
};

export function selectSummaries<Extra extends Record<string, SQL.Aliased | SQL>>(extra?: Extra, executor: Executor = db()) {
  return executor
    .select({ ...summaryColumns, ...(extra as Extra) })
    .from(questions)
    .innerJoin(author, eq(author.id, questions.authorId))
    .innerJoin(categories, eq(categories.id, questions.categoryId));
}

/**
 * Standing in public: not deleted and not hidden pending review. Lists,
 * counts, search and feeds read only these; a hidden post's author and staff
 * reach it through its own page.
 */
export function publicQuestions(): SQL {
  return and(isNull(questions.deletedAt), isNull(questions.hiddenAt))!;
}

export function publicAnswers(): SQL {
  return and(isNull(answers.deletedAt), isNull(answers.hiddenAt))!;
}

/**
 * For a query that joins `categories`: only the categories this actor may
 * read. Undefined (no condition) when the actor may read them all.
 */
export function visibleCategoriesOnly(actor: Actor | null | undefined): SQL | undefined {
  const kinds = visibleCategoryKinds(actor);
  return kinds.length >= categoryVisibilityEnum.enumValues.length ? undefined : inArray(categories.visibility, kinds);
}

/**
 * A question the actor may read, or NotFoundError: missing, deleted (unless
 * staff) and in a category hidden from the actor all look the same, so a
 * private question's existence is not revealed.
 */
export async function requireReadableQuestion(actor: Actor | null | undefined, id: string, executor: Executor = db()) {
  const [q] = await executor
    .select({ id: questions.id, authorId: questions.authorId, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, categoryId: questions.categoryId, visibility: categories.visibility })
    .from(questions)
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(eq(questions.id, id))
    .limit(1);
  if (!q || !canReadQuestion(actor, q)) throw new NotFoundError("No such question.");
  return q;
}

/** Matches the (last_activity_at desc, id desc) indexes, which store NULLS LAST. */
export const latestOrder = [sql`${questions.lastActivityAt} desc nulls last`, sql`${questions.id} desc nulls last`];

/** A question or an answer as votes need it: who wrote it, where it lives, whether it stands. */
export async function findPost(target: "question" | "answer", id: string) {
  if (target === "question") {
    const [q] = await db()
      .select({ authorId: questions.authorId, deletedAt: questions.deletedAt, hiddenAt: questions.hiddenAt, questionId: questions.id, categoryId: questions.categoryId })
      .from(questions)
      .where(eq(questions.id, id));
    return q;
  }
  const [a] = await db()
    .select({ authorId: answers.authorId, deletedAt: answers.deletedAt, hiddenAt: answers.hiddenAt, questionId: answers.questionId, categoryId: questions.categoryId })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(answers.id, id));
  return a;
}

/** Moves a post's score by a vote's difference, in the vote's transaction; returns the new score. */
export async function movePostScore(tx: Executor, target: "question" | "answer", id: string, delta: number) {
  const [row] =
    target === "question"
      ? await tx.update(questions).set({ score: sql`${questions.score} + ${delta}` }).where(eq(questions.id, id)).returning({ score: questions.score })
      : await tx.update(answers).set({ score: sql`${answers.score} + ${delta}` }).where(eq(answers.id, id)).returning({ score: answers.score });
  return row.score;
}

/** The cached answer count, from the rows: the answers standing in public. */
export async function recountAnswers(tx: Executor, questionId: string) {
  await tx
    .update(questions)
    .set({ answerCount: sql`(select count(*)::int from ${answers} a where a.question_id = ${questionId} and a.deleted_at is null and a.hidden_at is null)` })
    .where(eq(questions.id, questionId));
}

/** Locks and returns a question row for a write, or undefined. */
export async function lockQuestion(tx: Executor, id: string) {
  const [row] = await tx.select(questionColumns).from(questions).where(eq(questions.id, id)).for("update").limit(1);
  return row;
}

/** An answer with its author, as pages and the API show it. */
export const answerColumns = {
  id: answers.id,
  questionId: answers.questionId,
  body: answers.body,
  html: answers.html,
  score: answers.score,
  createdAt: answers.createdAt,
  updatedAt: answers.updatedAt,
  deletedAt: answers.deletedAt,
  hiddenAt: answers.hiddenAt,
  authorId: answers.authorId,
  author: { username: author.username, role: author.role, reputation: author.reputation, avatarPath: author.avatarPath },
};
