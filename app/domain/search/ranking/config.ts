import { z } from "zod";

/**
 * Every knob of the similar-questions ranker, with the reason for its default
 * in docs/search.md. `SIMILAR_RANKING` (JSON, any subset) overrides them, so an
 * operator can try a setting without a release.
 */
const field = z.object({ weight: z.number().min(0), b: z.number().min(0).max(1) });

export const rankingSchema = z.object({
  /** BM25's term-frequency saturation: past a few mentions, more say little. */
  k1: z.number().min(0).default(1.2),
  /** BM25F: how much a mention in each field counts, and how much its length normalises. */
  fields: z
    .object({
      title: field.default({ weight: 3, b: 0.4 }),
      body: field.default({ weight: 1, b: 0.75 }),
      acceptedAnswer: field.default({ weight: 0.6, b: 0.75 }),
      answers: field.default({ weight: 0.3, b: 0.75 }),
    })
    .default({}),
  query: z
    .object({
      /** The draft's title says what it is about; its body mostly how it happened. */
      titleWeight: z.number().min(0).default(2),
      bodyWeight: z.number().min(0).default(1),
      /** What of a long draft is read: its first words, title first. */
      maxTerms: z.number().int().min(1).default(48),
    })
    .default({}),
  /** Pseudo-relevance feedback (RM3): terms from the best first-pass results join the query. */
  feedback: z
    .object({
      docs: z.number().int().min(0).default(5),
      terms: z.number().int().min(0).default(12),
      /** λ: the share of the expanded query that the feedback terms carry. */
      weight: z.number().min(0).max(1).default(0),
    })
    .default({}),
  candidates: z
    .object({
      /** Hits asked of each Meilisearch query. */
      perQuery: z.number().int().min(1).max(200).default(40),
      /** The draft's rarest words, each searched on its own: any-word recall. */
      singleWordQueries: z.number().int().min(0).max(20).default(8),
      /** Hits asked of PostgreSQL's full-text search (0: not asked). */
      postgres: z.number().int().min(0).max(500).default(60),
      /**
       * Words in more questions than this are left to Meilisearch on the
       * PostgreSQL side: ranking every question that holds a common word
       * cost hundreds of milliseconds at 100,000 questions, and such a word
       * recalls nothing the rare ones and Meilisearch do not.
       */
      postgresMaxDf: z.number().int().min(1).default(2000),
      /** The most candidates re-ranked. */
      max: z.number().int().min(1).max(500).default(120),
      /**
       * How much the engines' own agreement (fused rank, scaled to the best)
       * adds to BM25F (scaled to the best): it carries what BM25F cannot see,
       * Meilisearch's typo and prefix matches. Only for short drafts (a
       * title alone): a long one gives BM25F evidence enough, and there the
       * engines' order only adds noise (measured in docs/search.md).
       */
      fusionWeight: z.number().min(0).default(0.6),
      /** A draft of at most this many terms counts as short. */
      shortDraftTerms: z.number().int().min(0).default(7),
    })
    .default({}),
  /** The forum's signals: small multipliers (1 + boost), so that they order near-equals only. */
  boosts: z
    .object({
      solved: z.number().min(0).default(0.05),
      /** Per log2(1 + votes of the accepted answer), capped at 3 doublings. */
      acceptedVotes: z.number().min(0).default(0.01),
      recency: z.number().min(0).default(0.02),
      recencyHalfLifeDays: z.number().positive().default(365),
      sameCategory: z.number().min(0).default(0.05),
    })
    .default({}),
});

export type RankingConfig = z.output<typeof rankingSchema>;

export const defaultRanking: RankingConfig = rankingSchema.parse({});

type Plain = { [key: string]: unknown };
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

function merged(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlain(v) && isPlain(base[k]) ? merged(base[k] as Plain, v) : v;
  return out;
}

/** The defaults with some settings changed (`{"fields":{"title":{"weight":4}}}`), checked against the schema. */
export function rankingWith(overrides: unknown): RankingConfig {
  if (!isPlain(overrides)) throw new Error("The ranking settings are a JSON object.");
  return rankingSchema.parse(merged(defaultRanking as unknown as Plain, overrides));
}

/** The defaults with `SIMILAR_RANKING`'s overrides; a bad value fails loudly at start. */
export function rankingFromEnv(raw: string | undefined): RankingConfig {
  return raw?.trim() ? rankingWith(JSON.parse(raw)) : defaultRanking;
}
