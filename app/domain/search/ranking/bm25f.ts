import type { RankingConfig } from "./config";
import { counts, stopWords } from "./terms";

/**
 * BM25F over a candidate's fields, and RM3 feedback, as pure functions over
 * terms (terms.ts): the similar-questions ranker's arithmetic, without I/O.
 *
 * Rarity (document frequency) comes from the whole forum, passed in: inside
 * a small filtered candidate set, the topic words are the common ones, and
 * judging rarity there turns them into noise.
 */

export type FieldName = keyof RankingConfig["fields"];
export const fieldNames: FieldName[] = ["title", "body", "acceptedAnswer", "answers"];

/** A candidate as the scorer sees it: its terms per field. */
export interface ScoredDoc {
  fields: Record<FieldName, Map<string, number>>;
  lengths: Record<FieldName, number>;
}

export function scoredDoc(terms: Record<FieldName, string[]>): ScoredDoc {
  const fields = {} as ScoredDoc["fields"];
  const lengths = {} as ScoredDoc["lengths"];
  for (const f of fieldNames) {
    fields[f] = counts(terms[f]);
    lengths[f] = terms[f].length;
  }
  return { fields, lengths };
}

/** Weighted query terms. */
export type Query = Map<string, number>;

/** The forum's figures for rarity. */
export interface Collection {
  /** Documents in the whole forum. */
  size: number;
  /** Documents holding each term (at least those among the candidates). */
  df: Map<string, number>;
  /** Mean length of each field, in terms. */
  avgLength: Record<FieldName, number>;
}

/** Robertson-Sparck Jones idf, floored above zero so a very common word still counts a little. */
export function idf(c: Collection, term: string) {
  const n = Math.min(c.df.get(term) ?? 0, c.size);
  return Math.log(1 + (c.size - n + 0.5) / (n + 0.5));
}

/** The field-weighted, length-normalised frequency of a term in a document (BM25F's pseudo-frequency). */
function pseudoFrequency(cfg: RankingConfig, c: Collection, d: ScoredDoc, term: string) {
  let tf = 0;
  for (const f of fieldNames) {
    const n = d.fields[f].get(term);
    if (!n) continue;
    const { weight, b } = cfg.fields[f];
    const norm = 1 - b + b * (d.lengths[f] / Math.max(1, c.avgLength[f]));
    tf += (weight * n) / norm;
  }
  return tf;
}

export function bm25f(cfg: RankingConfig, c: Collection, q: Query, d: ScoredDoc) {
  let score = 0;
  for (const [term, qw] of q) {
    const tf = pseudoFrequency(cfg, c, d, term);
    if (tf > 0) score += qw * idf(c, term) * ((tf * (cfg.k1 + 1)) / (tf + cfg.k1));
  }
  return score;
}

/** The mean field lengths of a set of documents (never below 1). */
export function averageLengths(docs: ScoredDoc[]): Record<FieldName, number> {
  const out = {} as Record<FieldName, number>;
  for (const f of fieldNames) out[f] = Math.max(1, docs.reduce((s, d) => s + d.lengths[f], 0) / Math.max(1, docs.length));
  return out;
}

/** The draft as a weighted query: each term's mentions, title mentions worth more, saturated (1 + ln n). */
export function draftQuery(cfg: RankingConfig, title: string[], body: string[]): Query {
  const raw = new Map<string, number>();
  for (const [t, n] of counts(title)) raw.set(t, (raw.get(t) ?? 0) + cfg.query.titleWeight * n);
  for (const [t, n] of counts(body)) raw.set(t, (raw.get(t) ?? 0) + cfg.query.bodyWeight * n);
  const q: Query = new Map();
  for (const [t, w] of raw) q.set(t, 1 + Math.log(w));
  return q;
}

function normalised(q: Query): Query {
  const sum = [...q.values()].reduce((s, w) => s + w, 0) || 1;
  return new Map([...q].map(([t, w]) => [t, w / sum]));
}

/**
 * RM3: a relevance model from the best first-pass documents, P(w|R) =
 * Σ_D P(w|D)·P(D|q), its top terms mixed into the query with weight λ.
 * A draft that says "hire" and a thread that says "rent" meet when the
 * threads the draft finds first use both words. The document model weighs
 * fields as BM25F does; P(D|q) is the documents' scores, normalised.
 * Feedback terms are chosen by their rarity too, so the forum's common
 * words do not flood the query.
 */
export function expandedQuery(cfg: RankingConfig, c: Collection, q: Query, ranked: { doc: ScoredDoc; score: number }[]): Query {
  const { docs, terms, weight } = cfg.feedback;
  const top = ranked.filter((r) => r.score > 0).slice(0, docs);
  if (!top.length || !terms || !weight) return q;
  const total = top.reduce((s, r) => s + r.score, 0);
  const model = new Map<string, number>();
  for (const { doc, score } of top) {
    let length = 0;
    for (const f of fieldNames) length += cfg.fields[f].weight * doc.lengths[f];
    if (!length) continue;
    for (const f of fieldNames)
      for (const [t, n] of doc.fields[f]) {
        if (stopWords.has(t) || t.length < 3 || /^\d+$/.test(t)) continue;
        model.set(t, (model.get(t) ?? 0) + (score / total) * ((cfg.fields[f].weight * n) / length));
      }
  }
  // Only terms that more than one feedback document uses, when there are several: one thread's quirks are not the topic.
  const usedBy = (t: string) => top.filter((r) => fieldNames.some((f) => r.doc.fields[f].has(t))).length;
  // Chosen by probability times rarity, weighted by probability alone: the scorer applies rarity again.
  const picked = [...model]
    .filter(([t]) => top.length < 2 || usedBy(t) >= 2)
    .sort((a, b) => b[1] * idf(c, b[0]) - a[1] * idf(c, a[0]))
    .slice(0, terms);
  if (!picked.length) return q;
  const fb = normalised(new Map(picked));
  const base = normalised(q);
  const out: Query = new Map();
  for (const [t, w] of base) out.set(t, (1 - weight) * w);
  for (const [t, w] of fb) out.set(t, (out.get(t) ?? 0) + weight * w);
  return out;
}
