import { sql } from "drizzle-orm";
import { customType, date, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
import { users } from "./accounts";

export const categoryVisibilityEnum = pgEnum("category_visibility", ["public", "advocates", "staff"]);
export type CategoryVisibility = (typeof categoryVisibilityEnum.enumValues)[number];

export const categories = pgTable(
  "categories",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    // Who may read it: everyone, advocates and staff, or staff only.
    visibility: categoryVisibilityEnum("visibility").notNull().default("public"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex("categories_slug_idx").on(t.slug)],
);

export const questionStatusEnum = pgEnum("question_status", [
  "open",
  "escalated",
  "assigned",
  "waiting_on_customer",
  "solved",
  "closed",
]);

export const questions = pgTable(
  "questions",
  {
    id: text("id").primaryKey(),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    // Sanitised at write time from `body`; never HTML supplied by a client.
    html: text("html").notNull(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    status: questionStatusEnum("status").notNull().default("open"),
    score: integer("score").notNull().default(0),
    answerCount: integer("answer_count").notNull().default(0),
    viewCount: integer("view_count").notNull().default(0),
    acceptedAnswerId: text("accepted_answer_id"),
    // Closed as a duplicate of another question: it points there, its answers stay readable.
    duplicateOfId: text("duplicate_of_id"),
    closedById: text("closed_by_id"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    // Hidden pending review (flags or a spam rule): out of every public place, still there for its author and staff.
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    // Only for the fallback while Meilisearch is unreachable.
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B')`,
    ),
  },
  (t) => [
    index("questions_search_idx").using("gin", t.searchVector),
    index("questions_latest_idx").on(t.lastActivityAt.desc(), t.id.desc()),
    index("questions_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("questions_category_idx").on(t.categoryId, t.lastActivityAt.desc(), t.id.desc()),
    index("questions_author_idx").on(t.authorId, t.createdAt.desc()),
    index("questions_tags_idx").using("gin", t.tags),
    // The filtered lists walk these in order and stop after a page, at any depth.
    index("questions_unanswered_idx")
      .on(t.lastActivityAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null and ${t.answerCount} = 0`),
    index("questions_unsolved_idx")
      .on(t.lastActivityAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null and ${t.acceptedAnswerId} is null`),
    index("questions_solved_idx")
      .on(t.lastActivityAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null and ${t.acceptedAnswerId} is not null`),
  ],
);

export const answers = pgTable(
  "answers",
  {
    id: text("id").primaryKey(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    html: text("html").notNull(),
    score: integer("score").notNull().default(0),
    // Set when the answer came from a form that carries an idempotency key (a saved reply).
    clientKey: text("client_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
  },
  (t) => [
    index("answers_question_idx").on(t.questionId, t.score.desc(), t.createdAt),
    index("answers_author_idx").on(t.authorId, t.createdAt.desc()),
    uniqueIndex("answers_client_key_idx").on(t.authorId, t.clientKey),
  ],
);

/** Every version of a post, the first one included, so edits can be reviewed. */
export const revisions = pgTable(
  "revisions",
  {
    id: text("id").primaryKey(),
    targetType: text("target_type", { enum: ["question", "answer"] }).notNull(),
    targetId: text("target_id").notNull(),
    number: integer("number").notNull(),
    editorId: text("editor_id")
      .notNull()
      .references(() => users.id),
    title: text("title"),
    body: text("body").notNull(),
    tags: text("tags").array(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex("revisions_target_idx").on(t.targetType, t.targetId, t.number)],
);

/** One vote per person per post; the post's score is the sum of these rows. */
export const votes = pgTable(
  "votes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    targetType: text("target_type", { enum: ["question", "answer"] }).notNull(),
    targetId: text("target_id").notNull(),
    value: smallint("value").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.targetType, t.targetId] }), index("votes_target_idx").on(t.targetType, t.targetId)],
);

/** Counts a viewer once a day per question. */
export const questionViews = pgTable(
  "question_views",
  {
    questionId: text("question_id").notNull(),
    viewerKey: text("viewer_key").notNull(),
    day: date("day", { mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.viewerKey, t.day] })],
);

export type Category = typeof categories.$inferSelect;
export type Question = typeof questions.$inferSelect;
export type Answer = typeof answers.$inferSelect;
export type Vote = typeof votes.$inferSelect;
export type Revision = typeof revisions.$inferSelect;
