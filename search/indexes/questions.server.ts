import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Settings } from "meilisearch";
import { db } from "#db/client.server";
import { answers, categories, questions } from "#db/schema";

/**
 * The questions index: one document per visible question, its accepted
 * answer's text folded in. Settings live beside the builder they shape.
 */
export const questionsIndex = {
  uid: "questions",
  primaryKey: "id",
  settings: {
    searchableAttributes: ["title", "tags", "acceptedAnswer", "body", "answers"],
    // `visibility` is the category's (public, advocates, staff): every search filters on it.
    filterableAttributes: ["id", "type", "category", "tags", "solved", "visibility"],
    sortableAttributes: ["createdAt", "score", "lastActivityAt"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "solved:desc", "score:desc"],
    displayedAttributes: ["*"],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 100 },
    pagination: { maxTotalHits: 2000 },
  } satisfies Settings,
} as const;

export interface QuestionDocument {
  id: string;
  type: "question";
  title: string;
  body: string;
  acceptedAnswer: string;
  answers: string;
  tags: string[];
  category: string;
  categoryName: string;
  /** Who may read the question: its category's visibility. */
  visibility: "public" | "advocates" | "staff";
  solved: boolean;
  score: number;
  answerCount: number;
  createdAt: number;
  lastActivityAt: number;
  url: string;
}

/** Markdown to the words a reader sees, for indexing and snippets. */
export function plainText(markdown: string, max = 4000) {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[[^\]]*]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)]\([^)]*\)/g, "$1")
    .replace(/[`*_>#~|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

/**
 * Builds the documents for these ids. Ids whose question is gone or deleted
 * come back in `deletes`, so the index forgets them.
 */
export async function buildQuestionDocuments(ids: string[]) {
  if (!ids.length) return { upserts: [] as QuestionDocument[], deletes: [] as string[] };
  const rows = await db()
    .select({
      id: questions.id,
      title: questions.title,
      body: questions.body,
      tags: questions.tags,
      score: questions.score,
      answerCount: questions.answerCount,
      acceptedAnswerId: questions.acceptedAnswerId,
      createdAt: questions.createdAt,
      lastActivityAt: questions.lastActivityAt,
      category: categories.slug,
      categoryName: categories.name,
      visibility: categories.visibility,
    })
    .from(questions)
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    // A duplicate's original carries the content; the duplicate leaves the index.
    .where(and(inArray(questions.id, ids), isNull(questions.deletedAt), isNull(questions.duplicateOfId)));
  const answerRows = rows.length
    ? await db()
        .select({ questionId: answers.questionId, id: answers.id, body: answers.body })
        .from(answers)
        .where(and(inArray(answers.questionId, rows.map((r) => r.id)), isNull(answers.deletedAt)))
        .orderBy(desc(answers.score))
    : [];
  const byQuestion = new Map<string, { id: string; body: string }[]>();
  for (const a of answerRows) {
    const list = byQuestion.get(a.questionId) ?? [];
    list.push(a);
    byQuestion.set(a.questionId, list);
  }
  const upserts = rows.map((q): QuestionDocument => {
    const list = byQuestion.get(q.id) ?? [];
    const accepted = list.find((a) => a.id === q.acceptedAnswerId);
    return {
      id: q.id,
      type: "question",
      title: q.title,
      body: plainText(q.body),
      acceptedAnswer: accepted ? plainText(accepted.body) : "",
      answers: list
        .filter((a) => a.id !== q.acceptedAnswerId)
        .slice(0, 3)
        .map((a) => plainText(a.body, 1000))
        .join(" \n "),
      tags: q.tags,
      category: q.category,
      categoryName: q.categoryName,
      visibility: q.visibility,
      solved: q.acceptedAnswerId !== null,
      score: q.score,
      answerCount: q.answerCount,
      createdAt: Math.floor(q.createdAt.getTime() / 1000),
      lastActivityAt: Math.floor(q.lastActivityAt.getTime() / 1000),
      url: `/q/${q.id}`,
    };
  });
  const found = new Set(upserts.map((d) => d.id));
  return { upserts, deletes: ids.filter((id) => !found.has(id)) };
}

/** Every visible question id, in pages, for a full reindex. */
export async function* allQuestionIds(pageSize = 2000) {
  let after = "";
  for (;;) {
    const rows = await db()
      .select({ id: questions.id })
      .from(questions)
      .where(and(isNull(questions.deletedAt), isNull(questions.duplicateOfId), sql`${questions.id} > ${after}`))
      .orderBy(questions.id)
      .limit(pageSize);
    if (!rows.length) return;
    yield rows.map((r) => r.id);
    after = rows[rows.length - 1].id;
  }
}
