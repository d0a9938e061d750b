import { and, isNull, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/rows";
import { questions } from "#db/schema";

/**
 * How many of the forum's questions hold a word, from PostgreSQL's full-text
 * index (title and body, English stemming): the ranker's rarity, judged over
 * the whole forum rather than the filtered candidates. Counts change slowly,
 * so ten-minute-old ones serve, and a draft being typed asks for the same
 * words again and again. A cache only: every node can rebuild it.
 */
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 50_000;
const wordCounts = new Map<string, { n: number; at: number }>();
let forumSize: { n: number; at: number } | undefined;

/** Questions in the forum (not deleted). */
export async function questionCount(): Promise<number> {
  const now = Date.now();
  if (forumSize && now - forumSize.at < TTL_MS) return forumSize.n;
  const [row] = await db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(questions).where(and(isNull(questions.deletedAt), isNull(questions.hiddenAt)));
  forumSize = { n: row?.n ?? 0, at: now };
  return forumSize.n;
}

/**
 * Counts being read right now, by word: fifty requests arriving with the same
 * draft (a burst, or a cold cache after a restart) share one count per word
 * instead of each scanning the index for it.
 */
const inFlight = new Map<string, Promise<number>>();

async function countWords(words: string[]): Promise<Map<string, number>> {
  // One statement, one index probe per word: `plainto_tsquery` of a PostgreSQL stop word matches nothing and counts 0.
  const parts = words.map(
    (w, i) =>
      sql`select ${i}::int as i, count(*)::int as n from ${questions} where ${and(isNull(questions.deletedAt), isNull(questions.hiddenAt), sql`${questions.searchVector} @@ plainto_tsquery('english', ${w})`)}`,
  );
  const rows = rowsOf<{ i: number; n: number }>(await db().execute(sql.join(parts, sql` union all `)));
  return new Map(rows.map((r) => [words[Number(r.i)], Number(r.n)]));
}

/** Document frequency of each word (as written; PostgreSQL stems it), keyed by the word. */
export async function documentFrequencies(words: string[]): Promise<Map<string, number>> {
  const now = Date.now();
  const out = new Map<string, number>();
  const missing: string[] = [];
  const waiting: [string, Promise<number>][] = [];
  for (const w of new Set(words)) {
    const hit = wordCounts.get(w);
    if (hit && now - hit.at < TTL_MS) out.set(w, hit.n);
    else if (inFlight.has(w)) waiting.push([w, inFlight.get(w)!]);
    else missing.push(w);
  }
  if (missing.length) {
    const counted = countWords(missing);
    for (const w of missing) {
      const one = counted.then((m) => m.get(w) ?? 0);
      // A failed count is this request's error; a request waiting on it counts 0 instead (below).
      one.catch(() => undefined);
      inFlight.set(w, one);
    }
    try {
      const found = await counted;
      if (wordCounts.size + missing.length > MAX_ENTRIES) wordCounts.clear();
      for (const w of missing) {
        const n = found.get(w) ?? 0;
        out.set(w, n);
        wordCounts.set(w, { n, at: now });
      }
    } finally {
      for (const w of missing) inFlight.delete(w);
    }
  }
  for (const [w, n] of waiting) out.set(w, await n.catch(() => 0));
  return out;
}

/** For tests that change the forum and then rank at once. */
export function forgetTermStats() {
  wordCounts.clear();
  forumSize = undefined;
}
