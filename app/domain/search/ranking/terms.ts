import { stemmer } from "stemmer";
import { eng } from "stopword";

/**
 * Text to the terms the similar-questions ranker counts: lower-cased, accents
 * and chat spelling folded, stop words out, each word reduced to its Porter
 * stem ("dogs" and "dog", "renting" and "rent" meet). The same function reads
 * the draft and every candidate, so a wrong fold on one side is the same wrong
 * fold on the other.
 */

/**
 * The stopword package's English list, plus the words any forum question is
 * phrased with ("anyone know", "please help", "thanks") that say nothing about
 * its topic. Kept general on purpose: no word of a product or a data set.
 */
const forumPhrasing = [
  "anyone", "anybody", "someone", "somebody", "everyone", "everybody", "anything", "something", "everything", "nothing",
  "know", "knows", "tell", "let", "please", "pls", "plz", "thanks", "thank", "thx", "hi", "hello", "hey", "dear",
  "guys", "folks", "friends", "question", "questions", "ask", "asking", "help", "advice", "advise", "suggest", "suggestion",
  "suggestions", "need", "want", "wants", "wanted", "looking", "find", "info", "information", "kindly", "regards",
  "would", "could", "should", "will", "shall", "may", "can", "cannot", "can't", "don't", "doesn't", "didn't", "isn't",
  "i'm", "i've", "i'd", "i'll", "it's", "that's", "there's", "what's", "u", "ur", "im", "ive", "dont", "cant", "also",
  "just", "really", "very", "any", "one", "ones", "else", "etc", "yes", "no", "not", "ok", "okay", "already", "even",
  "go", "going", "got", "get", "gets", "getting", "does", "done", "did", "doing", "have", "having", "been", "being",
  "thing", "things", "lot", "lots", "kind", "sort", "best", "good", "better", "new", "now", "today", "tried", "try",
];

export const stopWords: ReadonlySet<string> = new Set([...eng, ...forumPhrasing]);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Every request reads up to 120 candidates' text, word by word: folding and
 * stemming each word afresh cost ~1.5 µs, 180 ms a request at 100,000
 * questions. A forum's vocabulary repeats, so each word's term is kept (a
 * pure function of the word; the map is emptied if it ever grows past a
 * bound, so memory stays small).
 */
const known = new Map<string, string | null>();
const KNOWN_MAX = 200_000;

/** One word as the ranker compares it, or null for a word that says nothing. */
export function termOf(raw: string): string | null {
  const hit = known.get(raw);
  if (hit !== undefined) return hit;
  const term = foldAndStem(raw);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(raw, term);
  return term;
}

function foldAndStem(raw: string): string | null {
  const w = raw
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/’/g, "'")
    // "sooo" and "so", "pleeease" and "please": chat spelling stretches letters.
    .replace(/(\p{L})\1{2,}/gu, "$1$1");
  if (stopWords.has(w)) return null;
  const bare = w.replace(/'(s|t|re|ve|ll|d|m)?$/, "");
  if (bare.length < 2 || stopWords.has(bare)) return null;
  // Numbers and codes ("2000qr", "4g") stand as written; the stemmer is for words.
  return /^\p{L}+$/u.test(bare) ? stemmer(bare) : bare;
}

/** The terms of a text, in order, repeats kept (term frequency counts them). */
export function termsOf(text: string, max = Infinity): string[] {
  const out: string[] = [];
  for (const [raw] of text.matchAll(WORD)) {
    const t = termOf(raw);
    if (t) out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The content words of a text as written (not stemmed), once each, with the
 * term each stands for: what the search engines are asked, since Meilisearch
 * and PostgreSQL apply their own folding to a real word.
 */
export function surfaceWords(text: string, max = Infinity): { word: string; term: string }[] {
  const seen = new Set<string>();
  const out: { word: string; term: string }[] = [];
  for (const [raw] of text.matchAll(WORD)) {
    const term = termOf(raw);
    if (!term || seen.has(term)) continue;
    seen.add(term);
    out.push({ word: raw.toLowerCase().replace(/['’](s|t|re|ve|ll|d|m)?$/, ""), term });
    if (out.length >= max) break;
  }
  return out;
}

/** How often each term occurs. */
export function counts(terms: string[]) {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}
