/**
 * The one schema for PGlite and PostgreSQL. Every table that holds personal data carries the
 * household's 12-digit village code (`area_code`), so area scoping is one prefix predicate and the
 * data can later be distributed by county. History and audit tables are append-only.
 */
import { sql } from 'drizzle-orm';
import {
  customType, bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex, date,
} from 'drizzle-orm/pg-core';

/**
 * Codes, ID numbers and names sort and match byte-wise (collation "C"), so one plain btree index serves
 * both `LIKE 'prefix%'` and ORDER BY, whatever the server's default collation.
 */
export const ctext = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  parentCode: text('parent_code'),
}, (t) => [index('areas_parent_idx').on(t.parentCode)]);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  department: text('department'),
  /** Area scope: the user reads and writes only rows whose area_code starts with this. */
  areaCode: ctext('area_code').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable('sessions', {
  /** sha256 of the session token; the token itself lives only in the user's cookie. */
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const households = pgTable('households', {
  id: text('id').primaryKey(),
  areaCode: ctext('area_code').notNull(),
  /** The key a township ledger uses for the household (户编号); unique within a county. */
  ledgerKey: text('ledger_key'),
  hukou: text('hukou').notNull(),
  singleParent: boolean('single_parent').notNull().default(false),
  registeredPoor: boolean('registered_poor').notNull().default(false),
  financialAssetsFen: bigint('financial_assets_fen', { mode: 'number' }).notNull().default(0),
  vehicles: smallint('vehicles').notNull().default(0),
  businessRegistered: boolean('business_registered').notNull().default(false),
  rigidExpensesFen: bigint('rigid_expenses_fen', { mode: 'number' }).notNull().default(0),
  previousYearIncomeFen: bigint('previous_year_income_fen', { mode: 'number' }),
  address: text('address'),
  status: text('status').notNull().default('active'),
  closedReason: text('closed_reason'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** Denormalised for the list page: the head's name and member count, kept by the store. */
  headName: text('head_name').notNull().default(''),
  memberCount: smallint('member_count').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('households_list_idx').on(t.status, t.areaCode, t.id),
  uniqueIndex('households_ledger_key_idx').on(sql`substr(${t.areaCode}, 1, 6)`, t.ledgerKey),
]);

export const members = pgTable('members', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  name: ctext('name').notNull(),
  idNumber: ctext('id_number').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  sex: text('sex').notNull(),
  relation: text('relation').notNull(),
  /** Order within the household as last submitted (the head first on ledgers). */
  position: smallint('position').notNull().default(0),
  laborCapacity: text('labor_capacity').notNull().default('full'),
  disabilityGrade: smallint('disability_grade'),
  disabilityKind: text('disability_kind'),
  disabilityCertGeneration: smallint('disability_cert_generation'),
  illnesses: jsonb('illnesses').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  schooling: text('schooling').notNull().default('none'),
  boarding: boolean('boarding').notNull().default(false),
  employed: boolean('employed').notNull().default(false),
  monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'number' }).notNull().default(0),
  selfCare: text('self_care').notNull().default('able'),
  supporter: text('supporter').notNull().default('able'),
  phone: text('phone'),
  /** active, or left (迁出, 死亡, …) with a reason; a member row is never deleted. */
  status: text('status').notNull().default('active'),
  leftReason: text('left_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('members_household_idx').on(t.householdId),
  // One person belongs to at most one active household (the household's own status is mirrored here).
  uniqueIndex('members_active_id_number_idx').on(t.idNumber).where(sql`status = 'active'`),
  index('members_id_number_idx').on(t.idNumber),
  index('members_name_idx').on(t.name),
  index('members_area_idx').on(t.areaCode),
]);

/** Append-only: every change to a household, who made it, when and why, old → new. */
export const householdHistory = pgTable('household_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  reason: text('reason'),
  changes: jsonb('changes').$type<FieldChange[]>().notNull(),
}, (t) => [index('household_history_household_idx').on(t.householdId, t.id)]);

