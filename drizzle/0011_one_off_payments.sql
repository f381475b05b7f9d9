CREATE TABLE "one_off_payments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"program" text NOT NULL,
	"due_month" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"part" integer DEFAULT 1 NOT NULL,
	"parts" integer DEFAULT 1 NOT NULL,
	"bank" jsonb,
	"source" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_off_payments_amount_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
ALTER TABLE "one_off_payments" ADD CONSTRAINT "one_off_payments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "one_off_payments_area_idx" ON "one_off_payments" USING btree ("area_code","due_month");