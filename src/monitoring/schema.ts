/**
 * Monitoring (issue 9, src/monitoring/): 防返贫动态监测 — reports, warnings, identification and removal
 * procedures, monitored households, measures, cadres, visits, files, supervision.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode, createdAt, updatedAt, createdBy, version } from '../db/columns.ts';
import { households } from '../registry/schema.ts';

/** A report (报告) by a village, a cadre, the hotline or the household itself: a signal the rules turn into warnings. */
export const monitoringReports = pgTable('monitoring_reports', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  /** village | cadre | hotline | self */
  channel: text('channel').notNull(),
  /** medical | disaster | death | jobLoss | dropout | severeDisability | income */
  kind: text('kind').notNull(),
  memberId: text('member_id'),
  amountFen: bigint('amount_fen', { mode: 'number' }),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  description: text('description').notNull(),
  reporterName: text('reporter_name'),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('monitoring_reports_area_idx').on(t.areaCode), index('monitoring_reports_household_idx').on(t.householdId)]);

/** A warning (预警) raised by a named rule; one per rule and signal (dedupe_key), handled once with its result. */
export const monitoringWarnings = pgTable('monitoring_warnings', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  rule: text('rule').notNull(),
  /** red | orange | yellow */
  level: text('level').notNull(),
  /** registry | verification | feed | report */
  source: text('source').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  message: text('message').notNull(),
  evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
  raisedOn: date('raised_on', { mode: 'string' }).notNull(),
  /** The first clue's date: the identification deadline counts from it. */
  clueOn: date('clue_on', { mode: 'string' }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  /** open | handled */
  status: text('status').notNull().default('open'),
  /** identify | merged | dismissed */
  result: text('result'),
  resultNote: text('result_note'),
  handledBy: text('handled_by'),
  handledAt: timestamp('handled_at', { withTimezone: true }),
  procedureId: text('procedure_id'),
  taskId: text('task_id'),
  version: version(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('monitoring_warnings_dedupe_idx').on(t.householdId, t.dedupeKey),
  index('monitoring_warnings_area_idx').on(t.areaCode, t.status, t.level),
]);

/** A household in monitoring (监测对象): its type, risk factors, cadres, and whether its risk is removed. */
export const monitoringHouseholds = pgTable('monitoring_households', {
  householdId: text('household_id').primaryKey().references(() => households.id),
  areaCode: areaCode(),
  /** 脱贫不稳定户 | 边缘易致贫户 | 突发严重困难户 */
  type: text('type').notNull(),
  riskFactors: jsonb('risk_factors').$type<string[]>().notNull(),
  /** monitored | removed */
  status: text('status').notNull().default('monitored'),
  identifiedOn: date('identified_on', { mode: 'string' }).notNull(),
  removedOn: date('removed_on', { mode: 'string' }),
  /** The current cadres (their dated assignments, with the history, are in monitoring_cadre_assignments). */
  monitoringCadreId: integer('monitoring_cadre_id'),
  pairedCadreId: integer('paired_cadre_id'),
  /** Superseded by monitoring_cadre_assignments.from_on (kept for the rows it was backfilled from). */
  cadresAssignedOn: date('cadres_assigned_on', { mode: 'string' }),
  /** The graded warning of the monitored household (分级别发出预警信号, 002:L669): red | orange | yellow, set by the county's decision, null once removed. */
  warningLevel: text('warning_level'),
  /** 退出预警显示 (002:L669, L713): the day the removal cleared the warning. */
  warningClearedOn: date('warning_cleared_on', { mode: 'string' }),
  version: version(),
  updatedAt: updatedAt(),
}, (t) => [index('monitoring_households_area_idx').on(t.areaCode, t.status)]);

/** One run of the identification (识别纳入) or risk-removal (风险消除) steps, through the workflow engine. */
export const monitoringProcedures = pgTable('monitoring_procedures', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  /** identify | remove */
  purpose: text('purpose').notNull(),
  state: text('state').notNull(),
  clueOn: date('clue_on', { mode: 'string' }).notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  /** What each step recorded (check, appraisal, township review, county decision). */
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  noticeId: text('notice_id'),
  taskId: text('task_id'),
  decidedOn: date('decided_on', { mode: 'string' }),
  createdBy: createdBy(),
  version: version(),
  createdAt: createdAt(),
}, (t) => [
  index('monitoring_procedures_area_idx').on(t.areaCode, t.state),
  index('monitoring_procedures_household_idx').on(t.householdId),
  // At most one open procedure per household.
  uniqueIndex('monitoring_procedures_open_idx').on(t.householdId).where(sql`state not in ('identified', 'removed', 'rejected', 'withdrawn')`),
]);

/** An assistance measure (帮扶措施) matched to a risk factor; social assistance opens a case (case_id). */
export const monitoringMeasures = pgTable('monitoring_measures', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  riskFactor: text('risk_factor').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull(),
  startOn: date('start_on', { mode: 'string' }).notNull(),
  endOn: date('end_on', { mode: 'string' }),
  result: text('result'),
  resultOn: date('result_on', { mode: 'string' }),
  caseId: text('case_id'),
  createdBy: createdBy(),
  version: version(),
  createdAt: createdAt(),
}, (t) => [index('monitoring_measures_household_idx').on(t.householdId), index('monitoring_measures_area_idx').on(t.areaCode)]);

