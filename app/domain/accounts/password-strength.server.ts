/**
 * NIST SP 800-63B: no composition rules, but refuse passwords that are common,
 * repetitive, sequential or built from the account's own details. zxcvbn-ts
 * estimates how many guesses a password takes against its dictionaries of
 * common and leaked passwords, names and words; scores 0 and 1 (under about
 * a million guesses) are refused, with its advice as the message.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

const MIN_SCORE = 2;
/** Words of this forum that make a password guessable here. */
const SITE_WORDS = ["nimbus", "community", "forum", "support"];

let checker: ZxcvbnFactory | undefined;

// The dictionaries are a few MB: loaded on the first password anyone chooses, not at start.
function zxcvbn() {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return checker;
}

/** Why this password would be easy to guess, or null when it is fine. */
export function weakPasswordReason(password: string, accountWords: string[] = []): string | null {
  const result = zxcvbn().check(password, [...SITE_WORDS, ...accountWords.filter(Boolean)]);
  if (result.score >= MIN_SCORE) return null;
  const advice = result.feedback.warning ?? result.feedback.suggestions[0];
  return `This password is too easy to guess${advice ? `: ${advice.replace(/\.$/, "").replace(/^./, (c) => c.toLowerCase())}` : ""}. Try a few unrelated words.`;
}