export interface FieldChange {
  /** Household field, or `members.<memberId>.<field>`; `members.<id>` alone for an added/removed member. */
  field: string;
  label: string;
  old: unknown;
  new: unknown;
}

/** Append-only and hash-chained: each entry's hash covers its content and the previous hash. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  areaCode: text('area_code'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [index('audit_log_actor_idx').on(t.actor), index('audit_log_action_idx').on(t.action)]);

/** Published versions of a county's policy pack; each publication is a new row. */
export const policyVersions = pgTable('policy_versions', {
  id: serial('id').primaryKey(),
  packId: text('pack_id').notNull(),
  jurisdiction: text('jurisdiction').notNull(),
  version: integer('version').notNull(),
  yaml: text('yaml').notNull(),
  publishedBy: text('published_by').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  note: text('note'),
}, (t) => [uniqueIndex('policy_versions_pack_version_idx').on(t.packId, t.version)]);

export const schema = { areas, users, sessions, households, members, householdHistory, auditLog, policyVersions };

// ─── Cases (issue 7, src/cases/): applications, their programs, attachments, staff relatives, township reserve, referrals, reviews ───

/** One application (申请/个案): opened at the window, by a village, a hotline call, a data warning or the citizen page. */
export const cases = pgTable('cases', {
  id: text('id').primaryKey(),
  /** The application number the applicant is given (申请编号), unique. */
  number: text('number').notNull().unique(),
  /** Null until the township links or creates the household (citizen and hotline applications). */
  householdId: text('household_id').references(() => households.id),
  areaCode: ctext('area_code').notNull(),
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
  /** The bank account for payments, captured at intake: { bankName, accountNo, accountName }. */
  bank: jsonb('bank').$type<{ bankName: string; accountNo: string; accountName: string }>(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('cases_area_idx').on(t.areaCode, t.status),
  index('cases_household_idx').on(t.householdId),
  index('cases_created_idx').on(t.createdAt),
]);

/** One program of a case (低保, 特困, 临时救助 …), with its own state and the workflow copied onto it when accepted. */
export const casePrograms = pgTable('case_programs', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  areaCode: ctext('area_code').notNull(),
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
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
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
  areaCode: ctext('area_code').notNull(),
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
  areaCode: ctext('area_code').notNull(),
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
  areaCode: ctext('area_code').notNull(),
  /** allocate (+) | advance (−) */
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
  areaCode: ctext('area_code').notNull(),
  department: text('department').notNull(),
  /** open | done */
  status: text('status').notNull().default('open'),
  note: text('note').notNull(),
  taskId: text('task_id'),
  result: text('result'),
  resultBy: text('result_by'),
  resultAt: timestamp('result_at', { withTimezone: true }),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_referrals_department_idx').on(t.department, t.status), index('case_referrals_case_idx').on(t.caseId), index('case_referrals_area_idx').on(t.areaCode)]);

/** 复核: reviews of approved programs, created when due (review.stableMonths / review.variableMonths). */
export const caseReviews = pgTable('case_reviews', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  programId: text('program_id').notNull(),
  areaCode: ctext('area_code').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  /** due | done */
  status: text('status').notNull().default('due'),
  /** continue | adjust | taper | stop */
  outcome: text('outcome'),
  evaluation: jsonb('evaluation').$type<Record<string, unknown>>(),
  reason: text('reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('case_reviews_program_due_idx').on(t.programId, t.dueDate), index('case_reviews_queue_idx').on(t.status, t.areaCode, t.dueDate)]);

// ─── Workflow (issue 7, src/workflow/): shared by cases and monitoring — working-day calendar overrides, deadline tasks, timeline events, notices (公示) and objections ───

/** A county's own working-day decisions over the national calendar (a local holiday, a make-up working day). */
export const calendarOverrides = pgTable('calendar_overrides', {
  id: serial('id').primaryKey(),
  /** The county (6 digits). */
  areaCode: ctext('area_code').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  working: boolean('working').notNull(),
  note: text('note').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('calendar_overrides_area_date_idx').on(t.areaCode, t.date)]);

/** A stored deadline of one step of a subject (case, referral, monitoring object), counted in working days. */
export const workflowTasks = pgTable('workflow_tasks', {
  id: text('id').primaryKey(),
  /** case | referral | monitoring | … */
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  step: text('step').notNull(),
  /** The subject's area (12-digit village code for a household's case). */
  areaCode: ctext('area_code').notNull(),
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
  areaCode: ctext('area_code').notNull(),
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
  areaCode: ctext('area_code').notNull(),
  title: text('title').notNull(),
  /** The issuing body, e.g. 江口镇人民政府. */
  issuer: text('issuer').notNull(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }).notNull(),
  entries: jsonb('entries').$type<unknown[]>().notNull(),
  contactPhone: text('contact_phone').notNull(),
  contactAddress: text('contact_address').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('notices_area_idx').on(t.areaCode, t.endDate), index('notices_subject_idx').on(t.subjectType, t.subjectId)]);

/** Objections (异议) against a notice: who raised it (stored, masked on display), what, and how it was handled. */
export const noticeObjections = pgTable('notice_objections', {
  id: text('id').primaryKey(),
  noticeId: text('notice_id').notNull().references(() => notices.id),
  areaCode: ctext('area_code').notNull(),
  byName: text('by_name'),
  byPhone: text('by_phone'),
  content: text('content').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  receivedBy: text('received_by').notNull(),
  result: text('result'),
  handledAt: timestamp('handled_at', { withTimezone: true }),
  handledBy: text('handled_by'),
}, (t) => [index('notice_objections_notice_idx').on(t.noticeId), index('notice_objections_area_idx').on(t.areaCode)]);

// ─── Payments (issue 10, src/payments/): entitlements and their household snapshots, monthly payrolls and their lines, recoveries (追回), bank and return files ───

/** A household's approved place in a program (低保 / 特困 / 残疾人两项补贴): paid monthly from start_month to end_month (null while active). */
export const entitlements = pgTable('entitlements', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  program: text('program').notNull(),
  startMonth: text('start_month').notNull(),
  /** The last month paid; null while active. */
  endMonth: text('end_month'),
  endReason: text('end_reason'),
  /** { bankName, accountNo, accountName } or null (no account yet: no payment line until one is given). */
  bank: jsonb('bank').$type<{ bankName: string; accountNo: string; accountName: string }>(),
  /** { kind: 'case', caseId } | { kind: 'roster', fileSha256, row } */
  source: jsonb('source').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('entitlements_area_idx').on(t.areaCode),
  index('entitlements_household_idx').on(t.householdId),
  // One open entitlement per household and program.
  uniqueIndex('entitlements_open_idx').on(t.householdId, t.program).where(sql`end_month IS NULL`),
]);

/** The household as the decision saw it (EVALUATE.md input), in force from from_month until a later snapshot; append-only. */
export const entitlementSnapshots = pgTable('entitlement_snapshots', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  entitlementId: text('entitlement_id').notNull().references(() => entitlements.id),
  areaCode: ctext('area_code').notNull(),
  fromMonth: text('from_month').notNull(),
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('entitlement_snapshots_entitlement_idx').on(t.entitlementId, t.fromMonth), index('entitlement_snapshots_area_idx').on(t.areaCode)]);

/** One month's payroll for an area (county code, or a township/village prefix): prepared, then approved by a second person and locked. */
export const payrolls = pgTable('payrolls', {
  id: text('id').primaryKey(),
  month: text('month').notNull(),
  areaCode: ctext('area_code').notNull(),
  /** prepared | approved */
  status: text('status').notNull(),
  /** The policy the amounts were computed under: { source: 'published', id, packId, version } | { source: 'file', sha256, packId }. */
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
  /** The contract's run output (totals, byProgram, recoveries, needsReview). */
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
  preparedBy: text('prepared_by').notNull(),
  /** cli | ui: the two-person rule binds the approver against a preparer through the UI. */
  preparedVia: text('prepared_via').notNull(),
  preparedAt: timestamp('prepared_at', { withTimezone: true }).notNull().defaultNow(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [uniqueIndex('payrolls_month_area_idx').on(t.month, t.areaCode), index('payrolls_area_idx').on(t.areaCode)]);

/**
 * One payment: household, program, the month paid for (period) and kind (regular | back | repay).
 * That natural key is unique, so the same household can never be paid twice for the same program,
 * month and kind, whatever writes the row. Amounts are positive integer fen (recoveries are their own records).
 */
export const payrollLines = pgTable('payroll_lines', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  payrollId: text('payroll_id').notNull().references(() => payrolls.id),
  /** The entitlement paid; null for a 医疗救助 line paid into the account a settlement file gave (src/medical/payroll.ts). */
  entitlementId: text('entitlement_id').references(() => entitlements.id),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  program: text('program').notNull(),
  /** The month paid for (所属期): the payroll's month for a regular line, an earlier one for a back-payment or re-payment. */
  period: text('period').notNull(),
  kind: text('kind').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  /** The account paid into and the payee's details as at preparation: { bankName, accountNo, accountName, idNumber, headName }. */
  payee: jsonb('payee').$type<Record<string, unknown>>().notNull(),
  /** How the amount was found: engine entries and amounts, what was paid before (back-payments), the failed line re-paid. */
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  /** pending | paid | failed (from the bank's return file). */
  bankStatus: text('bank_status').notNull().default('pending'),
  failureReason: text('failure_reason'),
  /** sha256 of the line's canonical content, set when the payroll is approved. */
  hash: text('hash'),
}, (t) => [
  uniqueIndex('payroll_lines_natural_key').on(t.householdId, t.program, t.period, t.kind),
  index('payroll_lines_payroll_idx').on(t.payrollId, t.id),
  index('payroll_lines_area_idx').on(t.areaCode),
  index('payroll_lines_entitlement_idx').on(t.entitlementId, t.period),
  check('payroll_lines_amount_positive', sql`amount_fen > 0`),
  check('payroll_lines_kind', sql`kind IN ('regular', 'back', 'repay')`),
]);

/** 追回: money paid for a month beyond what is now computed; its own record with its own approval, never a negative line. */
export const recoveries = pgTable('recoveries', {
  id: text('id').primaryKey(),
  entitlementId: text('entitlement_id').notNull().references(() => entitlements.id),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  program: text('program').notNull(),
  period: text('period').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  /** What had been paid for the period and what is now computed for it, when the run found it. */
  paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
  computedFen: bigint('computed_fen', { mode: 'number' }).notNull().default(0),
  /** The payroll month whose run found it. */
  foundIn: text('found_in').notNull(),
  /** proposed | approved */
  status: text('status').notNull().default('proposed'),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  note: text('note'),
}, (t) => [
  uniqueIndex('recoveries_open_idx').on(t.entitlementId, t.period).where(sql`status = 'proposed'`),
  index('recoveries_area_idx').on(t.areaCode),
  check('recoveries_amount_positive', sql`amount_fen > 0`),
]);

/** Every bank file issued and every return file taken: the exact bytes are kept content-addressed under the data directory. */
export const payrollFiles = pgTable('payroll_files', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  payrollId: text('payroll_id').notNull().references(() => payrolls.id),
  areaCode: ctext('area_code').notNull(),
  /** bank | return */
  kind: text('kind').notNull(),
  format: text('format').notNull(),
  sha256: text('sha256').notNull(),
  bytes: integer('bytes').notNull(),
  /** For a return file: { paid, failed } as taken. */
  result: jsonb('result').$type<Record<string, unknown>>(),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('payroll_files_payroll_idx').on(t.payrollId, t.kind), uniqueIndex('payroll_files_return_idx').on(t.payrollId, t.sha256).where(sql`kind = 'return'`)]);

// ─── Verification (issue 8, src/verification/): department feed files and their records, findings (家庭经济状况核对) ───

/** A department's file as loaded (`doudi feed load` or the county's upload): kept content-addressed under the data directory. */
export const feedFiles = pgTable('feed_files', {
  id: serial('id').primaryKey(),
  /** death | vehicle | business | property | deposit | payroll | wage | disability | enrolment */
  source: text('source').notNull(),
  /** The month the department's data describes (YYYY-MM); the newest period of a source is the one matched. */
  period: text('period').notNull(),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  /** The loader's area scope (a county code; '' for the command line over the whole database). */
  areaCode: ctext('area_code').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  rows: integer('rows').notNull(),
  loaded: integer('loaded').notNull(),
  /** The rows not loaded: [{ row, column, message }]. */
  errors: jsonb('errors').$type<{ row: number; column: string; message: string }[]>().notNull(),
}, (t) => [uniqueIndex('feed_files_source_period_sha_idx').on(t.source, t.period, t.sha256), index('feed_files_area_idx').on(t.areaCode)]);

/** One loaded row of a feed file: the person's ID number and the row's values by column (Chinese header). */
export const feedRecords = pgTable('feed_records', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  fileId: integer('file_id').notNull().references(() => feedFiles.id),
  source: text('source').notNull(),
  period: text('period').notNull(),
  row: integer('row').notNull(),
  idNumber: ctext('id_number').notNull(),
  name: text('name').notNull(),
  /** The file's area scope (feed_files.area_code). */
  areaCode: ctext('area_code').notNull(),
  data: jsonb('data').$type<Record<string, string>>().notNull(),
}, (t) => [index('feed_records_source_period_idx').on(t.source, t.period, t.idNumber), index('feed_records_id_number_idx').on(t.idNumber), index('feed_records_file_idx').on(t.fileId)]);

