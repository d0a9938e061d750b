/**
 * The staff search settings: the vocabulary (synonyms, stop words) that shapes
 * every search, and how often suggestions answer a draft before it is posted.
 */
import { ensureCan, type Actor } from "~/auth/policies";
import { deflectionStats } from "./deflection.server";
import { getVocabulary } from "./vocabulary.server";

/** The vocabulary as staff edit it. */
export async function searchVocabulary(actor: Actor | null) {
  ensureCan(actor, "search:manage");
  return getVocabulary();
}

export async function searchSettingsPage(actor: Actor) {
  const [vocabulary, deflection] = await Promise.all([searchVocabulary(actor), deflectionStats(actor, {})]);
  return { vocabulary, deflection };
}
