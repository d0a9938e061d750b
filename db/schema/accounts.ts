import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, index } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";

export const roleEnum = pgEnum("role", ["customer", "advocate", "staff", "admin"]);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    username: text("username").notNull(),
    displayName: text("display_name"),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull().default("customer"),
    // A cache of the reputation ledger's sum; the ledger (a later migration) is the truth.
    reputation: integer("reputation").notNull().default(0),
    bio: text("bio"),
    // An IANA zone the member chose for times; null: the browser's zone.
    timeZone: text("time_zone"),
    // Null until the member opens the link mailed to this address; a new address clears it.
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    // Path under DATA_DIR/media of the resized avatar; null: initials.
    avatarPath: text("avatar_path"),
    // Per notification kind: "instant" | "daily" | "off"; a kind not named takes its default (notificationEmailDefaults).
    emailPrefs: jsonb("email_prefs").$type<Partial<Record<string, "instant" | "daily" | "off">>>().notNull().default({}),
    // The weekly digest of top questions in what the member follows.
    weeklyDigest: boolean("weekly_digest").notNull().default(true),
    // Set when the member deleted the account: the row stays so posts and the ledger keep their author ("deleted user").
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
    uniqueIndex("users_username_lower_idx").on(sql`lower(${t.username})`),
    index("users_role_idx").on(t.role),
  ],
);

// Lucia's adapter reads and writes this table; its columns follow Lucia's contract.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    // Shown in settings' session list, so a member can tell their devices apart and revoke one.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // SHA-256 of the token: the token itself is shown once and never stored.
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_idx").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

// Fixed-window counters shared by every app node (login attempts, posting limits).
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Role = (typeof roleEnum.enumValues)[number];
export const roles = roleEnum.enumValues;
