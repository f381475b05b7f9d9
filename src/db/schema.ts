/**
 * The one schema for PGlite and PostgreSQL. Every table that holds personal data carries the
 * household's 12-digit village code (`area_code`), so area scoping is one prefix predicate and the
 * data can later be distributed by county. History and audit tables are append-only.
 */
import { sql } from 'drizzle-orm';
import {
  customType, bigint, bigserial, boolean, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex, date,
} from 'drizzle-orm/pg-core';

/**
 * Codes, ID numbers and names sort and match byte-wise (collation "C"), so one plain btree index serves
 * both `LIKE 'prefix%'` and ORDER BY, whatever the server's default collation.
 */
const ctext = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

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