/** A monitoring cadre (监测帮扶干部) or paired cadre (结对联系干部), 001:L860-876. */
export const monitoringCadres = pgTable('monitoring_cadres', {
  id: serial('id').primaryKey(),
  /** The cadre's area (township or village code): households outside it cannot be assigned. */
  areaCode: areaCode(),
  name: text('name').notNull(),
  /** monitoring | paired */
  kind: text('kind').notNull(),
  unit: text('unit').notNull().default(''),
  phone: text('phone'),
  active: boolean('active').notNull().default(true),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('monitoring_cadres_area_idx').on(t.areaCode)]);

/**
 * One cadre's assignment to one household (001:L860-876), dated: replacing a cadre ends the old assignment
 * (to_on) and begins a new one; a save that keeps a cadre changes nothing. History is never rewritten, so
 * compliance counts each cadre's windows from its own start (001:L876, L886-888).
 */
export const monitoringCadreAssignments = pgTable('monitoring_cadre_assignments', {
  id: serial('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  cadreId: integer('cadre_id').notNull().references(() => monitoringCadres.id),
  /** monitoring | paired */
  kind: text('kind').notNull(),
  fromOn: date('from_on', { mode: 'string' }).notNull(),
  /** The day it ended (the cadre replaced or removed); null while current. */
  toOn: date('to_on', { mode: 'string' }),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [
  index('monitoring_cadre_assignments_household_idx').on(t.householdId),
  index('monitoring_cadre_assignments_area_idx').on(t.areaCode),
  // One current cadre of each kind per household.
  uniqueIndex('monitoring_cadre_assignments_current_idx').on(t.householdId, t.kind).where(sql`to_on is null`),
]);

/**
 * A 负面因子 of a household (002:L653: 赌博、吸毒、偷盗、诈骗…), recorded with its evidence. It excludes the household
 * from monitoring (L645) only by the deciding office's decision (decision 'exclude'); never automatically, and
 * never from 低保 or any other assistance (002:L589 forbids such blanket exclusions): nothing else reads it.
 */
export const monitoringNegativeFactors = pgTable('monitoring_negative_factors', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  /** gambling | drugs | theft | fraud | idleness | luxury | other */
  factor: text('factor').notNull(),
  evidence: text('evidence').notNull(),
  recordedBy: text('recorded_by').notNull(),
  recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
  /** null (not decided) | exclude | keep */
  decision: text('decision'),
  decisionReason: text('decision_reason'),
  decidedBy: text('decided_by'),
  decidedOn: date('decided_on', { mode: 'string' }),
  version: version(),
  createdAt: createdAt(),
}, (t) => [index('monitoring_negative_factors_household_idx').on(t.householdId), index('monitoring_negative_factors_area_idx').on(t.areaCode)]);

/** A visit (走访) or contact with the 六看六查 checklist (001:L876). */
export const monitoringVisits = pgTable('monitoring_visits', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  cadreId: integer('cadre_id').notNull().references(() => monitoringCadres.id),
  visitedOn: date('visited_on', { mode: 'string' }).notNull(),
  /** visit (入户) | phone (电话、视频联系) */
  mode: text('mode').notNull(),
  checklist: jsonb('checklist').$type<Record<string, { ok: boolean; note?: string }>>().notNull(),
  /** 四治三创 (001:L876): each item done (已落实) or not (需整改, with a note); every item at a home visit, none required by phone. */
  improvements: jsonb('improvements').$type<Record<string, { done: boolean; note?: string }>>().notNull().default(sql`'{}'::jsonb`),
  note: text('note').notNull().default(''),
  recordedBy: text('recorded_by').notNull(),
  createdAt: createdAt(),
}, (t) => [index('monitoring_visits_household_idx').on(t.householdId, t.visitedOn), index('monitoring_visits_area_idx').on(t.areaCode)]);

/** Files of monitoring: signed authorisation and integrity pledge of an identification, photos of a visit (content-addressed on disk). */
export const monitoringFiles = pgTable('monitoring_files', {
  id: text('id').primaryKey(),
  /** procedure | visit */
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  areaCode: areaCode(),
  /** authorization | pledge | photo */
  kind: text('kind').notNull(),
  sha256: text('sha256').notNull(),
  bytes: integer('bytes').notNull(),
  mime: text('mime').notNull(),
  fileName: text('file_name').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('monitoring_files_subject_idx').on(t.subjectType, t.subjectId)]);

/** A round of the county's 督查考评 (supervision and evaluation). */
export const monitoringRounds = pgTable('monitoring_rounds', {
  id: serial('id').primaryKey(),
  /** The county code. */
  areaCode: areaCode(),
  name: text('name').notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  createdBy: createdBy(),
}, (t) => [uniqueIndex('monitoring_rounds_name_idx').on(t.areaCode, t.name)]);

/** A public criticism (通报批评) of a township or village in a round (001:L886-888). */
export const monitoringCriticisms = pgTable('monitoring_criticisms', {
  id: serial('id').primaryKey(),
  roundId: integer('round_id').notNull().references(() => monitoringRounds.id),
  /** The township (9 digits) or village (12 digits) criticised. */
  areaCode: areaCode(),
  reason: text('reason').notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('monitoring_criticisms_round_area_idx').on(t.roundId, t.areaCode), index('monitoring_criticisms_area_idx').on(t.areaCode)]);