/** A finding of `doudi verify`: one per person (or household) and kind and evidence; open → confirmed | dismissed (with a reason). */
export const findings = pgTable('findings', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  /** The member; null for the household-level kinds (deposit, property). */
  memberId: text('member_id'),
  areaCode: ctext('area_code').notNull(),
  kind: text('kind').notNull(),
  source: text('source').notNull(),
  period: text('period').notNull(),
  /** The member's ID number (the head's for deposit and property). */
  idNumber: ctext('id_number').notNull(),
  evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
  /** sha256 of the kind and evidence: a finding already resolved is not raised again while this stays the same. */
  evidenceHash: text('evidence_hash').notNull(),
  message: text('message').notNull(),
  /** open | confirmed | dismissed | lapsed (no longer shown by the feeds) | superseded (its evidence changed: a newer finding replaces it) */
  state: text('state').notNull().default('open'),
  reason: text('reason'),
  resolvedBy: text('resolved_by'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  raisedOn: date('raised_on', { mode: 'string' }).notNull(),
  lastSeenOn: date('last_seen_on', { mode: 'string' }).notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('findings_subject_evidence_idx').on(t.householdId, t.kind, sql`coalesce(${t.memberId}, '')`, t.evidenceHash),
  index('findings_household_idx').on(t.householdId, t.state),
  index('findings_area_idx').on(t.areaCode, t.state),
]);

