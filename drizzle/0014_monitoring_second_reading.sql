CREATE TABLE "monitoring_cadre_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"cadre_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_on" date NOT NULL,
	"to_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "monitoring_households" ADD COLUMN "warning_level" text;--> statement-breakpoint
ALTER TABLE "monitoring_households" ADD COLUMN "warning_cleared_on" date;--> statement-breakpoint
ALTER TABLE "monitoring_visits" ADD COLUMN "improvements" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_cadre_assignments" ADD CONSTRAINT "monitoring_cadre_assignments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_cadre_assignments" ADD CONSTRAINT "monitoring_cadre_assignments_cadre_id_monitoring_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."monitoring_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_negative_factors" ADD CONSTRAINT "monitoring_negative_factors_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_cadre_assignments_household_idx" ON "monitoring_cadre_assignments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "monitoring_cadre_assignments_area_idx" ON "monitoring_cadre_assignments" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_cadre_assignments_current_idx" ON "monitoring_cadre_assignments" USING btree ("household_id","kind") WHERE to_on is null;--> statement-breakpoint
CREATE INDEX "monitoring_negative_factors_household_idx" ON "monitoring_negative_factors" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "monitoring_negative_factors_area_idx" ON "monitoring_negative_factors" USING btree ("area_code");--> statement-breakpoint
-- Backfill: each current cadre becomes a dated assignment from the household's assignment date (or its identification).
INSERT INTO "monitoring_cadre_assignments" ("household_id", "area_code", "cadre_id", "kind", "from_on", "created_by")
  SELECT "household_id", "area_code", "monitoring_cadre_id", 'monitoring', coalesce("cadres_assigned_on", "identified_on"), 'migration' FROM "monitoring_households" WHERE "monitoring_cadre_id" IS NOT NULL
  UNION ALL
  SELECT "household_id", "area_code", "paired_cadre_id", 'paired', coalesce("cadres_assigned_on", "identified_on"), 'migration' FROM "monitoring_households" WHERE "paired_cadre_id" IS NOT NULL;
