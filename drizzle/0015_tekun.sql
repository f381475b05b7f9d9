CREATE TABLE "tekun_assessments" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"member_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"assessed_on" date NOT NULL,
	"assessor" text NOT NULL,
	"level" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tekun_assessments_level" CHECK (level IN ('able', 'partial', 'unable'))
);
--> statement-breakpoint
CREATE TABLE "tekun_carers" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"member_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"phone" text NOT NULL,
	"bank" jsonb,
	"agreement_from" date NOT NULL,
	"agreement_to" date NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tekun_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"mime" text NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tekun_institutions" (
	"id" text PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"beds" integer NOT NULL,
	"nursing_beds" integer NOT NULL,
	"stars" integer DEFAULT 0 NOT NULL,
	"demonstration" boolean DEFAULT false NOT NULL,
	"manager" text NOT NULL,
	"phone" text,
	"bank" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tekun_institutions_beds" CHECK (nursing_beds >= 0 AND nursing_beds <= beds)
);
--> statement-breakpoint
CREATE TABLE "tekun_stays" (
	"id" text PRIMARY KEY NOT NULL,
	"institution_id" text NOT NULL,
	"household_id" text NOT NULL,
	"member_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"bed" text,
	"admitted_on" date NOT NULL,
	"admit_reason" text NOT NULL,
	"discharged_on" date,
	"discharge_reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tekun_willingness" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"member_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"willing" boolean NOT NULL,
	"asked_on" date NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "payroll_lines_natural_key";--> statement-breakpoint
ALTER TABLE "payroll_lines" ADD COLUMN "part" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "payroll_lines" ADD COLUMN "payee_kind" text DEFAULT 'person' NOT NULL;--> statement-breakpoint
ALTER TABLE "tekun_assessments" ADD CONSTRAINT "tekun_assessments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_assessments" ADD CONSTRAINT "tekun_assessments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_carers" ADD CONSTRAINT "tekun_carers_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_carers" ADD CONSTRAINT "tekun_carers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_stays" ADD CONSTRAINT "tekun_stays_institution_id_tekun_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."tekun_institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_stays" ADD CONSTRAINT "tekun_stays_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_stays" ADD CONSTRAINT "tekun_stays_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_willingness" ADD CONSTRAINT "tekun_willingness_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tekun_willingness" ADD CONSTRAINT "tekun_willingness_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tekun_assessments_area_idx" ON "tekun_assessments" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "tekun_assessments_member_idx" ON "tekun_assessments" USING btree ("member_id","assessed_on");--> statement-breakpoint
CREATE INDEX "tekun_carers_area_idx" ON "tekun_carers" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "tekun_carers_member_idx" ON "tekun_carers" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tekun_carers_open_idx" ON "tekun_carers" USING btree ("member_id") WHERE ended_on IS NULL;--> statement-breakpoint
CREATE INDEX "tekun_files_owner_idx" ON "tekun_files" USING btree ("owner_kind","owner_id");--> statement-breakpoint
CREATE INDEX "tekun_files_area_idx" ON "tekun_files" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "tekun_institutions_area_idx" ON "tekun_institutions" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "tekun_stays_area_idx" ON "tekun_stays" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "tekun_stays_institution_idx" ON "tekun_stays" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "tekun_stays_member_idx" ON "tekun_stays" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tekun_stays_open_idx" ON "tekun_stays" USING btree ("member_id") WHERE discharged_on IS NULL;--> statement-breakpoint
CREATE INDEX "tekun_willingness_area_idx" ON "tekun_willingness" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "tekun_willingness_member_idx" ON "tekun_willingness" USING btree ("member_id","asked_on");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_lines_natural_key" ON "payroll_lines" USING btree ("household_id","program","period","kind","part");--> statement-breakpoint
ALTER TABLE "payroll_lines" ADD CONSTRAINT "payroll_lines_payee_kind" CHECK (payee_kind IN ('person', 'institution', 'carer'));