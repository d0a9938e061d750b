/**
 * English plurals folded to one form, on both sides of the search: documents
 * carry the folded forms of their words (`titleStems`, `textStems`) and the
 * query is folded before Meilisearch sees it. Meilisearch does no stemming,
 * and its typo budget is spent on the plural ending otherwise: "bateries"
 * is one typo from "batteries" but four from "battery", and "drian" is one
 * from "drain" but two from "drains". Folded, both sides meet within the
 * typo budget. Deliberately small (no full Porter stemmer): only the plural
 * endings, the same function for documents and queries, so a wrong fold on
 * one side is the same wrong fold on the other.
 */

/** "batteries" → "battery", "drains" → "drain", "boxes" → "box"; words it does not know as plurals come back as they are. */
export function foldPlural(word: string) {
  const w = word.toLowerCase();
  if (w.length < 4 || !/^\p{L}+$/u.test(w)) return w;
  if (/[^aeiou]ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(sses|xes|zes|ches|shes)$/.test(w)) return w.slice(0, -2);
  if (/(ss|us|is|ys|as|os)$/.test(w)) return w;
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The folded forms of a text's words that differ from the words themselves, once each: what a document adds to be found by a folded query. */
export function foldedWords(...texts: string[]) {
  const out = new Set<string>();
  for (const text of texts)
    for (const [word] of text.matchAll(WORD)) {
      const folded = foldPlural(word);
      if (folded !== word.toLowerCase()) out.add(folded);
    }
  return [...out].join(" ");
}

/** The query as the index reads it: each word folded, everything else (quotes, spaces) left alone. */
export function foldQuery(q: string) {
  return q.replace(WORD, (word) => foldPlural(word));
}
