import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";

export const notificationKinds = ["answer", "mention", "accepted", "badge", "nomination", "routed", "escalated", "assigned", "private_reply", "townhall_reminder", "townhall_answered", "post_hidden", "flag_resolved", "restricted", "watched_answer", "watched_question", "new_device"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: notificationKinds }).notNull(),
    actorId: text("actor_id").references(() => users.id),
    questionId: text("question_id"),
    answerId: text("answer_id"),
    // The badge's slug for "badge" notifications.
    subject: text("subject"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt.desc())],
);

export type Notification = typeof notifications.$inferSelect;
