/**
 * Cases (issue 7, src/cases/): applications, their programs, attachments, staff relatives, township reserve,
 * referrals, reviews.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ctext, areaCode, createdAt, updatedAt, createdBy, version } from '../db/columns.ts';
import { households } from '../registry/schema.ts';

/** One application (申请/个案): opened at the window, by a village, a hotline call, a data warning or the citizen page. */
export const cases = pgTable('cases', {
  id: text('id').primaryKey(),
  /** The application number the applicant is given (申请编号), unique. */
  number: text('number').notNull().unique(),
  /** Null until the township links or creates the household (citizen and hotline applications). */
  householdId: text('household_id').references(() => households.id),
  areaCode: areaCode(),
  /** window | village | hotline | warning | citizen */
  channel: text('channel').notNull(),
  /** The hotline's caller, callback number and what was said; the warning's source; … */
  channelDetail: jsonb('channel_detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  applicantName: ctext('applicant_name').notNull(),
  applicantIdNumber: ctext('applicant_id_number'),
  applicantPhone: text('applicant_phone'),
  description: text('description').notNull().default(''),
  /** open | closed */
  status: text('status').notNull().default('open'),
  /** 近亲属备案: declared by the applicant, or matched against staff_relatives at intake. */
  relativeDeclared: boolean('relative_declared').notNull().default(false),
  relativeMatched: boolean('relative_matched').notNull().default(false),
  /** Drawn in the county's random sample (双随机); its recorded result. */
  sampled: boolean('sampled').notNull().default(false),
  sampleResult: jsonb('sample_result').$type<Record<string, unknown>>(),
  /** 双随机 (000:L194): the county officer drawn at random to visit a sampled case; only they (or a county admin) record its result. */
  sampleInspector: text('sample_inspector'),
  /** The bank account for payments, captured at intake: { bankName, accountNo, accountName }. */
  bank: jsonb('bank').$type<{ bankName: string; accountNo: string; accountName: string }>(),
  createdBy: createdBy(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
}, (t) => [
  index('cases_area_idx').on(t.areaCode, t.status),
  index('cases_household_idx').on(t.householdId),
  index('cases_created_idx').on(t.createdAt),
]);

/** One program of a case (低保, 特困, 临时救助 …), with its own state and the workflow copied onto it when accepted. */
export const casePrograms = pgTable('case_programs', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  areaCode: areaCode(),
  program: text('program').notNull(),
  /** 临时救助: 急难型 | 支出型. */
  subtype: text('subtype'),
  state: text('state').notNull(),
  /** The workflow definition in force when the program was accepted (a later pack affects new cases only). */
  workflow: jsonb('workflow').$type<Record<string, unknown>>(),
  /** township | county: who approves (county above temporary.townshipLimit, 一事一议). */
  level: text('level').notNull().default('township'),
  oneByOne: boolean('one_by_one').notNull().default(false),
  /** Requested / approved amount (临时救助, fen). */
  amountFen: bigint('amount_fen', { mode: 'number' }),
  objection: boolean('objection').notNull().default(false),
  noticeId: text('notice_id'),
  /** What each step recorded (investigation findings, verification result, appraisal, decision, emergency documentation …). */
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  decision: text('decision'),
  decisionReason: text('decision_reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  entitlementId: text('entitlement_id'),
  startMonth: text('start_month'),
  /** Current open deadline task (src/workflow/tasks.ts) of this program's step. */
  taskId: text('task_id'),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('case_programs_case_idx').on(t.caseId),
  index('case_programs_queue_idx').on(t.state, t.areaCode),
  index('case_programs_area_idx').on(t.areaCode),
  // Queues join a deadline task to its program.
  index('case_programs_task_idx').on(t.taskId),
]);

/** Scans and photos of a case, stored content-addressed (SHA-256) under the data directory. */
export const caseAttachments = pgTable('case_attachments', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  areaCode: areaCode(),
  /** authorization (核对授权书) | investigation | photo | decision | other */
  kind: text('kind').notNull(),
  sha256: text('sha256').notNull(),
  bytes: integer('bytes').notNull(),
  mime: text('mime').notNull(),
  fileName: text('file_name').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_attachments_case_idx').on(t.caseId), index('case_attachments_area_idx').on(t.areaCode)]);

/** 近亲属备案: relatives of assistance staff and village cadres, kept by the county; matched at intake. */
export const staffRelatives = pgTable('staff_relatives', {
  id: serial('id').primaryKey(),
  /** The staff member's area (county, township or village code). */
  areaCode: areaCode(),
  staffName: text('staff_name').notNull(),
  staffPosition: text('staff_position').notNull(),
  relativeName: text('relative_name').notNull(),
  relativeIdNumber: ctext('relative_id_number').notNull(),
  relation: text('relation').notNull(),
  addedBy: text('added_by').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  removedBy: text('removed_by'),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  removedReason: text('removed_reason'),
}, (t) => [index('staff_relatives_id_number_idx').on(t.relativeIdNumber), index('staff_relatives_area_idx').on(t.areaCode)]);

/** A township's emergency reserve (临时救助备用金): allocations in, advances paid out; the balance is the sum. */
export const reserveMovements = pgTable('reserve_movements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  townshipCode: ctext('township_code').notNull(),
  /** The case's village for an advance; the township for an allocation. */
  areaCode: areaCode(),
  /** allocate (+) | advance (−, 急难型 paid first) | payment (−, an approved 临时救助 paid from the reserve) */
  kind: text('kind').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  caseId: text('case_id').references(() => cases.id),
  programId: text('program_id'),
  note: text('note'),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('reserve_movements_township_idx').on(t.townshipCode)]);

/** 转办: a case, or one program of it, sent to a county department with a deadline; its 办结 result comes back. */
export const caseReferrals = pgTable('case_referrals', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  programId: text('program_id'),
  areaCode: areaCode(),
  department: text('department').notNull(),
  /** open | done */
  status: text('status').notNull().default('open'),
  note: text('note').notNull(),
  taskId: text('task_id'),
  result: text('result'),
  resultBy: text('result_by'),
  resultAt: timestamp('result_at', { withTimezone: true }),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('case_referrals_department_idx').on(t.department, t.status), index('case_referrals_case_idx').on(t.caseId), index('case_referrals_area_idx').on(t.areaCode)]);

/** 复核: reviews of approved programs, created when due (review.stableMonths / review.variableMonths). */
export const caseReviews = pgTable('case_reviews', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  programId: text('program_id').notNull(),
  areaCode: areaCode(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  /** due | done */
  status: text('status').notNull().default('due'),
  /** What opened it (000:L134): schedule (the review period fell due) | reported_change (the recipient reported a change) | unannounced (不定期抽查). */
  trigger: text('trigger').notNull().default('schedule'),
  /** Why it was opened, for a review not from the schedule. */
  note: text('note'),
  /** continue | adjust | taper | stop */
  outcome: text('outcome'),
  evaluation: jsonb('evaluation').$type<Record<string, unknown>>(),
  reason: text('reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('case_reviews_program_due_idx').on(t.programId, t.dueDate), index('case_reviews_queue_idx').on(t.status, t.areaCode, t.dueDate)]);
