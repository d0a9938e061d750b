import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Settings } from "meilisearch";
import { db } from "#db/client.server";
import { foldedWords } from "../stems";
import { answers, categories, questions, townhallQuestions, townhalls } from "#db/schema";

/**
 * The questions index: one document per visible question, its accepted
 * answer's text folded in. Settings live beside the builder they shape.
 */
export const questionsIndex = {
  uid: "questions",
  primaryKey: "id",
  settings: {
    // The *Stems attributes hold the words' plural-folded forms (stems.ts), each just after what it folds.
    searchableAttributes: ["title", "titleStems", "tags", "acceptedAnswer", "body", "textStems", "answers"],
    // `visibility` is the category's (public, advocates, staff): every search filters on it.
    filterableAttributes: ["id", "type", "category", "tags", "solved", "visibility"],
    sortableAttributes: ["createdAt", "score", "lastActivityAt"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "solved:desc", "score:desc"],
    displayedAttributes: ["*"],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 100 },
    // Nobody searches within facet values here; not building that structure
    // shortens every indexing task, which is most of the index lag.
    facetSearch: false,
    pagination: { maxTotalHits: 2000 },
  } satisfies Settings,
} as const;

export interface QuestionDocument {
  id: string;
  type: "question" | "townhall";
  title: string;
  body: string;
  acceptedAnswer: string;
  /** The accepted answer's votes (0 without one): a signal for the similar-questions ranker. */
  acceptedAnswerScore: number;
  answers: string;
  tags: string[];
  category: string;
  categoryName: string;
  /** Plural-folded forms of the title's and tags' words, and of the accepted answer's and body's (see stems.ts). */
  titleStems: string;
  textStems: string;
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
export async function buildQuestionDocuments(allIds: string[]) {
  if (!allIds.length) return { upserts: [] as QuestionDocument[], deletes: [] as string[] };
  const townhallIds = allIds.filter((id) => id.startsWith(TOWNHALL_PREFIX));
  const ids = allIds.filter((id) => !id.startsWith(TOWNHALL_PREFIX));
  const fromTownhalls = await buildTownhallDocuments(townhallIds);
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
    .where(and(inArray(questions.id, ids), isNull(questions.deletedAt), isNull(questions.hiddenAt), isNull(questions.duplicateOfId)));
  const answerRows = rows.length
    ? await db()
        .select({ questionId: answers.questionId, id: answers.id, body: answers.body, score: answers.score })
        .from(answers)
        .where(and(inArray(answers.questionId, rows.map((r) => r.id)), isNull(answers.deletedAt), isNull(answers.hiddenAt)))
        .orderBy(desc(answers.score))
    : [];
  const byQuestion = new Map<string, { id: string; body: string; score: number }[]>();
  for (const a of answerRows) {
    const list = byQuestion.get(a.questionId) ?? [];
    list.push(a);
    byQuestion.set(a.questionId, list);
  }
  const upserts = rows.map((q): QuestionDocument => {
    const list = byQuestion.get(q.id) ?? [];
    const accepted = list.find((a) => a.id === q.acceptedAnswerId);
    const body = plainText(q.body);
    const acceptedAnswer = accepted ? plainText(accepted.body) : "";
    return {
      id: q.id,
      type: "question",
      title: q.title,
      body,
      acceptedAnswer,
      acceptedAnswerScore: accepted?.score ?? 0,
      titleStems: foldedWords(q.title, q.tags.join(" ")),
      textStems: foldedWords(acceptedAnswer, body),
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
  return { upserts: [...upserts, ...fromTownhalls.upserts], deletes: [...ids.filter((id) => !found.has(id)), ...fromTownhalls.deletes] };
}

/** Town-hall questions live in the same index as `th_<id>` documents of type "townhall". */
export const TOWNHALL_PREFIX = "th_";

/** Answered town-hall questions are searchable: the question as the title, the staff's answer as the solution. */
async function buildTownhallDocuments(docIds: string[]) {
  if (!docIds.length) return { upserts: [] as QuestionDocument[], deletes: [] as string[] };
  const ids = docIds.map((d) => d.slice(TOWNHALL_PREFIX.length));
  const rows = await db()
    .select({ q: townhallQuestions, townhallTitle: townhalls.title })
    .from(townhallQuestions)
    .innerJoin(townhalls, eq(townhalls.id, townhallQuestions.townhallId))
    .where(and(inArray(townhallQuestions.id, ids), eq(townhallQuestions.status, "answered")));
  const upserts = rows.map(({ q, townhallTitle }): QuestionDocument => ({
    id: `${TOWNHALL_PREFIX}${q.id}`,
    type: "townhall",
    title: plainText(q.body, 300),
    body: `Asked at the town hall "${townhallTitle}".`,
    acceptedAnswer: plainText(q.answer ?? ""),
    acceptedAnswerScore: q.votes,
    answers: "",
    titleStems: foldedWords(plainText(q.body, 300)),
    textStems: foldedWords(plainText(q.answer ?? "")),
    tags: ["town-hall"],
    category: "townhalls",
    categoryName: "Town halls",
    visibility: "public",
    solved: true,
    score: q.votes,
    answerCount: 1,
    createdAt: Math.floor(q.createdAt.getTime() / 1000),
    lastActivityAt: Math.floor((q.answeredAt ?? q.createdAt).getTime() / 1000),
    url: `/townhalls/${q.townhallId}#q-${q.id}`,
  }));
  const found = new Set(upserts.map((d) => d.id));
  return { upserts, deletes: docIds.filter((id) => !found.has(id)) };
}

/** Every visible question id, in pages, for a full reindex. */
export async function* allQuestionIds(pageSize = 2000) {
  let after = "";
  for (;;) {
    const rows = await db()
      .select({ id: questions.id })
      .from(questions)
      .where(and(isNull(questions.deletedAt), isNull(questions.hiddenAt), isNull(questions.duplicateOfId), sql`${questions.id} > ${after}`))
      .orderBy(questions.id)
      .limit(pageSize);
    if (!rows.length) break;
    yield rows.map((r) => r.id);
    after = rows[rows.length - 1].id;
  }
  const answered = await db().select({ id: townhallQuestions.id }).from(townhallQuestions).where(eq(townhallQuestions.status, "answered"));
  for (let i = 0; i < answered.length; i += pageSize) yield answered.slice(i, i + pageSize).map((r) => `${TOWNHALL_PREFIX}${r.id}`);
}
