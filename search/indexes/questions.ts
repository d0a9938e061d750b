import type { Settings } from "meilisearch";

/**
 * The questions index: one document per visible question, its accepted
 * answer's text folded in. Settings live beside the index they shape.
 */
export const questionsIndex = {
  uid: "questions",
  primaryKey: "id",
  settings: {
    searchableAttributes: ["title", "tags", "body", "acceptedAnswer", "answers"],
    filterableAttributes: ["type", "category", "tags", "solved", "authorId", "visibility"],
    sortableAttributes: ["createdAt", "score", "lastActivityAt"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "solved:desc", "score:desc"],
    displayedAttributes: ["*"],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    pagination: { maxTotalHits: 2000 },
  } satisfies Settings,
} as const;
