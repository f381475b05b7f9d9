CREATE TABLE "employment_wage_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"feed_file_id" integer NOT NULL,
	"period" text NOT NULL,
	"date" date NOT NULL,
	"end_date" date NOT NULL,
	"employer" text,
	"monthly_wage_fen" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employment_wage_records" ADD CONSTRAINT "employment_wage_records_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_wage_records" ADD CONSTRAINT "employment_wage_records_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_wage_records" ADD CONSTRAINT "employment_wage_records_feed_file_id_feed_files_id_fk" FOREIGN KEY ("feed_file_id") REFERENCES "public"."feed_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "employment_wage_records_file_member_idx" ON "employment_wage_records" USING btree ("feed_file_id","member_id");--> statement-breakpoint
CREATE INDEX "employment_wage_records_member_idx" ON "employment_wage_records" USING btree ("member_id","date");