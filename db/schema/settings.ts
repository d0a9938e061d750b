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

/**
 * What the first administrator chose at /setup (the community's name), and
 * the row that marks setup as done: its primary key lets only one setup win.
 */
export const siteSettings = pgTable("site_settings", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type SiteSetting = typeof siteSettings.$inferSelect;
