
import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";

export const townhallStates = ["scheduled", "live", "ended"] as const;
export type TownhallState = (typeof townhallStates)[number];

export const townhalls = pgTable(
  "townhalls",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    descriptionHtml: text("description_html").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(60),
    state: text("state", { enum: townhallStates }).notNull().default("scheduled"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    // Only YouTube, Vimeo or an HLS (.m3u8) https URL, checked on write; the page builds the embed itself.
    streamUrl: text("stream_url"),
    moderated: boolean("moderated").notNull().default(true),
    chatEnabled: boolean("chat_enabled").notNull().default(true),
    hostId: text("host_id")
      .notNull()
      .references(() => users.id),
    answeringQuestionId: text("answering_question_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("townhalls_starts_idx").on(t.startsAt)],
);

export const townhallCohosts = pgTable(
  "townhall_cohosts",
  {
    townhallId: text("townhall_id")
      .notNull()
      .references(() => townhalls.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.townhallId, t.userId] })],
);

/** "I will attend": a reminder goes out before the start. */
export const townhallAttendees = pgTable(
  "townhall_attendees",
  {
    townhallId: text("townhall_id")
      .notNull()
      .references(() => townhalls.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.townhallId, t.userId] })],
);

export const townhallQuestionStatuses = ["pending", "approved", "hidden", "answering", "answered"] as const;
export type TownhallQuestionStatus = (typeof townhallQuestionStatuses)[number];

export const townhallQuestions = pgTable(
  "townhall_questions",
  {
    id: text("id").primaryKey(),
    townhallId: text("townhall_id")
      .notNull()
      .references(() => townhalls.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    status: text("status", { enum: townhallQuestionStatuses }).notNull(),
    // A cache of townhall_votes rows for this question.
    votes: integer("votes").notNull().default(0),
    // Moves with every change of `votes`, under the question's row lock: counts
    // coalesced on several nodes arrive in any order, and the higher version wins.
    votesVersion: integer("votes_version").notNull().default(0),
    flags: integer("flags").notNull().default(0),
    answer: text("answer"),
    answerHtml: text("answer_html"),
    answeredById: text("answered_by_id").references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    mergedIntoId: text("merged_into_id"),
    // The forum question staff made of it after the town hall.
    forumQuestionId: text("forum_question_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("townhall_questions_townhall_idx").on(t.townhallId, t.createdAt)],
);

export const townhallVotes = pgTable(
  "townhall_votes",
  {
    questionId: text("question_id")
      .notNull()
      .references(() => townhallQuestions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

export const townhallFlags = pgTable(
  "townhall_flags",
  {
    questionId: text("question_id")
      .notNull()
      .references(() => townhallQuestions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

export const townhallChat = pgTable(
  "townhall_chat",
  {
    id: text("id").primaryKey(),
    townhallId: text("townhall_id")
      .notNull()
      .references(() => townhalls.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    hidden: boolean("hidden").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("townhall_chat_townhall_idx").on(t.townhallId, t.createdAt.desc())],
);

export type Townhall = typeof townhalls.$inferSelect;
export type TownhallQuestion = typeof townhallQuestions.$inferSelect;
