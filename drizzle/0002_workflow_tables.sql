CREATE TABLE "calendar_overrides" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"working" boolean NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_objections" (
	"id" text PRIMARY KEY NOT NULL,
	"notice_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"by_name" text,
	"by_phone" text,
	"content" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_by" text NOT NULL,
	"result" text,
	"handled_at" timestamp with time zone,
	"handled_by" text
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"entries" jsonb NOT NULL,
	"contact_phone" text NOT NULL,
	"contact_address" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"reason" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"step" text NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"assignee_role" text NOT NULL,
	"department" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_on" date NOT NULL,
	"due_at" date NOT NULL,
	"working_days" integer NOT NULL,
	"paused_since" date,
	"paused_working_days" integer DEFAULT 0 NOT NULL,
	"extended" boolean DEFAULT false NOT NULL,
	"extension_working_days" integer DEFAULT 0 NOT NULL,
	"extension_reason" text,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"escalation" smallint DEFAULT 0 NOT NULL,
	"escalated_at" date
);
--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_overrides_area_date_idx" ON "calendar_overrides" USING btree ("area_code","date");--> statement-breakpoint
CREATE INDEX "notice_objections_notice_idx" ON "notice_objections" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "notice_objections_area_idx" ON "notice_objections" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "notices_area_idx" ON "notices" USING btree ("area_code","end_date");--> statement-breakpoint
CREATE INDEX "notices_subject_idx" ON "notices" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "workflow_events_subject_idx" ON "workflow_events" USING btree ("subject_type","subject_id","id");--> statement-breakpoint
CREATE INDEX "workflow_events_area_idx" ON "workflow_events" USING btree ("area_code","at");--> statement-breakpoint
CREATE INDEX "workflow_tasks_subject_idx" ON "workflow_tasks" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "workflow_tasks_queue_idx" ON "workflow_tasks" USING btree ("assignee_role","area_code","due_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "workflow_tasks_department_idx" ON "workflow_tasks" USING btree ("department","area_code","due_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "workflow_tasks_overdue_idx" ON "workflow_tasks" USING btree ("due_at") WHERE status = 'open' and paused_since is null;