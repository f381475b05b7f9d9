ALTER TABLE "case_reviews" ADD COLUMN "trigger" text DEFAULT 'schedule' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_reviews" ADD COLUMN "note" text;