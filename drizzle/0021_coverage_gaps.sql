CREATE TABLE "coverage_gaps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"program" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"amount_fen" bigint,
	"entitlement_id" text,
	"policy" jsonb NOT NULL,
	"found_on" date NOT NULL,
	"seen_on" date NOT NULL,
	"last_run" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"note" text,
	"closed_ref" jsonb,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_gaps" ADD CONSTRAINT "coverage_gaps_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coverage_gaps_open_idx" ON "coverage_gaps" USING btree ("household_id","program","kind") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "coverage_gaps_area_idx" ON "coverage_gaps" USING btree ("status","area_code");--> statement-breakpoint
CREATE INDEX "coverage_gaps_household_idx" ON "coverage_gaps" USING btree ("household_id");