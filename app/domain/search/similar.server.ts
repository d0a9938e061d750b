import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { answers, questions } from "#db/schema";
import { indexUid, searchHandle } from "#search/client.server";
import { plainText, type QuestionDocument } from "#search/indexes/questions.server";
import type { Actor } from "~/auth/permissions";
import { parseInput } from "~/domain/validate";
import { log } from "~/log.server";

export const similarSchema = z.object({
  title: z.string().trim().max(300).default(""),
  body: z.string().trim().max(30_000).default(""),
  category: z.string().trim().max(60).optional().transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1, "limit is 1 to 20.").max(20, "limit is 1 to 20.").default(5),
  exclude: z.string().max(40).optional(),
});

/**
 * The query a draft becomes: the title, then the start of the body. A new
 * question rarely repeats an old one's words, so Meilisearch drops the most
 * common words first ("frequency") rather than requiring them all.
 */
export function similarQuery(title: string, body: string) {
  const words = `${title} ${plainText(body, 600)}`.split(/\s+/).filter(Boolean);
  return words.slice(0, 24).join(" ");
}

export async function similarQuestions(_actor: Actor | null, input: unknown) {
  const q = parseInput(similarSchema, input);
  const text = similarQuery(q.title, q.body);
  if (text.replace(/\W/g, "").length < 4) return { suggestions: [] };
  const handle = searchHandle();
  if (!handle) return { suggestions: [] };
  let hits: QuestionDocument[];
  try {
    const filter = [q.category ? `category = "${q.category.replace(/"/g, '\\"')}"` : null, q.exclude ? `id != "${q.exclude.replace(/"/g, "")}"` : null].filter(
      (f): f is string => f !== null,
    );
    const res = await handle.client.index<QuestionDocument>(indexUid("questions")).search(text, {
      filter,
      matchingStrategy: "frequency",
      limit: Math.max(q.limit * 2, 10),
      attributesToRetrieve: ["id", "title", "url", "solved", "score"],
      attributesToSearchOn: ["title", "tags", "body", "acceptedAnswer"],
    });
    hits = res.hits;
  } catch (err) {
    // Suggestions are a help, not a gate: without search the form still posts.
    log.warn(`similar questions unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return { suggestions: [] };
  }
  // Solved ones first, keeping relevance order within each group.
  const ordered = [...hits.filter((h) => h.solved), ...hits.filter((h) => !h.solved)].slice(0, q.limit);
  const snippets = await acceptedSnippets(ordered.map((h) => h.id));
  return {
    suggestions: ordered.map((h) => ({
      id: h.id,
      type: "question" as const,
      title: h.title,
      url: h.url,
      solved: h.solved,
      acceptedAnswerSnippet: snippets.get(h.id) ?? null,
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
    .where(and(inArray(questions.id, ids), isNull(questions.deletedAt), isNull(answers.deletedAt)));
  for (const r of rows) {
    const text = plainText(r.body, 400);
    out.set(r.questionId, text.length > 180 ? `${text.slice(0, 180).replace(/\s+\S*$/, "")}…` : text);
  }
  return out;
}
