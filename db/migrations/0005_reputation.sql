CREATE TYPE "public"."category_visibility" AS ENUM('public', 'advocates', 'staff');--> statement-breakpoint
CREATE TABLE "advocate_nominations" (
	"user_id" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"reputation" integer NOT NULL,
	"accepted_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision" text,
	"decided_by_id" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reputation_events" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"source_key" text NOT NULL,
	"actor_id" text,
	"post_type" text,
	"post_id" text,
	"question_id" text,
	"category_id" text,
	"response_seconds" integer,
	"reverses_id" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reputation_totals" (
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"category_id" text NOT NULL,
	"user_id" text NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"first_responses" integer DEFAULT 0 NOT NULL,
	"first_response_seconds" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "reputation_totals_period_period_start_category_id_user_id_pk" PRIMARY KEY("period","period_start","category_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "user_badges" (
	"user_id" text NOT NULL,
	"slug" text NOT NULL,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_badges_user_id_slug_pk" PRIMARY KEY("user_id","slug")
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "visibility" "category_visibility" DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "advocate_nominations" ADD CONSTRAINT "advocate_nominations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_events" ADD CONSTRAINT "reputation_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_totals" ADD CONSTRAINT "reputation_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_badges" ADD CONSTRAINT "user_badges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reputation_events_user_idx" ON "reputation_events" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reputation_events_source_idx" ON "reputation_events" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "reputation_events_post_idx" ON "reputation_events" USING btree ("post_type","post_id");--> statement-breakpoint
CREATE INDEX "reputation_events_pair_idx" ON "reputation_events" USING btree ("actor_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "reputation_events_first_response_idx" ON "reputation_events" USING btree ("user_id","response_seconds") WHERE "reputation_events"."kind" = 'first_response';--> statement-breakpoint
CREATE UNIQUE INDEX "reputation_events_reverses_idx" ON "reputation_events" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "reputation_totals_points_idx" ON "reputation_totals" USING btree ("period","period_start","category_id","points" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reputation_totals_accepted_idx" ON "reputation_totals" USING btree ("period","period_start","category_id","accepted" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reputation_totals_fastest_idx" ON "reputation_totals" USING btree ("period","period_start","category_id",("first_response_seconds" / "first_responses")) WHERE "reputation_totals"."first_responses" >= 3;--> statement-breakpoint
CREATE INDEX "user_badges_slug_idx" ON "user_badges" USING btree ("slug","awarded_at" DESC NULLS LAST);--> statement-breakpoint
-- The ledger is append-only: corrections are new reversal rows, never edits.
CREATE FUNCTION "reputation_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reputation_events is append-only: add a reversal instead';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "reputation_events_append_only" BEFORE UPDATE OR DELETE ON "reputation_events" FOR EACH ROW EXECUTE FUNCTION "reputation_events_append_only"();
