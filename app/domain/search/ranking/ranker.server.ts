import type { Meilisearch } from "meilisearch";
import { plainText } from "#search/indexes/questions.server";
import type { Actor } from "~/auth/policies";
import { averageLengths, bm25f, draftQuery, expandedQuery, fieldNames, scoredDoc, type Collection, type FieldName, type ScoredDoc } from "./bm25f";
import { gatherCandidates, type Candidate } from "./candidates.server";
import type { RankingConfig } from "./config";
import { surfaceWords, termsOf } from "./terms";
import { documentFrequencies, questionCount } from "./term-stats.server";

/**
 * The similar-questions ranker: candidates from Meilisearch and PostgreSQL
 * (candidates.server.ts), ordered in our code by BM25F with the whole forum's
 * rarity, RM3 feedback, and a small boost from the forum's signals. Tuning
 * and the reasons for each default: docs/search.md.
 */

export interface Draft {
  title: string;
  body: string;
  /** The category the draft is in (or the question whose related list this is): a small boost, not a filter. */
  nearCategory?: string;
}

export interface RankScope {
  client: Meilisearch;
  uid: string;
  filter: string[];
  actor: Actor | null;
  category?: string;
  exclude?: string;
}

export interface Ranked {
  doc: Candidate;
  score: number;
}

/** What of a long draft the ranker reads: the title whole, the body's start. */
const BODY_CHARS = 2000;
/** How much of a candidate's long text is read: the start says what the thread is about. */
const DOC_CHARS = { title: 300, body: 3000, acceptedAnswer: 2000, answers: 3000 } satisfies Record<FieldName, number>;

function candidateTerms(c: Candidate): ScoredDoc {
  return scoredDoc({
    title: termsOf(c.title.slice(0, DOC_CHARS.title)),
    body: termsOf((c.body ?? "").slice(0, DOC_CHARS.body)),
    acceptedAnswer: termsOf((c.acceptedAnswer ?? "").slice(0, DOC_CHARS.acceptedAnswer)),
    answers: termsOf((c.answers ?? "").slice(0, DOC_CHARS.answers)),
  });
}

/** 1 + the signals' boosts: solved, the accepted answer's votes, recency, the same category. */
export function signalBoost(cfg: RankingConfig, c: Candidate, draft: Draft, now = Date.now()) {
  const b = cfg.boosts;
  const votes = Math.min(3, Math.log2(1 + Math.max(0, c.acceptedAnswerScore ?? 0)));
  const ageDays = Math.max(0, (now / 1000 - (c.createdAt ?? now / 1000)) / 86_400);
  return (
    1 +
    (c.solved ? b.solved : 0) +
    b.acceptedVotes * votes +
    b.recency * Math.pow(0.5, ageDays / b.recencyHalfLifeDays) +
    (draft.nearCategory && c.category === draft.nearCategory ? b.sameCategory : 0)
  );
}

