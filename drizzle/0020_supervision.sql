CREATE TABLE "supervision_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"county" text COLLATE "C" NOT NULL,
	"month" text NOT NULL,
	"as_of" text NOT NULL,
	"values" jsonb NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"taken_by" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_snapshots_county_month_idx" ON "supervision_snapshots" USING btree ("county","month");