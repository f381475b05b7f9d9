/**
 * Workflow (issue 7, src/workflow/): shared by cases and monitoring — working-day calendar overrides, deadline
 * tasks, timeline events, notices (公示) and objections.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode, createdAt, createdBy } from '../db/columns.ts';

/** A county's own working-day decisions over the national calendar (a local holiday, a make-up working day). */
export const calendarOverrides = pgTable('calendar_overrides', {
  id: serial('id').primaryKey(),
  /** The county (6 digits). */
  areaCode: areaCode(),
  date: date('date', { mode: 'string' }).notNull(),
  working: boolean('working').notNull(),
  note: text('note').notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('calendar_overrides_area_date_idx').on(t.areaCode, t.date)]);

/** A stored deadline of one step of a subject (case, referral, monitoring object), counted in working days. */
export const workflowTasks = pgTable('workflow_tasks', {
  id: text('id').primaryKey(),
  /** case | referral | monitoring | … */
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  step: text('step').notNull(),
  /** The subject's area (12-digit village code for a household's case). */
  areaCode: areaCode(),
  assigneeRole: text('assignee_role').notNull(),
  /** For a referral: the county department that must answer (users.department). */
  department: text('department'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  /** The day counting started (working days are counted after it). */
  openedOn: date('opened_on', { mode: 'string' }).notNull(),
  dueAt: date('due_at', { mode: 'string' }).notNull(),
  workingDays: integer('working_days').notNull(),
  pausedSince: date('paused_since', { mode: 'string' }),
  pausedWorkingDays: integer('paused_working_days').notNull().default(0),
  extended: boolean('extended').notNull().default(false),
  extensionWorkingDays: integer('extension_working_days').notNull().default(0),
  extensionReason: text('extension_reason'),
  /** open | done | cancelled */
  status: text('status').notNull().default('open'),
  doneAt: timestamp('done_at', { withTimezone: true }),
  /** 督办: 0 none, 1 township, 2 county. */
  escalation: smallint('escalation').notNull().default(0),
  /** The day of the last escalation (one step per day at most). */
  escalatedAt: date('escalated_at', { mode: 'string' }),
}, (t) => [
  index('workflow_tasks_subject_idx').on(t.subjectType, t.subjectId),
  index('workflow_tasks_queue_idx').on(t.assigneeRole, t.areaCode, t.dueAt).where(sql`status = 'open'`),
  index('workflow_tasks_department_idx').on(t.department, t.areaCode, t.dueAt).where(sql`status = 'open'`),
  index('workflow_tasks_overdue_idx').on(t.dueAt).where(sql`status = 'open' and paused_since is null`),
]);

/** Append-only timeline of every subject (case, referral, monitoring object): who did what, when, why. */
export const workflowEvents = pgTable('workflow_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  areaCode: areaCode(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  fromState: text('from_state'),
  toState: text('to_state'),
  reason: text('reason'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('workflow_events_subject_idx').on(t.subjectType, t.subjectId, t.id), index('workflow_events_area_idx').on(t.areaCode, t.at)]);

/** 公示: a public notice of a subject; its entries are stored already masked (names 王*明, ID numbers 430525********1234). */
export const notices = pgTable('notices', {
  id: text('id').primaryKey(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  /** Where the notice is posted (the subject's village code, or a township code). */
  areaCode: areaCode(),
  title: text('title').notNull(),
  /** The issuing body, e.g. 江口镇人民政府. */
  issuer: text('issuer').notNull(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }).notNull(),
  entries: jsonb('entries').$type<unknown[]>().notNull(),
  contactPhone: text('contact_phone').notNull(),
  contactAddress: text('contact_address').notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('notices_area_idx').on(t.areaCode, t.endDate), index('notices_subject_idx').on(t.subjectType, t.subjectId)]);

/** Objections (异议) against a notice: who raised it (stored, masked on display), what, and how it was handled. */
export const noticeObjections = pgTable('notice_objections', {
  id: text('id').primaryKey(),
  noticeId: text('notice_id').notNull().references(() => notices.id),
  areaCode: areaCode(),
  byName: text('by_name'),
  byPhone: text('by_phone'),
  content: text('content').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  receivedBy: text('received_by').notNull(),
  result: text('result'),
  handledAt: timestamp('handled_at', { withTimezone: true }),
  handledBy: text('handled_by'),
}, (t) => [index('notice_objections_notice_idx').on(t.noticeId), index('notice_objections_area_idx').on(t.areaCode)]);
