import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { now } from "../../app/clock";
import { users } from "./accounts";
import { categories, questions } from "./forum";

/**
 * Service levels per category; the row with category_id "" is the default for
 * categories without their own. Minutes count only covered time: all of it
 * for 24/7, or the business hours in `timeZone` minus holidays.
 */
export const slaPolicies = pgTable("sla_policies", {
  categoryId: text("category_id").primaryKey(),
  firstResponseMinutes: integer("first_response_minutes").notNull().default(60),
  advocateWindowMinutes: integer("advocate_window_minutes").notNull().default(30),
  resolutionMinutes: integer("resolution_minutes").notNull().default(1440),
  coverage: text("coverage", { enum: ["always", "business_hours"] }).notNull().default("always"),
  timeZone: text("time_zone").notNull().default("UTC"),
  // ISO weekdays, 1 = Monday.
  businessDays: integer("business_days").array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
  businessStart: text("business_start").notNull().default("09:00"),
  businessEnd: text("business_end").notNull().default("17:00"),
  holidays: text("holidays").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

export const caseStates = ["routing", "escalated", "assigned", "waiting_on_customer", "solved"] as const;
export type CaseState = (typeof caseStates)[number];

/**
 * The support side of a question: its clocks, who has it, and how it ended.
 * One row per question, created when the question is asked.
 */
export const supportCases = pgTable(
  "support_cases",
  {
    questionId: text("question_id")
      .primaryKey()
      .references(() => questions.id),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    state: text("state", { enum: caseStates }).notNull().default("routing"),
    urgent: boolean("urgent").notNull().default(false),
    advocateDueAt: timestamp("advocate_due_at", { withTimezone: true }).notNull(),
    firstResponseDueAt: timestamp("first_response_due_at", { withTimezone: true }).notNull(),
    resolutionDueAt: timestamp("resolution_due_at", { withTimezone: true }).notNull(),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    escalationReason: text("escalation_reason", { enum: ["advocate_window", "asker", "urgent", "staff"] }),
    assigneeId: text("assignee_id").references(() => users.id),
    // What the queue sorts by: the first-response deadline until staff or an advocate replies, then the resolution deadline.
    slaDueAt: timestamp("sla_due_at", { withTimezone: true }).notNull(),
    // The first answer from anyone but the asker, and who gave it (for insights).
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    firstResponseRole: text("first_response_role", { enum: ["peer", "advocate", "staff"] }),
    // The first staff or advocate reply: it stops the first-response clock.
    clockStoppedAt: timestamp("clock_stopped_at", { withTimezone: true }),
    // Set when the first-response clock ran out before a staff or advocate reply.
    breachedAt: timestamp("breached_at", { withTimezone: true }),
    isPrivate: boolean("is_private").notNull().default(false),
    solvedAt: timestamp("solved_at", { withTimezone: true }),
    solvedBy: text("solved_by", { enum: ["peer", "advocate", "staff"] }),
    solvedInPrivate: boolean("solved_in_private"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [
    // The staff queue: open escalations by time left.
    index("support_cases_queue_idx").on(t.slaDueAt, t.questionId).where(sql`${t.state} in ('escalated', 'assigned', 'waiting_on_customer')`),
    index("support_cases_assignee_idx").on(t.assigneeId, t.slaDueAt).where(sql`${t.state} in ('escalated', 'assigned', 'waiting_on_customer')`),
    index("support_cases_customer_idx").on(t.customerId, t.createdAt.desc()),
  ],
);

/** Staff-only notes on a question. Nothing outside staff views ever reads this table. */
export const staffNotes = pgTable(
  "staff_notes",
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
    // The form's idempotency key: a double submit of one note writes it once.
    clientKey: text("client_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("staff_notes_question_idx").on(t.questionId, t.createdAt), uniqueIndex("staff_notes_client_key_idx").on(t.authorId, t.clientKey)],
);

/** Reply templates; usable once an admin approved them. `{{name}}`-style placeholders are filled on use. */
export const savedReplies = pgTable(
  "saved_replies",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdById: text("created_by_id")
      .notNull()
      .references(() => users.id),
    approvedById: text("approved_by_id").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    useCount: integer("use_count").notNull().default(0),
    clientKey: text("client_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [uniqueIndex("saved_replies_client_key_idx").on(t.createdById, t.clientKey)],
);

/** A conversation moved out of public view: only the asker and staff read it. */
export const privateMessages = pgTable(
  "private_messages",
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
    clientKey: text("client_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("private_messages_question_idx").on(t.questionId, t.createdAt), uniqueIndex("private_messages_client_key_idx").on(t.authorId, t.clientKey)],
);

/** What happened to a case, for the customer timeline and the insights. */
export const caseEvents = pgTable(
  "case_events",
  {
    id: text("id").primaryKey(),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", {
      enum: ["escalated", "assigned", "claimed", "status_changed", "moved_private", "first_response", "solved", "breached", "routed"],
    }).notNull(),
    actorId: text("actor_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("case_events_customer_idx").on(t.customerId, t.createdAt.desc()), index("case_events_question_idx").on(t.questionId, t.createdAt)],
);

export const webhookEvents = ["question.escalated", "question.assigned", "question.solved"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  // Shared secret for the HMAC-SHA256 signature; shown to staff once, when created.
  secret: text("secret").notNull(),
  events: text("events").array().notNull(),
  active: boolean("active").notNull().default(true),
  createdById: text("created_by_id")
    .notNull()
    .references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
});

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    event: text("event").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow().$defaultFn(now),
  },
  (t) => [index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt.desc())],
);

export type SlaPolicy = typeof slaPolicies.$inferSelect;
export type SupportCase = typeof supportCases.$inferSelect;
export type StaffNote = typeof staffNotes.$inferSelect;
export type SavedReply = typeof savedReplies.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
