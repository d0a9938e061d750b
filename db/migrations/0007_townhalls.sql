CREATE TABLE "townhall_attendees" (
	"townhall_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "townhall_attendees_townhall_id_user_id_pk" PRIMARY KEY("townhall_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "townhall_chat" (
	"id" text PRIMARY KEY NOT NULL,
	"townhall_id" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "townhall_cohosts" (
	"townhall_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "townhall_cohosts_townhall_id_user_id_pk" PRIMARY KEY("townhall_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "townhall_flags" (
	"question_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "townhall_flags_question_id_user_id_pk" PRIMARY KEY("question_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "townhall_questions" (
	"id" text PRIMARY KEY NOT NULL,
	"townhall_id" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"flags" integer DEFAULT 0 NOT NULL,
	"answer" text,
	"answer_html" text,
	"answered_by_id" text,
	"answered_at" timestamp with time zone,
	"merged_into_id" text,
	"forum_question_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "townhall_votes" (
	"question_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "townhall_votes_question_id_user_id_pk" PRIMARY KEY("question_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "townhalls" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"description_html" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 60 NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"stream_url" text,
	"moderated" boolean DEFAULT true NOT NULL,
	"chat_enabled" boolean DEFAULT true NOT NULL,
	"host_id" text NOT NULL,
	"answering_question_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "townhall_attendees" ADD CONSTRAINT "townhall_attendees_townhall_id_townhalls_id_fk" FOREIGN KEY ("townhall_id") REFERENCES "public"."townhalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_attendees" ADD CONSTRAINT "townhall_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_chat" ADD CONSTRAINT "townhall_chat_townhall_id_townhalls_id_fk" FOREIGN KEY ("townhall_id") REFERENCES "public"."townhalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_chat" ADD CONSTRAINT "townhall_chat_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_cohosts" ADD CONSTRAINT "townhall_cohosts_townhall_id_townhalls_id_fk" FOREIGN KEY ("townhall_id") REFERENCES "public"."townhalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_cohosts" ADD CONSTRAINT "townhall_cohosts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_flags" ADD CONSTRAINT "townhall_flags_question_id_townhall_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."townhall_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_flags" ADD CONSTRAINT "townhall_flags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_questions" ADD CONSTRAINT "townhall_questions_townhall_id_townhalls_id_fk" FOREIGN KEY ("townhall_id") REFERENCES "public"."townhalls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_questions" ADD CONSTRAINT "townhall_questions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_questions" ADD CONSTRAINT "townhall_questions_answered_by_id_users_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_votes" ADD CONSTRAINT "townhall_votes_question_id_townhall_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."townhall_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhall_votes" ADD CONSTRAINT "townhall_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "townhalls" ADD CONSTRAINT "townhalls_host_id_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "townhall_chat_townhall_idx" ON "townhall_chat" USING btree ("townhall_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "townhall_questions_townhall_idx" ON "townhall_questions" USING btree ("townhall_id","created_at");--> statement-breakpoint
CREATE INDEX "townhalls_starts_idx" ON "townhalls" USING btree ("starts_at");