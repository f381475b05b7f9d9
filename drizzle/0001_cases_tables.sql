CREATE TABLE "case_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
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
CREATE TABLE "case_programs" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"program" text NOT NULL,
	"subtype" text,
	"state" text NOT NULL,
	"workflow" jsonb,
	"level" text DEFAULT 'township' NOT NULL,
	"one_by_one" boolean DEFAULT false NOT NULL,
	"amount_fen" bigint,
	"objection" boolean DEFAULT false NOT NULL,
	"notice_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decision" text,
	"decision_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"entitlement_id" text,
	"start_month" text,
	"task_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_referrals" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"program_id" text,
	"area_code" text COLLATE "C" NOT NULL,
	"department" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text NOT NULL,
	"task_id" text,
	"result" text,
	"result_by" text,
	"result_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"program_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'due' NOT NULL,
	"outcome" text,
	"evaluation" jsonb,
	"reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"household_id" text,
	"area_code" text COLLATE "C" NOT NULL,
	"channel" text NOT NULL,
	"channel_detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"applicant_name" text COLLATE "C" NOT NULL,
	"applicant_id_number" text COLLATE "C",
	"applicant_phone" text,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"relative_declared" boolean DEFAULT false NOT NULL,
	"relative_matched" boolean DEFAULT false NOT NULL,
	"sampled" boolean DEFAULT false NOT NULL,
	"sample_result" jsonb,
	"bank" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cases_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "reserve_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"township_code" text COLLATE "C" NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"case_id" text,
	"program_id" text,
	"note" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_relatives" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"staff_name" text NOT NULL,
	"staff_position" text NOT NULL,
	"relative_name" text NOT NULL,
	"relative_id_number" text COLLATE "C" NOT NULL,
	"relation" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" text,
	"removed_at" timestamp with time zone,
	"removed_reason" text
);
--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_programs" ADD CONSTRAINT "case_programs_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_referrals" ADD CONSTRAINT "case_referrals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reviews" ADD CONSTRAINT "case_reviews_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reserve_movements" ADD CONSTRAINT "reserve_movements_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_attachments_case_idx" ON "case_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_attachments_area_idx" ON "case_attachments" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "case_programs_case_idx" ON "case_programs" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_programs_queue_idx" ON "case_programs" USING btree ("state","area_code");--> statement-breakpoint
CREATE INDEX "case_programs_area_idx" ON "case_programs" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "case_referrals_department_idx" ON "case_referrals" USING btree ("department","status");--> statement-breakpoint
CREATE INDEX "case_referrals_case_idx" ON "case_referrals" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_referrals_area_idx" ON "case_referrals" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "case_reviews_program_due_idx" ON "case_reviews" USING btree ("program_id","due_date");--> statement-breakpoint
CREATE INDEX "case_reviews_queue_idx" ON "case_reviews" USING btree ("status","area_code","due_date");--> statement-breakpoint
CREATE INDEX "cases_area_idx" ON "cases" USING btree ("area_code","status");--> statement-breakpoint
CREATE INDEX "cases_household_idx" ON "cases" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "reserve_movements_township_idx" ON "reserve_movements" USING btree ("township_code");--> statement-breakpoint
CREATE INDEX "staff_relatives_id_number_idx" ON "staff_relatives" USING btree ("relative_id_number");--> statement-breakpoint
CREATE INDEX "staff_relatives_area_idx" ON "staff_relatives" USING btree ("area_code");