CREATE TABLE "feed_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"period" text NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rows" integer NOT NULL,
	"loaded" integer NOT NULL,
	"errors" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"file_id" integer NOT NULL,
	"source" text NOT NULL,
	"period" text NOT NULL,
	"row" integer NOT NULL,
	"id_number" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"member_id" text,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"period" text NOT NULL,
	"id_number" text COLLATE "C" NOT NULL,
	"evidence" jsonb NOT NULL,
	"evidence_hash" text NOT NULL,
	"message" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"reason" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"raised_on" date NOT NULL,
	"last_seen_on" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feed_records" ADD CONSTRAINT "feed_records_file_id_feed_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."feed_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_files_source_period_sha_idx" ON "feed_files" USING btree ("source","period","sha256");--> statement-breakpoint
CREATE INDEX "feed_files_area_idx" ON "feed_files" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "feed_records_source_period_idx" ON "feed_records" USING btree ("source","period","id_number");--> statement-breakpoint
CREATE INDEX "feed_records_id_number_idx" ON "feed_records" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "feed_records_file_idx" ON "feed_records" USING btree ("file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_subject_evidence_idx" ON "findings" USING btree ("household_id","kind",coalesce("member_id", ''),"evidence_hash");--> statement-breakpoint
CREATE INDEX "findings_household_idx" ON "findings" USING btree ("household_id","state");--> statement-breakpoint
CREATE INDEX "findings_area_idx" ON "findings" USING btree ("area_code","state");