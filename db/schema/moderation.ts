import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";

/** What can be flagged and reviewed: forum posts, and what attendees write in a town hall. */
export const moderatedTypes = ["question", "answer", "townhall_question", "chat_message"] as const;
export type ModeratedType = (typeof moderatedTypes)[number];

export const flagReasons = ["spam", "abusive", "off_topic", "needs_staff", "other"] as const;
export type FlagReason = (typeof flagReasons)[number];

/** Why an item is in the review queue: people flagged it, a spam rule held it, or its author edited it while hidden. */
export const reviewSources = ["flags", "spam_rule", "edited"] as const;
export type ReviewSource = (typeof reviewSources)[number];

export const reviewStatuses = ["pending", "kept", "hidden", "deleted"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/**
 * One review of one post. A post has at most one pending item (a unique
 * partial index), which every new flag joins; a resolved item stays as the
 * record of what staff decided and why.
 */
export const reviewItems = pgTable(
  "review_items",
  {
    id: text("id").primaryKey(),
    targetType: text("target_type", { enum: moderatedTypes }).notNull(),
    targetId: text("target_id").notNull(),
    // The post's author, so the queue and "suspend the author" need no join per type.
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    source: text("source", { enum: reviewSources }).notNull(),
    // A spam rule's name (first_links, repeat_spam, silenced) when source is spam_rule.
    rule: text("rule"),
    status: text("status", { enum: reviewStatuses }).notNull().default("pending"),
    // The flags' weights summed; a cache of the flags rows that joined this item.
    weight: integer("weight").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedById: text("resolved_by_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("review_items_open_target_idx").on(t.targetType, t.targetId).where(sql`${t.status} = 'pending'`),
    // The queue walks this oldest first and stops after a page, at any depth.
    index("review_items_pending_idx").on(t.createdAt, t.id).where(sql`${t.status} = 'pending'`),
    index("review_items_target_idx").on(t.targetType, t.targetId, t.createdAt.desc()),
  ],
);

/** A member's flag on a post: once per member per post, whatever became of the first. */
export const flags = pgTable(
  "flags",
  {
    id: text("id").primaryKey(),
    reviewItemId: text("review_item_id")
      .notNull()
      .references(() => reviewItems.id),
    targetType: text("target_type", { enum: moderatedTypes }).notNull(),
    targetId: text("target_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason", { enum: flagReasons }).notNull(),
    note: text("note"),
    weight: integer("weight").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex("flags_user_target_idx").on(t.userId, t.targetType, t.targetId), index("flags_item_idx").on(t.reviewItemId)],
);

/**
 * What staff removed as spam, kept as fingerprints (a hash of the normalised
 * text, and each address it linked to) so that the same post pasted again is held.
 */
export const spamFingerprints = pgTable(
  "spam_fingerprints",
  {
    kind: text("kind", { enum: ["text", "link"] }).notNull(),
    value: text("value").notNull(),
    reviewItemId: text("review_item_id").references(() => reviewItems.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] })],
);

/** Staff's time-boxed limits on an account: suspended (read only) or silenced (posts go to review). */
export const restrictionKinds = ["suspended", "silenced"] as const;
export type RestrictionKind = (typeof restrictionKinds)[number];

export const userRestrictions = pgTable(
  "user_restrictions",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: restrictionKinds }).notNull(),
    until: timestamp("until", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    byId: text("by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** "Ignore this member": their posts fold away for me, and they cannot mention or notify me. */
export const userIgnores = pgTable(
  "user_ignores",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ignoredId: text("ignored_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ignoredId] }), index("user_ignores_ignored_idx").on(t.ignoredId)],
);

export type ReviewItem = typeof reviewItems.$inferSelect;
export type Flag = typeof flags.$inferSelect;
export type UserRestriction = typeof userRestrictions.$inferSelect;
