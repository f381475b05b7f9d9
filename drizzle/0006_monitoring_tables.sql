CREATE TABLE "monitoring_cadres" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_criticisms" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_files" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"mime" text NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_households" (
	"household_id" text PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"type" text NOT NULL,
	"risk_factors" jsonb NOT NULL,
	"status" text DEFAULT 'monitored' NOT NULL,
	"identified_on" date NOT NULL,
	"removed_on" date,
	"monitoring_cadre_id" integer,
	"paired_cadre_id" integer,
	"cadres_assigned_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_measures" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"risk_factor" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"result" text,
	"result_on" date,
	"case_id" text,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_procedures" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"purpose" text NOT NULL,
	"state" text NOT NULL,
	"clue_on" date NOT NULL,
	"due_on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notice_id" text,
	"task_id" text,
	"decided_on" date,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"member_id" text,
	"amount_fen" bigint,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	"reporter_name" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"held_on" date NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_visits" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"cadre_id" integer NOT NULL,
	"visited_on" date NOT NULL,
	"mode" text NOT NULL,
	"checklist" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_warnings" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"rule" text NOT NULL,
	"level" text NOT NULL,
	"source" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"message" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"raised_on" date NOT NULL,
	"clue_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"result_note" text,
	"handled_by" text,
	"handled_at" timestamp with time zone,
	"procedure_id" text,
	"task_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_criticisms" ADD CONSTRAINT "monitoring_criticisms_round_id_monitoring_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."monitoring_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_households" ADD CONSTRAINT "monitoring_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_measures" ADD CONSTRAINT "monitoring_measures_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_procedures" ADD CONSTRAINT "monitoring_procedures_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_reports" ADD CONSTRAINT "monitoring_reports_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_visits" ADD CONSTRAINT "monitoring_visits_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_visits" ADD CONSTRAINT "monitoring_visits_cadre_id_monitoring_cadres_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."monitoring_cadres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_warnings" ADD CONSTRAINT "monitoring_warnings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_cadres_area_idx" ON "monitoring_cadres" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_criticisms_round_area_idx" ON "monitoring_criticisms" USING btree ("round_id","area_code");--> statement-breakpoint
CREATE INDEX "monitoring_criticisms_area_idx" ON "monitoring_criticisms" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "monitoring_files_subject_idx" ON "monitoring_files" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "monitoring_households_area_idx" ON "monitoring_households" USING btree ("area_code","status");--> statement-breakpoint
CREATE INDEX "monitoring_measures_household_idx" ON "monitoring_measures" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "monitoring_measures_area_idx" ON "monitoring_measures" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "monitoring_procedures_area_idx" ON "monitoring_procedures" USING btree ("area_code","state");--> statement-breakpoint
CREATE INDEX "monitoring_procedures_household_idx" ON "monitoring_procedures" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_procedures_open_idx" ON "monitoring_procedures" USING btree ("household_id") WHERE state not in ('identified', 'removed', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE INDEX "monitoring_reports_area_idx" ON "monitoring_reports" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "monitoring_reports_household_idx" ON "monitoring_reports" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_rounds_name_idx" ON "monitoring_rounds" USING btree ("area_code","name");--> statement-breakpoint
CREATE INDEX "monitoring_visits_household_idx" ON "monitoring_visits" USING btree ("household_id","visited_on");--> statement-breakpoint
CREATE INDEX "monitoring_visits_area_idx" ON "monitoring_visits" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_warnings_dedupe_idx" ON "monitoring_warnings" USING btree ("household_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "monitoring_warnings_area_idx" ON "monitoring_warnings" USING btree ("area_code","status","level");