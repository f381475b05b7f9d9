CREATE TABLE "disaster_distributions" (
	"id" text PRIMARY KEY NOT NULL,
	"relief_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"items" text NOT NULL,
	"value_fen" bigint NOT NULL,
	"given_on" date NOT NULL,
	"signed_by" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disaster_emergencies" (
	"id" text PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text NOT NULL,
	"event_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disaster_events" (
	"id" text PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"areas" jsonb NOT NULL,
	"observations" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposed_level" text,
	"proposal" jsonb NOT NULL,
	"level" text,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"confirm_note" text,
	"needs_prefecture" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disaster_files" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"mime" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disaster_households" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"id_number" text COLLATE "C" NOT NULL,
	"affected" integer NOT NULL,
	"dead" integer DEFAULT 0 NOT NULL,
	"missing" integer DEFAULT 0 NOT NULL,
	"injured" integer DEFAULT 0 NOT NULL,
	"relocated" integer DEFAULT 0 NOT NULL,
	"loss_fen" bigint DEFAULT 0 NOT NULL,
	"damage" text NOT NULL,
	"needs" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"links" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disaster_households_people" CHECK (affected >= 0 AND dead >= 0 AND missing >= 0 AND injured >= 0 AND relocated >= 0 AND loss_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "disaster_instalments" (
	"id" text PRIMARY KEY NOT NULL,
	"relief_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"seq" integer NOT NULL,
	"month" text,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"progress" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disaster_instalments_status" CHECK (status IN ('waiting', 'due', 'paid'))
);
--> statement-breakpoint
CREATE TABLE "disaster_relief" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"affected_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"season" text,
	"form" text NOT NULL,
	"items" text DEFAULT '' NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reasons" jsonb NOT NULL,
	"state" text NOT NULL,
	"workflow" jsonb NOT NULL,
	"level" text NOT NULL,
	"task_id" text,
	"bank" jsonb,
	"decided_by" text,
	"decided_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "disaster_relief_amount" CHECK (amount_fen >= 0)
);
--> statement-breakpoint
ALTER TABLE "disaster_distributions" ADD CONSTRAINT "disaster_distributions_relief_id_disaster_relief_id_fk" FOREIGN KEY ("relief_id") REFERENCES "public"."disaster_relief"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_emergencies" ADD CONSTRAINT "disaster_emergencies_event_id_disaster_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."disaster_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_households" ADD CONSTRAINT "disaster_households_event_id_disaster_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."disaster_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_households" ADD CONSTRAINT "disaster_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_instalments" ADD CONSTRAINT "disaster_instalments_relief_id_disaster_relief_id_fk" FOREIGN KEY ("relief_id") REFERENCES "public"."disaster_relief"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_relief" ADD CONSTRAINT "disaster_relief_event_id_disaster_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."disaster_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_relief" ADD CONSTRAINT "disaster_relief_affected_id_disaster_households_id_fk" FOREIGN KEY ("affected_id") REFERENCES "public"."disaster_households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disaster_relief" ADD CONSTRAINT "disaster_relief_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disaster_distributions_relief_idx" ON "disaster_distributions" USING btree ("relief_id");--> statement-breakpoint
CREATE INDEX "disaster_emergencies_area_idx" ON "disaster_emergencies" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "disaster_events_area_idx" ON "disaster_events" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "disaster_files_subject_idx" ON "disaster_files" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disaster_households_person_idx" ON "disaster_households" USING btree ("event_id","id_number");--> statement-breakpoint
CREATE INDEX "disaster_households_area_idx" ON "disaster_households" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "disaster_instalments_seq_idx" ON "disaster_instalments" USING btree ("relief_id","seq");--> statement-breakpoint
CREATE INDEX "disaster_instalments_due_idx" ON "disaster_instalments" USING btree ("status","area_code");--> statement-breakpoint
CREATE INDEX "disaster_relief_event_idx" ON "disaster_relief" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "disaster_relief_area_idx" ON "disaster_relief" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "disaster_relief_once_idx" ON "disaster_relief" USING btree ("affected_id","kind","season") WHERE state <> 'rejected';