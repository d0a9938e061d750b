import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL here; the app applies it with its own migrator
// on PostgreSQL and on PGlite alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
