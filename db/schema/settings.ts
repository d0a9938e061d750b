import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Keys the forum makes for itself (HMAC keys for signed ids), created on
 * first use and shared by every app node through the database.
 */
export const appSecrets = pgTable("app_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
