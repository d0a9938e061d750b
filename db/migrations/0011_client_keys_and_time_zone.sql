ALTER TABLE "users" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "client_key" text;--> statement-breakpoint
ALTER TABLE "private_messages" ADD COLUMN "client_key" text;--> statement-breakpoint
ALTER TABLE "saved_replies" ADD COLUMN "client_key" text;--> statement-breakpoint
ALTER TABLE "staff_notes" ADD COLUMN "client_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "answers_client_key_idx" ON "answers" USING btree ("author_id","client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "private_messages_client_key_idx" ON "private_messages" USING btree ("author_id","client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_replies_client_key_idx" ON "saved_replies" USING btree ("created_by_id","client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_notes_client_key_idx" ON "staff_notes" USING btree ("author_id","client_key");