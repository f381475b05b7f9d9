ALTER TABLE "recoveries" ADD COLUMN "paid_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "recoveries" ADD COLUMN "computed_fen" bigint DEFAULT 0 NOT NULL;