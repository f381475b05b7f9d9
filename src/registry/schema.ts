/**
 * The registry's tables: the area hierarchy, households, their members and the append-only history of
 * every change to a household. Personal data carries the household's 12-digit village code (`area_code`).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ctext, areaCode, createdAt, updatedAt, version } from '../db/columns.ts';

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  parentCode: text('parent_code'),
}, (t) => [index('areas_parent_idx').on(t.parentCode)]);

export const households = pgTable('households', {
  id: text('id').primaryKey(),
  areaCode: areaCode(),
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
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('households_list_idx').on(t.status, t.areaCode, t.id),
  uniqueIndex('households_ledger_key_idx').on(sql`substr(${t.areaCode}, 1, 6)`, t.ledgerKey),
]);

export const members = pgTable('members', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
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
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('members_household_idx').on(t.householdId),
  // One person belongs to at most one active household (the household's own status is mirrored here).
  uniqueIndex('members_active_id_number_idx').on(t.idNumber).where(sql`status = 'active'`),
  index('members_id_number_idx').on(t.idNumber),
  index('members_name_idx').on(t.name),
  index('members_area_idx').on(t.areaCode),
  // Members without labour capacity by household (the supervision's “两无” indicator reads them among the registered poor).
  index('members_no_labor_idx').on(t.householdId).where(sql`labor_capacity = 'none'`),
]);

/** Append-only: every change to a household, who made it, when and why, old → new. */
export const householdHistory = pgTable('household_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
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
