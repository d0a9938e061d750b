import { sql } from "drizzle-orm";
import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";

export const reputationKinds = [
  "answer_upvoted",
  "answer_downvoted",
  "question_upvoted",
  "question_downvoted",
  "downvote_cast",
  "answer_accepted",
  "accepted_answer",
  "first_response",
  "reversal",
] as const;
export type ReputationKind = (typeof reputationKinds)[number];

/**
 * The reputation ledger: append-only. An award is never updated or deleted;
 * it is undone by a `reversal` row that points at it and carries the opposite
 * points, so the history always explains a member's total.
 */
export const reputationEvents = pgTable(
  "reputation_events",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: reputationKinds }).notNull(),
    points: integer("points").notNull(),
    // What caused it, so the same cause never pays twice and can be undone: "vote:answer:<id>:<voter>".
    sourceKey: text("source_key").notNull(),
    actorId: text("actor_id"),
    postType: text("post_type", { enum: ["question", "answer"] }),
    postId: text("post_id"),
    questionId: text("question_id"),
    categoryId: text("category_id"),
    // Seconds from the question to this first response (first_response only).
    responseSeconds: integer("response_seconds"),
    reversesId: text("reverses_id"),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    index("reputation_events_user_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("reputation_events_source_idx").on(t.sourceKey),
    index("reputation_events_post_idx").on(t.postType, t.postId),
    index("reputation_events_pair_idx").on(t.actorId, t.userId, t.createdAt),
    index("reputation_events_first_response_idx").on(t.userId, t.responseSeconds).where(sql`${t.kind} = 'first_response'`),
    // An event is reversed at most once.
    uniqueIndex("reputation_events_reverses_idx").on(t.reversesId),
  ],
);

/**
 * Per-period sums of the ledger, kept in the same transaction as each event,
 * so leaderboards read an index instead of summing the ledger. `categoryId`
 * is "" for the forum as a whole; `periodStart` is 1970-01-01 for all time.
 */
export const reputationTotals = pgTable(
  "reputation_totals",
  {
    period: text("period", { enum: ["week", "month", "all"] }).notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    categoryId: text("category_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    points: integer("points").notNull().default(0),
    accepted: integer("accepted").notNull().default(0),
    firstResponses: integer("first_responses").notNull().default(0),
    firstResponseSeconds: bigint("first_response_seconds", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.period, t.periodStart, t.categoryId, t.userId] }),
    index("reputation_totals_points_idx").on(t.period, t.periodStart, t.categoryId, t.points.desc()),
    index("reputation_totals_accepted_idx").on(t.period, t.periodStart, t.categoryId, t.accepted.desc()),
    index("reputation_totals_fastest_idx")
      .on(t.period, t.periodStart, t.categoryId, sql`(${t.firstResponseSeconds} / ${t.firstResponses})`)
      .where(sql`${t.firstResponses} >= 3`),
  ],
);

export const badgeTiers = ["bronze", "silver", "gold"] as const;
export type BadgeTier = (typeof badgeTiers)[number];

/** A badge is awarded once per member; the unique key makes a second award impossible. */
export const userBadges = pgTable(
  "user_badges",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    slug: text("slug").notNull(),
    awardedAt: timestamp("awarded_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] }), index("user_badges_slug_idx").on(t.slug, t.awardedAt.desc())],
);

/** Members who crossed the advocate threshold, waiting for staff to decide. */
export const advocateNominations = pgTable("advocate_nominations", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  reason: text("reason").notNull(),
  reputation: integer("reputation").notNull(),
  acceptedCount: integer("accepted_count").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  decision: text("decision", { enum: ["promoted", "dismissed"] }),
  decidedById: text("decided_by_id"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});

export type ReputationEvent = typeof reputationEvents.$inferSelect;
export type UserBadge = typeof userBadges.$inferSelect;
export type AdvocateNomination = typeof advocateNominations.$inferSelect;
