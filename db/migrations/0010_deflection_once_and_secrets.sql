CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "deflection_draft_idx";--> statement-breakpoint
-- Events recorded twice before one-per-kind was the rule: keep the first of each.
DELETE FROM "deflection_events" a USING "deflection_events" b WHERE a."draft_id" = b."draft_id" AND a."kind" = b."kind" AND a."id" > b."id";--> statement-breakpoint
ALTER TABLE "deflection_events" ADD COLUMN "visitor_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "deflection_draft_kind_idx" ON "deflection_events" USING btree ("draft_id","kind");