// ─── Monitoring (issue 9, src/monitoring/): 防返贫动态监测 — reports, warnings, identification and removal procedures, monitored households, measures, cadres, visits, files, supervision ───

/** A report (报告) by a village, a cadre, the hotline or the household itself: a signal the rules turn into warnings. */
export const monitoringReports = pgTable('monitoring_reports', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  /** village | cadre | hotline | self */
  channel: text('channel').notNull(),
  /** medical | disaster | death | jobLoss | dropout | severeDisability | income */
  kind: text('kind').notNull(),
  memberId: text('member_id'),
  amountFen: bigint('amount_fen', { mode: 'number' }),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  description: text('description').notNull(),
  reporterName: text('reporter_name'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('monitoring_reports_area_idx').on(t.areaCode), index('monitoring_reports_household_idx').on(t.householdId)]);

/** A warning (预警) raised by a named rule; one per rule and signal (dedupe_key), handled once with its result. */
export const monitoringWarnings = pgTable('monitoring_warnings', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
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
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('monitoring_warnings_dedupe_idx').on(t.householdId, t.dedupeKey),
  index('monitoring_warnings_area_idx').on(t.areaCode, t.status, t.level),
]);

/** A household in monitoring (监测对象): its type, risk factors, cadres, and whether its risk is removed. */
export const monitoringHouseholds = pgTable('monitoring_households', {
  householdId: text('household_id').primaryKey().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  /** 脱贫不稳定户 | 边缘易致贫户 | 突发严重困难户 */
  type: text('type').notNull(),
  riskFactors: jsonb('risk_factors').$type<string[]>().notNull(),
  /** monitored | removed */
  status: text('status').notNull().default('monitored'),
  identifiedOn: date('identified_on', { mode: 'string' }).notNull(),
  removedOn: date('removed_on', { mode: 'string' }),
  monitoringCadreId: integer('monitoring_cadre_id'),
  pairedCadreId: integer('paired_cadre_id'),
  cadresAssignedOn: date('cadres_assigned_on', { mode: 'string' }),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('monitoring_households_area_idx').on(t.areaCode, t.status)]);

