/**
 * The tables of 就业救助 (docs/employment.md): the service files 人社 sends (kept content-addressed on disk
 * under the data directory, with who loaded them, when and their SHA-256), the services recorded per person
 * (recommendations, guidance, training, 两后生 schooling, placements), the 公益性岗位 and who holds them.
 * Personal rows carry the member's 12-digit village code. Amounts are integer fen.
 */
import { bigint, boolean, date, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode, createdAt, createdBy, ctext } from '../db/columns.ts';
import { households, members } from '../registry/schema.ts';
import { feedFiles } from '../verification/schema.ts';

/** A payee's account: a training institution, a school or a broker (the household's own account comes from its entitlement). */
export type Payee = { bankName: string; accountNo: string; accountName: string };

/** One service file of 人社 as loaded: the file itself is kept under `<data>/employment/<sha256>`. */
export const employmentFiles = pgTable('employment_files', {
  id: serial('id').primaryKey(),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  /** The loader's area scope. */
  areaCode: ctext('area_code').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  rows: integer('rows').notNull(),
  loaded: integer('loaded').notNull(),
}, (t) => [index('employment_files_area_idx').on(t.areaCode)]);

/**
 * One service to one person (vocabulary.ts SERVICE_KINDS). `date` is the day of a recommendation or
 * guidance, the first day of a training, a schooling or a placement; `endDate` its last day (null while it
 * lasts). A placement that found a 零就业家庭 records since when the household had been without work.
 */
export const employmentServices = pgTable('employment_services', {
  id: text('id').primaryKey(),
  memberId: text('member_id').notNull().references(() => members.id),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  /** recommendation | guidance | training | school | placement */
  kind: text('kind').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }),
  /** Training: the course; 两后生: the school and programme. */
  course: text('course'),
  /** Training: the days attended (the living allowance is paid per day). */
  days: smallint('days'),
  completed: boolean('completed'),
  employedAfter: boolean('employed_after'),
  /** Placement or recommendation: the employer. */
  employer: text('employer'),
  monthlyWageFen: bigint('monthly_wage_fen', { mode: 'number' }),
  /** Placement: the broker (农村劳务经纪人) who found the job, rewarded after the pack's months in work. */
  broker: text('broker'),
  /** The account an allowance of this service is paid into (institution, school, broker); null: the household's. */
  payee: jsonb('payee').$type<Payee>(),
  /** Placement of a 零就业家庭's member: the date the household had been without work since. */
  clearedZeroSince: date('cleared_zero_since', { mode: 'string' }),
  note: text('note'),
  /** entry (typed by staff) | file (人社's file, fileId) */
  source: text('source').notNull(),
  fileId: integer('file_id').references(() => employmentFiles.id),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [
  index('employment_services_member_idx').on(t.memberId, t.date),
  index('employment_services_household_idx').on(t.householdId),
  index('employment_services_area_idx').on(t.areaCode, t.kind, t.date),
]);

/** A 公益性岗位 (public-welfare job) of a township or village: its subsidy is the pack's minimum wage. */
export const welfareJobs = pgTable('welfare_jobs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  employer: text('employer').notNull(),
  /** The township (9 digits) or village (12) the job belongs to. */
  areaCode: areaCode(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('welfare_jobs_area_idx').on(t.areaCode)]);

/**
 * A person holding a 公益性岗位 from `startDate` to `lastDay` (inclusive): `maxLastDay` is the term limit
 * found when they were placed (002:L305), and `endedOn` the last day actually held when they left early.
 */
export const welfareJobHolders = pgTable('welfare_job_holders', {
  id: text('id').primaryKey(),
  jobId: text('job_id').notNull().references(() => welfareJobs.id),
  memberId: text('member_id').notNull().references(() => members.id),
  householdId: text('household_id').notNull().references(() => households.id),
  /** The member's village. */
  areaCode: areaCode(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  maxLastDay: date('max_last_day', { mode: 'string' }).notNull(),
  toRetirement: boolean('to_retirement').notNull(),
  endedOn: date('ended_on', { mode: 'string' }),
  endReason: text('end_reason'),
  /** The holder's own account for the subsidy; null: the household's entitlement account. */
  payee: jsonb('payee').$type<Payee>(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('welfare_job_holders_member_idx').on(t.memberId), index('welfare_job_holders_job_idx').on(t.jobId), index('welfare_job_holders_area_idx').on(t.areaCode)]);

/**
 * A member recorded as employed for a month by the wage feed (人社 社保缴费/工资, src/verification feeds): a
 * row of a wage file of period YYYY-MM for a working-age member of a registry household means work from the
 * first to the last day of that month (`date`..`endDate`), with the feed file as its source. One per file
 * and member: loading the same file again records nothing new.
 */
export const employmentWageRecords = pgTable('employment_wage_records', {
  id: serial('id').primaryKey(),
  memberId: text('member_id').notNull().references(() => members.id),
  householdId: text('household_id').notNull().references(() => households.id),
  /** The member's village. */
  areaCode: areaCode(),
  feedFileId: integer('feed_file_id').notNull().references(() => feedFiles.id),
  period: text('period').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }).notNull(),
  /** The feed's 单位 (employer), when given. */
  employer: text('employer'),
  monthlyWageFen: bigint('monthly_wage_fen', { mode: 'number' }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('employment_wage_records_file_member_idx').on(t.feedFileId, t.memberId), index('employment_wage_records_member_idx').on(t.memberId, t.date)]);

/** A 以工代训 workshop (扶贫车间, 002:L303): paid per month to the enterprise's account, not to a household. */
export const employmentWorkshops = pgTable('employment_workshops', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  employer: text('employer').notNull(),
  /** The township (9 digits). */
  areaCode: areaCode(),
  payee: jsonb('payee').$type<Payee>().notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('employment_workshops_area_idx').on(t.areaCode)]);

/** One month of 以工代训 in a workshop: the trainees (member ids) and the amount found by the pack (employment.workTraining.*). */
export const employmentWorkshopMonths = pgTable('employment_workshop_months', {
  id: text('id').primaryKey(),
  workshopId: text('workshop_id').notNull().references(() => employmentWorkshops.id),
  /** The workshop's township. */
  areaCode: areaCode(),
  month: text('month').notNull(),
  trainees: jsonb('trainees').$type<string[]>().notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('employment_workshop_months_month_idx').on(t.workshopId, t.month), index('employment_workshop_months_area_idx').on(t.areaCode)]);
