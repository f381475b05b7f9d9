/**
 * Payments (issue 10, src/payments/): entitlements and their household snapshots, monthly payrolls and their
 * lines, recoveries (追回), bank and return files.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode, createdAt, createdBy, version } from '../db/columns.ts';
import { households } from '../registry/schema.ts';

/** A household's approved place in a program (低保 / 特困 / 残疾人两项补贴): paid monthly from start_month to end_month (null while active). */
export const entitlements = pgTable('entitlements', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  program: text('program').notNull(),
  startMonth: text('start_month').notNull(),
  /** The last month paid; null while active. */
  endMonth: text('end_month'),
  endReason: text('end_reason'),
  /** { bankName, accountNo, accountName } or null (no account yet: no payment line until one is given). */
  bank: jsonb('bank').$type<{ bankName: string; accountNo: string; accountName: string }>(),
  /** { kind: 'case', caseId } | { kind: 'roster', fileSha256, row } */
  source: jsonb('source').$type<Record<string, unknown>>().notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
  version: version(),
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
  areaCode: areaCode(),
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
  areaCode: areaCode(),
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
  version: version(),
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
  areaCode: areaCode(),
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
  areaCode: areaCode(),
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
  areaCode: areaCode(),
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