/** One run of the identification (识别纳入) or risk-removal (风险消除) steps, through the workflow engine. */
export const monitoringProcedures = pgTable('monitoring_procedures', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
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
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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
  areaCode: ctext('area_code').notNull(),
  riskFactor: text('risk_factor').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull(),
  startOn: date('start_on', { mode: 'string' }).notNull(),
  endOn: date('end_on', { mode: 'string' }),
  result: text('result'),
  resultOn: date('result_on', { mode: 'string' }),
  caseId: text('case_id'),
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('monitoring_measures_household_idx').on(t.householdId), index('monitoring_measures_area_idx').on(t.areaCode)]);

/** A monitoring cadre (监测帮扶干部) or paired cadre (结对联系干部), 001:L860-876. */
export const monitoringCadres = pgTable('monitoring_cadres', {
  id: serial('id').primaryKey(),
  /** The cadre's area (township or village code): households outside it cannot be assigned. */
  areaCode: ctext('area_code').notNull(),
  name: text('name').notNull(),
  /** monitoring | paired */
  kind: text('kind').notNull(),
  unit: text('unit').notNull().default(''),
  phone: text('phone'),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('monitoring_cadres_area_idx').on(t.areaCode)]);

/** A visit (走访) or contact with the 六看六查 checklist (001:L876). */
export const monitoringVisits = pgTable('monitoring_visits', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: ctext('area_code').notNull(),
  cadreId: integer('cadre_id').notNull().references(() => monitoringCadres.id),
  visitedOn: date('visited_on', { mode: 'string' }).notNull(),
  /** visit (入户) | phone (电话、视频联系) */
  mode: text('mode').notNull(),
  checklist: jsonb('checklist').$type<Record<string, { ok: boolean; note?: string }>>().notNull(),
  note: text('note').notNull().default(''),
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('monitoring_visits_household_idx').on(t.householdId, t.visitedOn), index('monitoring_visits_area_idx').on(t.areaCode)]);

/** Files of monitoring: signed authorisation and integrity pledge of an identification, photos of a visit (content-addressed on disk). */
export const monitoringFiles = pgTable('monitoring_files', {
  id: text('id').primaryKey(),
  /** procedure | visit */
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  areaCode: ctext('area_code').notNull(),
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
  areaCode: ctext('area_code').notNull(),
  name: text('name').notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('monitoring_rounds_name_idx').on(t.areaCode, t.name)]);

/** A public criticism (通报批评) of a township or village in a round (001:L886-888). */
export const monitoringCriticisms = pgTable('monitoring_criticisms', {
  id: serial('id').primaryKey(),
  roundId: integer('round_id').notNull().references(() => monitoringRounds.id),
  /** The township (9 digits) or village (12 digits) criticised. */
  areaCode: ctext('area_code').notNull(),
  reason: text('reason').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('monitoring_criticisms_round_area_idx').on(t.roundId, t.areaCode), index('monitoring_criticisms_area_idx').on(t.areaCode)]);
