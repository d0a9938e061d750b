/**
 * NIST SP 800-63B: no composition rules, but refuse passwords that are common,
 * repetitive, sequential or built from the account's own details. zxcvbn-ts
 * estimates how many guesses a password takes against its dictionaries of
 * common and leaked passwords, names and words; scores 0 and 1 (under about
 * a million guesses) are refused, with its advice as the message.
 */
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

const MIN_SCORE = 2;
/** Words of this forum that make a password guessable here. */
const SITE_WORDS = ["nimbus", "community", "forum", "support"];

let checker: Promise<ZxcvbnFactory> | undefined;

// The dictionaries are several MB: imported on the first password anyone chooses, never by a
// server that only serves pages.
function zxcvbn() {
  checker ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return checker;
}

/** Why this password would be easy to guess, or null when it is fine. */
export async function weakPasswordReason(password: string, accountWords: string[] = []): Promise<string | null> {
  const result = (await zxcvbn()).check(password, [...SITE_WORDS, ...accountWords.filter(Boolean)]);
  if (result.score >= MIN_SCORE) return null;
  const advice = result.feedback.warning ?? result.feedback.suggestions[0];
  return `This password is too easy to guess${advice ? `: ${advice.replace(/\.$/, "").replace(/^./, (c) => c.toLowerCase())}` : ""}. Try a few unrelated words.`;
}
