import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Changes the search index must see, written in the same transaction as the
 * change itself. The drainer pushes them to Meilisearch and deletes them only
 * once Meilisearch has applied them: search may be late, never wrong for good.
 */
export const searchOutbox = pgTable(
  "search_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    indexName: text("index_name").notNull(),
    docId: text("doc_id").notNull(),
    attempts: integer("attempts").notNull().default(0),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("search_outbox_due_idx").on(t.availableAt, t.id)],
);

export const deflectionKinds = ["shown", "opened", "solved", "posted", "abandoned"] as const;
export type DeflectionKind = (typeof deflectionKinds)[number];

/**
 * What happened to a draft question while the ask form suggested existing
 * ones: the deflection figures staff see. `draftId` ties one draft's events.
 */
export const deflectionEvents = pgTable(
  "deflection_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    draftId: text("draft_id").notNull(),
    kind: text("kind", { enum: deflectionKinds }).notNull(),
    userId: text("user_id"),
    // The member or a hash of a visitor's address and browser: a solution counts once per visitor.
    visitorKey: text("visitor_key"),
    questionId: text("question_id"),
    suggestionCount: integer("suggestion_count"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One event of each kind per draft: a step reported twice (or forged a hundred times) counts once.
  (t) => [uniqueIndex("deflection_draft_kind_idx").on(t.draftId, t.kind), index("deflection_created_idx").on(t.createdAt)],
);

/** Staff-managed search vocabulary, applied to every index's settings. */
export const searchVocabulary = pgTable("search_vocabulary", {
  id: text("id").primaryKey(),
  synonyms: text("synonyms").array().notNull().default(sql`'{}'::text[]`),
  stopWords: text("stop_words").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
