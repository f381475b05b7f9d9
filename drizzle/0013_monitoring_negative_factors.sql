CREATE TABLE "monitoring_negative_factors" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"factor" text NOT NULL,
	"evidence" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_on" date NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_by" text,
	"decided_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_negative_factors" ADD CONSTRAINT "monitoring_negative_factors_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_negative_factors_household_idx" ON "monitoring_negative_factors" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "monitoring_negative_factors_area_idx" ON "monitoring_negative_factors" USING btree ("area_code");