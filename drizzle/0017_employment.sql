CREATE TABLE "employment_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rows" integer NOT NULL,
	"loaded" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_services" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"end_date" date,
	"course" text,
	"days" smallint,
	"completed" boolean,
	"employed_after" boolean,
	"employer" text,
	"monthly_wage_fen" bigint,
	"broker" text,
	"payee" jsonb,
	"cleared_zero_since" date,
	"note" text,
	"source" text NOT NULL,
	"file_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "welfare_job_holders" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"member_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"start_date" date NOT NULL,
	"max_last_day" date NOT NULL,
	"to_retirement" boolean NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"payee" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "welfare_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"employer" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employment_services" ADD CONSTRAINT "employment_services_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_services" ADD CONSTRAINT "employment_services_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_services" ADD CONSTRAINT "employment_services_file_id_employment_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."employment_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "welfare_job_holders" ADD CONSTRAINT "welfare_job_holders_job_id_welfare_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."welfare_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "welfare_job_holders" ADD CONSTRAINT "welfare_job_holders_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "welfare_job_holders" ADD CONSTRAINT "welfare_job_holders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "employment_files_area_idx" ON "employment_files" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "employment_services_member_idx" ON "employment_services" USING btree ("member_id","date");--> statement-breakpoint
CREATE INDEX "employment_services_household_idx" ON "employment_services" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "employment_services_area_idx" ON "employment_services" USING btree ("area_code","kind","date");--> statement-breakpoint
CREATE INDEX "welfare_job_holders_member_idx" ON "welfare_job_holders" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "welfare_job_holders_job_idx" ON "welfare_job_holders" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "welfare_job_holders_area_idx" ON "welfare_job_holders" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "welfare_jobs_area_idx" ON "welfare_jobs" USING btree ("area_code");