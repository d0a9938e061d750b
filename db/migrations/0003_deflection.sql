CREATE TABLE "deflection_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"draft_id" text NOT NULL,
	"kind" text NOT NULL,
	"user_id" text,
	"question_id" text,
	"suggestion_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deflection_draft_idx" ON "deflection_events" USING btree ("draft_id");--> statement-breakpoint
CREATE INDEX "deflection_created_idx" ON "deflection_events" USING btree ("created_at");