export async function rankSimilar(cfg: RankingConfig, draft: Draft, scope: RankScope): Promise<Ranked[]> {
  const body = plainText(draft.body, BODY_CHARS);
  const titleTerms = termsOf(draft.title, cfg.query.maxTerms);
  const bodyTerms = termsOf(body, Math.max(0, cfg.query.maxTerms - titleTerms.length));
  if (!titleTerms.length && !bodyTerms.length) return [];
  const words = surfaceWords(`${draft.title} ${body}`, cfg.query.maxTerms);
  const [size, wordDf] = await Promise.all([questionCount(), documentFrequencies(words.map((w) => w.word))]);
  // A term's forum count is its commonest spelling's: "rent" and "renting" are one term.
  const df = new Map<string, number>();
  for (const w of words) df.set(w.term, Math.max(df.get(w.term) ?? 0, wordDf.get(w.word) ?? 0));
  const rarest = (list: { word: string; term: string }[]) => [...list].sort((a, b) => (df.get(a.term) ?? 0) - (df.get(b.term) ?? 0)).map((w) => w.word);
  const titleSet = new Set(titleTerms);
  const candidates = await gatherCandidates(scope.client, cfg, {
    uid: scope.uid,
    filter: scope.filter,
    // Words the forum has never seen find nothing and would only use up Meilisearch's ten.
    titleWords: rarest(words.filter((w) => titleSet.has(w.term) && (df.get(w.term) ?? 0) > 0)),
    keyWords: rarest(words.filter((w) => (df.get(w.term) ?? 0) > 0)).concat(rarest(words.filter((w) => !(df.get(w.term) ?? 0)))),
    postgresWords: rarest(words.filter((w) => (df.get(w.term) ?? 0) > 0 && (df.get(w.term) ?? 0) <= cfg.candidates.postgresMaxDf)),
    actor: scope.actor,
    category: scope.category,
    exclude: scope.exclude,
  });
  const docs = candidates.filter((c) => c.id !== scope.exclude).map((c) => ({ doc: c, terms: candidateTerms(c) }));
  if (!docs.length) return [];

  const query = draftQuery(cfg, titleTerms, bodyTerms);
  const collection = await forumCollection(size, df, docs.map((d) => d.terms), query);
  const first = docs.map((d) => ({ ...d, score: bm25f(cfg, collection, query, d.terms) })).sort((a, b) => b.score - a.score);
  const expanded = expandedQuery(cfg, collection, query, first.map((d) => ({ doc: d.terms, score: d.score })));
  if (expanded !== query) await addFeedbackRarity(collection, expanded, first);
  const now = Date.now();
  const scored = first.map((d) => ({ doc: d.doc, bm25: bm25f(cfg, collection, expanded, d.terms) }));
  const topBm25 = Math.max(...scored.map((d) => d.bm25)) || 1;
  const topFused = Math.max(...scored.map((d) => d.doc.fused)) || 1;
  const w = titleTerms.length + bodyTerms.length <= cfg.candidates.shortDraftTerms ? cfg.candidates.fusionWeight : 0;
  return scored
    .map((d) => ({ doc: d.doc, score: (d.bm25 / topBm25 + (w * d.doc.fused) / topFused) * signalBoost(cfg, d.doc, draft, now) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score);
}

/** Counts among the candidates: a floor for a term's forum count (the forum holds at least these). */
function candidateDf(docs: ScoredDoc[], terms: Iterable<string>) {
  const out = new Map<string, number>();
  for (const t of terms) out.set(t, docs.filter((d) => fieldNames.some((f) => d.fields[f].has(t))).length);
  return out;
}

async function forumCollection(size: number, df: Map<string, number>, docs: ScoredDoc[], query: Map<string, number>): Promise<Collection> {
  const floor = candidateDf(docs, query.keys());
  const merged = new Map<string, number>();
  for (const t of query.keys()) merged.set(t, Math.max(df.get(t) ?? 0, floor.get(t) ?? 0));
  return { size: Math.max(size, docs.length), df: merged, avgLength: averageLengths(docs) };
}

/**
 * Feedback terms are stems found in the candidates' text: their forum count
 * is asked for one spelling met there (the stem itself is often not a word).
 */
async function addFeedbackRarity(c: Collection, expanded: Map<string, number>, docs: { doc: Candidate; terms: ScoredDoc }[]) {
  const fresh = [...expanded.keys()].filter((t) => !c.df.has(t));
  if (!fresh.length) return;
  const spelling = new Map<string, string>();
  for (const { doc } of docs) {
    if (spelling.size === fresh.length) break;
    for (const w of surfaceWords(`${doc.title} ${doc.body ?? ""} ${doc.acceptedAnswer ?? ""} ${doc.answers ?? ""}`))
      if (!spelling.has(w.term) && fresh.includes(w.term)) spelling.set(w.term, w.word);
  }
  const counts = await documentFrequencies([...spelling.values()]);
  const floor = candidateDf(docs.map((d) => d.terms), fresh);
  for (const t of fresh) c.df.set(t, Math.max(counts.get(spelling.get(t) ?? "") ?? 0, floor.get(t) ?? 0));
}
