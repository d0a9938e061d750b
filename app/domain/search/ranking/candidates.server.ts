import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import { db } from "#db/client.server";
import { categories, questions } from "#db/schema";
import type { QuestionDocument } from "#search/indexes/questions.server";
import type { Actor } from "~/auth/policies";
import { visibleCategoriesOnly } from "~/domain/questions/queries.server";
import { filterValue } from "../filter-values";
import type { RankingConfig } from "./config";

/**
 * Candidate generation: every earlier question that could be the one, found
 * several ways at once, for the ranker (ranker.server.ts) to order. Each way
 * covers a blind spot of another:
 * - Meilisearch reads only a query's first 10 words and, when not all match,
 *   keeps the first (or the rarest) one mandatory: so the title and the key
 *   words are asked as separate queries, and each rare word on its own;
 * - Meilisearch does not stem ("renting" misses "rent"): PostgreSQL's English
 *   full-text search, asked for any of the words, does.
 */

/** What the ranker reads of a candidate: its text and its signals. */
export const CANDIDATE_FIELDS = [
  "id",
  "type",
  "title",
  "body",
  "acceptedAnswer",
  "acceptedAnswerScore",
  "answers",
  "category",
  "solved",
  "score",
  "createdAt",
  "url",
] as const satisfies readonly (keyof QuestionDocument)[];

export type Candidate = Pick<QuestionDocument, (typeof CANDIDATE_FIELDS)[number]> & {
  /** How well the search engines agreed on it: reciprocal-rank fusion over the candidate lists. */
  fused: number;
};

export interface CandidateQuery {
  uid: string;
  /** Meilisearch filters: visibility, and the caller's category and exclusion. */
  filter: string[];
  /** The title's words and the draft's key words, rarest first, as written. */
  titleWords: string[];
  keyWords: string[];
  /** The words PostgreSQL is asked for (the rarer ones); the title's and key words when absent. */
  postgresWords?: string[];
  /** For the PostgreSQL side, which applies visibility in SQL. */
  actor: Actor | null;
  category?: string;
  exclude?: string;
}

/** The Meilisearch queries one request sends, in one multi-search: ids only, the text is fetched once for the union. */
export function candidateSearches(cfg: RankingConfig, q: CandidateQuery) {
  const base = { indexUid: q.uid, filter: q.filter, limit: cfg.candidates.perQuery, attributesToRetrieve: ["id"] };
  const searches: ({ q: string; matchingStrategy: "frequency" | "all" } & typeof base)[] = [];
  // "frequency" gives up the commonest words first when not all match.
  if (q.titleWords.length) searches.push({ ...base, q: q.titleWords.slice(0, 10).join(" "), matchingStrategy: "frequency" });
  const key = q.keyWords.slice(0, 10).join(" ");
  if (key && key !== searches[0]?.q) searches.push({ ...base, q: key, matchingStrategy: "frequency" });
  for (const w of q.keyWords.slice(0, cfg.candidates.singleWordQueries)) searches.push({ ...base, q: w, matchingStrategy: "all" });
  return searches;
}

/** Questions PostgreSQL's English full-text search finds for any of the words, best first (ids). */
async function postgresCandidates(cfg: RankingConfig, q: CandidateQuery): Promise<string[]> {
  const words = [...new Set(q.postgresWords ?? [...q.titleWords, ...q.keyWords])].slice(0, 30);
  if (!cfg.candidates.postgres || !words.length) return [];
  // Any of the words: each stemmed on its own, joined with OR (a stop word alone yields an empty query, which matches nothing).
  const pieces = words.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  if (!pieces.length) return [];
  const query = sql`to_tsquery('english', ${pieces.join(" | ")})`;
  const where = [isNull(questions.deletedAt), isNull(questions.hiddenAt), isNull(questions.duplicateOfId), sql`${questions.searchVector} @@ ${query}`];
  const visible = visibleCategoriesOnly(q.actor);
  if (visible) where.push(visible);
  if (q.category) where.push(eq(categories.slug, q.category));
  if (q.exclude) where.push(ne(questions.id, q.exclude));
  const rows = await db()
    .select({ id: questions.id })
    .from(questions)
    .innerJoin(categories, eq(categories.id, questions.categoryId))
    .where(and(...where))
    .orderBy(sql`ts_rank(${questions.searchVector}, ${query}) desc`)
    .limit(cfg.candidates.postgres);
  return rows.map((r) => r.id);
}

/**
 * The candidates for a draft, with their text. Lists are fused by reciprocal
 * rank (a question found high by several ways first) and cut to
 * `candidates.max`; the documents then come from the index in one search, so
 * what is ranked is what the index holds and the actor may read.
 */
export async function gatherCandidates(client: Meilisearch, cfg: RankingConfig, q: CandidateQuery): Promise<Candidate[]> {
  const searches = candidateSearches(cfg, q);
  const [meili, pg] = await Promise.all([
    searches.length ? client.multiSearch({ queries: searches }) : Promise.resolve({ results: [] }),
    postgresCandidates(cfg, q),
  ]);
  const fused = new Map<string, number>();
  const add = (ids: string[]) => ids.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (60 + rank)));
  for (const r of meili.results) add((r.hits as { id: string }[]).map((h) => h.id));
  add(pg);
  const ids = [...fused].sort((a, b) => b[1] - a[1]).slice(0, cfg.candidates.max).map(([id]) => id);
  if (!ids.length) return [];
  const res = await client.index<Omit<Candidate, "fused">>(q.uid).search("", {
    filter: [...q.filter, `id IN [${ids.map(filterValue).join(", ")}]`],
    limit: ids.length,
    attributesToRetrieve: [...CANDIDATE_FIELDS],
  });
  return res.hits.map((h) => ({ ...h, fused: fused.get(h.id) ?? 0 }));
}
