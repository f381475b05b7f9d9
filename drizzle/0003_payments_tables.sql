CREATE TABLE "entitlement_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entitlement_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"from_month" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entitlements" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"program" text NOT NULL,
	"start_month" text NOT NULL,
	"end_month" text,
	"end_reason" text,
	"bank" jsonb,
	"source" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payroll_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"result" jsonb,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payroll_id" text NOT NULL,
	"entitlement_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"program" text NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"payee" jsonb NOT NULL,
	"detail" jsonb NOT NULL,
	"bank_status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"hash" text,
	CONSTRAINT "payroll_lines_amount_positive" CHECK (amount_fen > 0),
	CONSTRAINT "payroll_lines_kind" CHECK (kind IN ('regular', 'back', 'repay'))
);
--> statement-breakpoint
CREATE TABLE "payrolls" (
	"id" text PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"status" text NOT NULL,
	"policy" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"prepared_by" text NOT NULL,
	"prepared_via" text NOT NULL,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recoveries" (
	"id" text PRIMARY KEY NOT NULL,
	"entitlement_id" text NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"program" text NOT NULL,
	"period" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"found_in" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "recoveries_amount_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
ALTER TABLE "entitlement_snapshots" ADD CONSTRAINT "entitlement_snapshots_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_files" ADD CONSTRAINT "payroll_files_payroll_id_payrolls_id_fk" FOREIGN KEY ("payroll_id") REFERENCES "public"."payrolls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_lines" ADD CONSTRAINT "payroll_lines_payroll_id_payrolls_id_fk" FOREIGN KEY ("payroll_id") REFERENCES "public"."payrolls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_lines" ADD CONSTRAINT "payroll_lines_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_lines" ADD CONSTRAINT "payroll_lines_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_entitlement_id_entitlements_id_fk" FOREIGN KEY ("entitlement_id") REFERENCES "public"."entitlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entitlement_snapshots_entitlement_idx" ON "entitlement_snapshots" USING btree ("entitlement_id","from_month");--> statement-breakpoint
CREATE INDEX "entitlement_snapshots_area_idx" ON "entitlement_snapshots" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "entitlements_area_idx" ON "entitlements" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "entitlements_household_idx" ON "entitlements" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "entitlements_open_idx" ON "entitlements" USING btree ("household_id","program") WHERE end_month IS NULL;--> statement-breakpoint
CREATE INDEX "payroll_files_payroll_idx" ON "payroll_files" USING btree ("payroll_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_files_return_idx" ON "payroll_files" USING btree ("payroll_id","sha256") WHERE kind = 'return';--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_lines_natural_key" ON "payroll_lines" USING btree ("household_id","program","period","kind");--> statement-breakpoint
CREATE INDEX "payroll_lines_payroll_idx" ON "payroll_lines" USING btree ("payroll_id","id");--> statement-breakpoint
CREATE INDEX "payroll_lines_area_idx" ON "payroll_lines" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "payroll_lines_entitlement_idx" ON "payroll_lines" USING btree ("entitlement_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "payrolls_month_area_idx" ON "payrolls" USING btree ("month","area_code");--> statement-breakpoint
CREATE INDEX "payrolls_area_idx" ON "payrolls" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "recoveries_open_idx" ON "recoveries" USING btree ("entitlement_id","period") WHERE status = 'proposed';--> statement-breakpoint
CREATE INDEX "recoveries_area_idx" ON "recoveries" USING btree ("area_code");