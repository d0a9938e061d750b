import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";

/** What an emailed link proves: the address is the member's, or the member may set a new password. */
export const accountTokenPurposes = ["verify_email", "reset_password"] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/**
 * Single-use, expiring tokens sent by mail. Only the SHA-256 of the token is
 * stored, as for sessions and API tokens: a copy of the table opens nothing.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: accountTokenPurposes }).notNull(),
    tokenHash: text("token_hash").notNull(),
    // The address a verification proves (the member may have changed it since).
    email: text("email").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("account_tokens_hash_idx").on(t.tokenHash), index("account_tokens_user_idx").on(t.userId, t.purpose)],
);
export type AccountToken = typeof accountTokens.$inferSelect;

export const mailStatuses = ["queued", "sent", "skipped", "failed"] as const;
export type MailStatus = (typeof mailStatuses)[number];

/**
 * Every message the forum means to send, written in the transaction of the
 * change that caused it and delivered by the `mail.send` job: a rolled-back
 * change sends nothing, and a crash between commit and send loses nothing.
 */
export const mailMessages = pgTable(
  "mail_messages",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    to: text("to").notNull(),
    // The template: verify_email, reset_password, notification, digest_daily, digest_weekly, new_device, ...
    template: text("template").notNull(),
    // What the template needs (JSON), resolved when it is sent so the message says what is true then.
    data: text("data").notNull().default("{}"),
    notificationId: text("notification_id"),
    status: text("status", { enum: mailStatuses }).notNull().default("queued"),
    subject: text("subject"),
    // Where the message went: the SMTP server's message id, or the .eml file's name.
    deliveredAs: text("delivered_as"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("mail_messages_created_idx").on(t.createdAt.desc()), index("mail_messages_user_idx").on(t.userId, t.createdAt.desc())],
);
export type MailMessage = typeof mailMessages.$inferSelect;

/** What a member can follow: a question, a category (by id), or a tag (by its text). */
export const watchTargets = ["question", "category", "tag"] as const;
export type WatchTarget = (typeof watchTargets)[number];

export const watches = pgTable(
  "watches",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: watchTargets }).notNull(),
    targetId: text("target_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.targetType, t.targetId] }), index("watches_target_idx").on(t.targetType, t.targetId)],
);
export type Watch = typeof watches.$inferSelect;

/** An account at an OpenID Connect provider, linked to a forum account by the provider's `sub`. */
export const userIdentities = pgTable(
  "user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index("user_identities_user_idx").on(t.userId)],
);
export type UserIdentity = typeof userIdentities.$inferSelect;

