import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { answers, questions } from "#db/schema";
import { indexUid, searchHandle } from "#search/client.server";
import { plainText } from "#search/indexes/questions.server";
import type { Actor } from "~/auth/policies";
import { parseInput } from "~/domain/validate";
import { log } from "~/log.server";
import { visibilityFilters } from "./search.server";
import { filterValue } from "./filter-values";
import { rankingFromEnv, type RankingConfig } from "./ranking/config";
import { rankSimilar, type Ranked } from "./ranking/ranker.server";

/** Past what the ranker reads, a draft is cut, never refused: the start of a long post says what it is about. */
const cut = (max: number) => z.string().transform((v) => v.trim().slice(0, max));

export const similarSchema = z.object({
  title: cut(300).default(""),
  body: cut(30_000).default(""),
  category: z.string().trim().max(60).optional().transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1, "limit is 1 to 20.").max(20, "limit is 1 to 20.").default(5),
  exclude: z.string().max(40).optional(),
  /** The category a draft is being written in: a small boost to questions there, not a filter. */
  near: z.string().trim().max(60).optional().transform((v) => v || undefined),
});

let ranking: RankingConfig | undefined;
/** The ranker's settings: the defaults, with `SIMILAR_RANKING`'s overrides (docs/search.md). */
export function similarRanking(): RankingConfig {
  ranking ??= rankingFromEnv(process.env.SIMILAR_RANKING);
  return ranking;
}

/**
 * Existing questions like a draft (or like a question, for "related"), among
 * those the actor may read, best first: the re-ranker in ./ranking/.
 */
export async function similarQuestions(actor: Actor | null, input: unknown, cfg: RankingConfig = similarRanking()) {
  const q = parseInput(similarSchema, input);
  const handle = searchHandle();
  if (!handle || !(q.title || q.body)) return { suggestions: [] };
  let ordered: Ranked[];
  try {
    const filter = [
      ...(await visibilityFilters(actor)),
      ...[q.category ? `category = ${filterValue(q.category)}` : null, q.exclude ? `id != ${filterValue(q.exclude)}` : null].filter(
        (f): f is string => f !== null,
      ),
    ];
    ordered = await rankSimilar(
      cfg,
      { title: q.title, body: q.body, nearCategory: q.near },
      { client: handle.client, uid: indexUid("questions"), filter, actor, category: q.category, exclude: q.exclude },
    );
  } catch (err) {
    // Suggestions are a help, not a gate: without search the form still posts.
    log.warn(`similar questions unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return { suggestions: [] };
  }
  const top = ordered.slice(0, q.limit).map((r) => r.doc);
  const snippets = await acceptedSnippets(top.filter((h) => h.type !== "townhall").map((h) => h.id));
  return {
    suggestions: top.map((h) => ({
      id: h.id,
      type: h.type ?? "question",
      title: h.title,
      url: h.url,
      solved: h.solved,
      // A town-hall answer is its document's own text; forum solutions are looked up.
      acceptedAnswerSnippet: snippets.get(h.id) ?? (h.type === "townhall" ? (h.acceptedAnswer ?? "").slice(0, 240) : null),
    })),
  };
}

async function acceptedSnippets(ids: string[]) {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const rows = await db()
    .select({ questionId: questions.id, body: answers.body })
    .from(questions)
    .innerJoin(answers, eq(answers.id, questions.acceptedAnswerId))
    .where(and(inArray(questions.id, ids), isNull(questions.deletedAt), isNull(questions.hiddenAt), isNull(answers.deletedAt), isNull(answers.hiddenAt)));
  for (const r of rows) {
    const text = plainText(r.body, 400);
    out.set(r.questionId, text.length > 180 ? `${text.slice(0, 180).replace(/\s+\S*$/, "")}…` : text);
  }
  return out;
}
