CREATE TABLE "employment_workshop_months" (
	"id" text PRIMARY KEY NOT NULL,
	"workshop_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"month" text NOT NULL,
	"trainees" jsonb NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_workshops" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"employer" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"payee" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employment_workshop_months" ADD CONSTRAINT "employment_workshop_months_workshop_id_employment_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."employment_workshops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "employment_workshop_months_month_idx" ON "employment_workshop_months" USING btree ("workshop_id","month");--> statement-breakpoint
CREATE INDEX "employment_workshop_months_area_idx" ON "employment_workshop_months" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "employment_workshops_area_idx" ON "employment_workshops" USING btree ("area_code");