CREATE TABLE "areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"area_code" text,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" text PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"ledger_key" text,
	"hukou" text NOT NULL,
	"single_parent" boolean DEFAULT false NOT NULL,
	"registered_poor" boolean DEFAULT false NOT NULL,
	"financial_assets_fen" bigint DEFAULT 0 NOT NULL,
	"vehicles" smallint DEFAULT 0 NOT NULL,
	"business_registered" boolean DEFAULT false NOT NULL,
	"rigid_expenses_fen" bigint DEFAULT 0 NOT NULL,
	"previous_year_income_fen" bigint,
	"address" text,
	"status" text DEFAULT 'active' NOT NULL,
	"closed_reason" text,
	"closed_at" timestamp with time zone,
	"head_name" text DEFAULT '' NOT NULL,
	"member_count" smallint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"id_number" text COLLATE "C" NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"relation" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"labor_capacity" text DEFAULT 'full' NOT NULL,
	"disability_grade" smallint,
	"disability_kind" text,
	"disability_cert_generation" smallint,
	"illnesses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"schooling" text DEFAULT 'none' NOT NULL,
	"boarding" boolean DEFAULT false NOT NULL,
	"employed" boolean DEFAULT false NOT NULL,
	"monthly_income_fen" bigint DEFAULT 0 NOT NULL,
	"self_care" text DEFAULT 'able' NOT NULL,
	"supporter" text DEFAULT 'able' NOT NULL,
	"phone" text,
	"status" text DEFAULT 'active' NOT NULL,
	"left_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"version" integer NOT NULL,
	"yaml" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"department" text,
	"area_code" text COLLATE "C" NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "household_history" ADD CONSTRAINT "household_history_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "areas_parent_idx" ON "areas" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");--> statement-breakpoint
CREATE INDEX "household_history_household_idx" ON "household_history" USING btree ("household_id","id");--> statement-breakpoint
CREATE INDEX "households_list_idx" ON "households" USING btree ("status","area_code","id");--> statement-breakpoint
CREATE UNIQUE INDEX "households_ledger_key_idx" ON "households" USING btree (substr("area_code", 1, 6),"ledger_key");--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "members" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_active_id_number_idx" ON "members" USING btree ("id_number") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "members_id_number_idx" ON "members" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "members" USING btree ("name");--> statement-breakpoint
CREATE INDEX "members_area_idx" ON "members" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_pack_version_idx" ON "policy_versions" USING btree ("pack_id","version");