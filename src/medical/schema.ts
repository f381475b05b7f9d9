/**
 * The tables of medical assistance (医疗救助, ../shared/contract/MEDICAL.md), apart from the platform's
 * main schema: the settlement files loaded (kept content-addressed on disk under the data directory,
 * with who loaded them, when and their SHA-256) and every settlement with its input amounts, the
 * category, ratio and figures computed and their reasons, and what is owed to whom (个人垫付: the
 * patient, through the payroll; 一站式: the hospital, by monthly statement). Amounts are integer fen.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, doublePrecision, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ctext } from '../db/columns.ts';

/** One settlement file as loaded (`doudi medical settle` or an upload): the file itself is kept under `<data>/medical/<sha256>`. */
export const medicalFiles = pgTable('medical_files', {
  id: serial('id').primaryKey(),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  /** The loader's area scope: a county code, or '' for the command line over the whole database. */
  areaCode: ctext('area_code').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  rows: integer('rows').notNull(),
  settled: integer('settled').notNull(),
  skipped: integer('skipped').notNull(),
  /** The policy the settlements were computed under (PolicySource.used()). */
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
}, (t) => [index('medical_files_sha_idx').on(t.sha256), index('medical_files_area_idx').on(t.areaCode)]);

/**
 * One settlement of the insurance platform (结算编号 unique): its input amounts, the person (and
 * member, household and village when in the registry), and the assistance computed when it was
 * settled — never recomputed. paymentStatus: 'hospital' (一站式, owed to the hospital), 'owed'
 * (个人垫付 with an account to pay into), 'waitingAccount' (个人垫付 without one), 'paid', or 'none'
 * (nothing to pay).
 */
export const medicalSettlements = pgTable('medical_settlements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  settlementNo: text('settlement_no').notNull(),
  /** The file it came in; null when a hospital's system sent it. */
  fileId: integer('file_id').references(() => medicalFiles.id),
  /** file | hospital */
  channel: text('channel').notNull(),
  idNumber: ctext('id_number').notNull(),
  name: text('name').notNull(),
  memberId: text('member_id'),
  householdId: text('household_id'),
  /** The household's village code when the person is in the registry, else null. */
  areaCode: ctext('area_code'),
  visitType: text('visit_type').notNull(),
  hospitalLevel: text('hospital_level').notNull(),
  hospitalName: text('hospital_name'),
  settledOn: date('settled_on', { mode: 'string' }).notNull(),
  year: smallint('year').notNull(),
  totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
  policyFen: bigint('policy_fen', { mode: 'number' }).notNull(),
  basicFen: bigint('basic_fen', { mode: 'number' }).notNull(),
  seriousFen: bigint('serious_fen', { mode: 'number' }).notNull(),
  /** 医疗救助支付 of the file: paid by the insurance platform, counted against the cap. */
  recordedFen: bigint('recorded_fen', { mode: 'number' }).notNull(),
  /** The pack's disease code, and the code as the file wrote it. */
  disease: text('disease'),
  diseaseRaw: text('disease_raw'),
  /** 一站式 | 个人垫付 */
  method: text('method').notNull(),
  /** The file's 开户银行, 银行账号, 账户名 when given. */
  bank: jsonb('bank').$type<{ bankName: string; accountNo: string; accountName: string }>(),
  category: text('category').notNull(),
  ratio: doublePrecision('ratio').notNull(),
  baseFen: bigint('base_fen', { mode: 'number' }).notNull(),
  assistanceFen: bigint('assistance_fen', { mode: 'number' }).notNull(),
  topUpFen: bigint('top_up_fen', { mode: 'number' }).notNull(),
  yearAssistedFen: bigint('year_assisted_fen', { mode: 'number' }).notNull(),
  capRemainingFen: bigint('cap_remaining_fen', { mode: 'number' }).notNull(),
  reasons: jsonb('reasons').$type<unknown[]>().notNull(),
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
  paymentStatus: text('payment_status').notNull(),
  /** sha256 of the row's input values: a re-sent settlement with the same hash is skipped, with another an error. */
  inputHash: text('input_hash').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('medical_settlements_no_idx').on(t.settlementNo),
  index('medical_settlements_person_idx').on(t.idNumber, t.year),
  index('medical_settlements_area_idx').on(t.areaCode),
  index('medical_settlements_household_idx').on(t.householdId),
  index('medical_settlements_payment_idx').on(t.method, t.paymentStatus),
  check('medical_settlements_amounts', sql`total_fen >= 0 AND policy_fen >= 0 AND basic_fen >= 0 AND serious_fen >= 0 AND recorded_fen >= 0 AND assistance_fen >= 0 AND top_up_fen >= 0`),
  check('medical_settlements_method', sql`method IN ('一站式', '个人垫付')`),
  check('medical_settlements_payment', sql`payment_status IN ('none', 'hospital', 'owed', 'waitingAccount', 'paid')`),
]);
