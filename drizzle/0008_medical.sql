CREATE TABLE "medical_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rows" integer NOT NULL,
	"settled" integer NOT NULL,
	"skipped" integer NOT NULL,
	"policy" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "medical_settlements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_no" text NOT NULL,
	"file_id" integer,
	"channel" text NOT NULL,
	"id_number" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"member_id" text,
	"household_id" text,
	"area_code" text COLLATE "C",
	"visit_type" text NOT NULL,
	"hospital_level" text NOT NULL,
	"hospital_name" text,
	"settled_on" date NOT NULL,
	"year" smallint NOT NULL,
	"total_fen" bigint NOT NULL,
	"policy_fen" bigint NOT NULL,
	"basic_fen" bigint NOT NULL,
	"serious_fen" bigint NOT NULL,
	"recorded_fen" bigint NOT NULL,
	"disease" text,
	"disease_raw" text,
	"method" text NOT NULL,
	"bank" jsonb,
	"category" text NOT NULL,
	"ratio" double precision NOT NULL,
	"base_fen" bigint NOT NULL,
	"assistance_fen" bigint NOT NULL,
	"top_up_fen" bigint NOT NULL,
	"year_assisted_fen" bigint NOT NULL,
	"cap_remaining_fen" bigint NOT NULL,
	"reasons" jsonb NOT NULL,
	"policy" jsonb NOT NULL,
	"payment_status" text NOT NULL,
	"input_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "medical_settlements_amounts" CHECK (total_fen >= 0 AND policy_fen >= 0 AND basic_fen >= 0 AND serious_fen >= 0 AND recorded_fen >= 0 AND assistance_fen >= 0 AND top_up_fen >= 0),
	CONSTRAINT "medical_settlements_method" CHECK (method IN ('一站式', '个人垫付')),
	CONSTRAINT "medical_settlements_payment" CHECK (payment_status IN ('none', 'hospital', 'owed', 'waitingAccount', 'paid'))
);
--> statement-breakpoint
ALTER TABLE "medical_settlements" ADD CONSTRAINT "medical_settlements_file_id_medical_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."medical_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "medical_files_sha_idx" ON "medical_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "medical_files_area_idx" ON "medical_files" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "medical_settlements_no_idx" ON "medical_settlements" USING btree ("settlement_no");--> statement-breakpoint
CREATE INDEX "medical_settlements_person_idx" ON "medical_settlements" USING btree ("id_number","year");--> statement-breakpoint
CREATE INDEX "medical_settlements_area_idx" ON "medical_settlements" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "medical_settlements_household_idx" ON "medical_settlements" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "medical_settlements_payment_idx" ON "medical_settlements" USING btree ("method","payment_status");