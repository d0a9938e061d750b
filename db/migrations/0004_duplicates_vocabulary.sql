CREATE TABLE "search_vocabulary" (
	"id" text PRIMARY KEY NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"stop_words" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "duplicate_of_id" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "closed_by_id" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "closed_at" timestamp with time zone;