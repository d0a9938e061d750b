import { eq } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import { z } from "zod";
import { db } from "#db/client.server";
import { searchVocabulary } from "#db/schema";
import { indexes, searchHandle } from "#search/client.server";
import { ensureCan, type Actor } from "~/auth/policies";
import { transact } from "~/domain/events/transact.server";
import { ValidationError } from "~/domain/errors";
import { parseInput } from "~/domain/validate";
import { foldQuery } from "#search/stems";
import { recordAudit } from "~/domain/audit/record.server";

const ROW = "default";

const word = (w: string) => w.trim().toLowerCase();

const vocabularySchema = z.object({
  // One group of interchangeable words per line: "earbuds, earphones, buds".
  synonyms: z.union([z.string(), z.array(z.string())]).default("").transform((v) =>
    (Array.isArray(v) ? v : v.split(/\r?\n/))
      .map((line) => line.split(",").map(word).filter(Boolean))
      .filter((group) => group.length > 0),
  ),
  stopWords: z.union([z.string(), z.array(z.string())]).default("").transform((v) =>
    Array.from(new Set((Array.isArray(v) ? v : v.split(/[\s,]+/)).map(word).filter(Boolean))),
  ),
});

export async function getVocabulary() {
  const [row] = await db().select().from(searchVocabulary).where(eq(searchVocabulary.id, ROW));
  return {
    synonyms: (row?.synonyms ?? []).map((line) => line.split(",").map(word).filter(Boolean)),
    stopWords: row?.stopWords ?? [],
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** Meilisearch wants every word mapped to its group mates. */
function synonymMap(groups: string[][]) {
  const map: Record<string, string[]> = {};
  for (const group of groups) for (const w of group) map[w] = Array.from(new Set([...(map[w] ?? []), ...group.filter((o) => o !== w)]));
  return map;
}

/** The staff vocabulary as Meilisearch settings, for the live index and for a rebuild alike. */
export async function vocabularySettings() {
  const v = await getVocabulary();
  // Queries reach the index plural-folded (search/stems.ts), so each word also stands in its folded form.
  const withFolded = (words: string[]) => Array.from(new Set(words.flatMap((w) => [w, foldQuery(w)])));
  return { synonyms: synonymMap(v.synonyms.map(withFolded)), stopWords: withFolded(v.stopWords) };
}

export async function applyVocabulary(client: Meilisearch, prefix: string) {
  const settings = await vocabularySettings();
  for (const index of indexes) {
    const task = await client
      .index(prefix + index.uid)
      .updateSettings(settings)
      .waitTask({ timeout: 60_000 });
    if (task.status !== "succeeded") throw new Error(`Meilisearch refused the vocabulary: ${task.error?.message ?? task.status}`);
  }
}

export async function saveVocabulary(actor: Actor | null, input: unknown) {
  const me = ensureCan(actor, "search:manage");
  const v = parseInput(vocabularySchema, input);
  const lonely = v.synonyms.filter((g) => g.length < 2);
  if (lonely.length) throw new ValidationError({ synonyms: [`Each line needs at least two words: “${lonely[0].join("")}”.`] });
  const synonyms = v.synonyms.map((g) => g.join(", "));
  await transact(async (tx) => {
    await tx
      .insert(searchVocabulary)
      .values({ id: ROW, synonyms, stopWords: v.stopWords, updatedAt: new Date() })
      .onConflictDoUpdate({ target: searchVocabulary.id, set: { synonyms, stopWords: v.stopWords, updatedAt: new Date() } });
    await recordAudit(tx, me, { action: "search.vocabulary_saved", target: { type: "search", id: "vocabulary", label: "Synonyms and stop words" }, data: { synonyms: synonyms.length, stopWords: v.stopWords.length } });
  });
  const handle = searchHandle();
  // Stored first: a Meilisearch that is down gets the vocabulary at its next start.
  if (handle) await applyVocabulary(handle.client, handle.prefix);
  return getVocabulary();
}
