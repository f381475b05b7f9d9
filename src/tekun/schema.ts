/**
 * The tables of 特困供养 (issue 20, src/tekun/): the institutions (供养机构) and their beds, admissions and
 * discharges (集中供养), the 照料服务责任人 of dispersed persons with their signed agreements, the person's
 * willingness to move in, the self-care assessments (生活自理能力评估) and the files behind them
 * (content-addressed, SHA-256, kept with the case attachments). Records of a person carry the person's
 * 12-digit village code; nothing is deleted: a stay is ended by a discharge, an arrangement by its end date.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode, createdAt, createdBy, version } from '../db/columns.ts';
import { households, members } from '../registry/schema.ts';

type Bank = { bankName: string; accountNo: string; accountName: string };

/** A 供养机构 (敬老院, 福利院, 互助幸福院) of a township (9-digit code) or the county (6 digits). */
export const tekunInstitutions = pgTable('tekun_institutions', {
  id: text('id').primaryKey(),
  /** The township or county it belongs to. */
  areaCode: areaCode(),
  name: text('name').notNull(),
  /** nursingHome 敬老院 | welfareHome 福利院 | mutualAid 互助幸福院 */
  kind: text('kind').notNull(),
  beds: integer('beds').notNull(),
  /** Of the beds, 护理型床位. */
  nursingBeds: integer('nursing_beds').notNull(),
  /** 星级 0–5 (0: not rated). */
  stars: integer('stars').notNull().default(0),
  /** 星级示范敬老院. */
  demonstration: boolean('demonstration').notNull().default(false),
  manager: text('manager').notNull(),
  phone: text('phone'),
  /** The institution's account: the care part of its residents' 特困 money is paid there (payroll). */
  bank: jsonb('bank').$type<Bank>(),
  createdBy: createdBy(),
  createdAt: createdAt(),
  version: version(),
}, (t) => [
  index('tekun_institutions_area_idx').on(t.areaCode),
  check('tekun_institutions_beds', sql`nursing_beds >= 0 AND nursing_beds <= beds`),
]);

/** A 集中供养 stay: admitted on a date with a reason, discharged (if so) on a date with a reason. One open stay per person. */
export const tekunStays = pgTable('tekun_stays', {
  id: text('id').primaryKey(),
  institutionId: text('institution_id').notNull().references(() => tekunInstitutions.id),
  householdId: text('household_id').notNull().references(() => households.id),
  memberId: text('member_id').notNull().references(() => members.id),
  /** The person's village. */
  areaCode: areaCode(),
  bed: text('bed'),
  admittedOn: date('admitted_on', { mode: 'string' }).notNull(),
  admitReason: text('admit_reason').notNull(),
  dischargedOn: date('discharged_on', { mode: 'string' }),
  dischargeReason: text('discharge_reason'),
  createdBy: createdBy(),
  createdAt: createdAt(),
  version: version(),
}, (t) => [
  index('tekun_stays_area_idx').on(t.areaCode),
  index('tekun_stays_institution_idx').on(t.institutionId),
  index('tekun_stays_member_idx').on(t.memberId),
  uniqueIndex('tekun_stays_open_idx').on(t.memberId).where(sql`discharged_on IS NULL`),
]);

/** A dispersed person's 照料服务责任人 and the signed agreement (its file and term). One open arrangement per person. */
export const tekunCarers = pgTable('tekun_carers', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  memberId: text('member_id').notNull().references(() => members.id),
  areaCode: areaCode(),
  name: text('name').notNull(),
  /** The relation to the person, or the organisation (村委会, 服务机构). */
  relation: text('relation').notNull(),
  phone: text('phone').notNull(),
  /** The carer's account, for a pack that pays the care part to the carer. */
  bank: jsonb('bank').$type<Bank>(),
  agreementFrom: date('agreement_from', { mode: 'string' }).notNull(),
  agreementTo: date('agreement_to', { mode: 'string' }).notNull(),
  /** The arrangement's end (a new carer, admission, death); null while in force. */
  endedOn: date('ended_on', { mode: 'string' }),
  endReason: text('end_reason'),
  createdBy: createdBy(),
  createdAt: createdAt(),
  version: version(),
}, (t) => [
  index('tekun_carers_area_idx').on(t.areaCode),
  index('tekun_carers_member_idx').on(t.memberId),
  uniqueIndex('tekun_carers_open_idx').on(t.memberId).where(sql`ended_on IS NULL`),
]);

/** The person's willingness to live in an institution, as asked on a date; the newest answer counts. Append-only. */
export const tekunWillingness = pgTable('tekun_willingness', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  memberId: text('member_id').notNull().references(() => members.id),
  areaCode: areaCode(),
  willing: boolean('willing').notNull(),
  askedOn: date('asked_on', { mode: 'string' }).notNull(),
  note: text('note'),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('tekun_willingness_area_idx').on(t.areaCode), index('tekun_willingness_member_idx').on(t.memberId, t.askedOn)]);

/** A 生活自理能力评估: the engine takes the level of the newest (by date, then record). Append-only. */
export const tekunAssessments = pgTable('tekun_assessments', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  memberId: text('member_id').notNull().references(() => members.id),
  areaCode: areaCode(),
  assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
  assessor: text('assessor').notNull(),
  /** able 全自理 | partial 半护理 | unable 全护理 */
  level: text('level').notNull(),
  note: text('note'),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [
  index('tekun_assessments_area_idx').on(t.areaCode),
  index('tekun_assessments_member_idx').on(t.memberId, t.assessedOn),
  check('tekun_assessments_level', sql`level IN ('able', 'partial', 'unable')`),
]);

/** A file behind a record: an assessment's form or a carer's signed agreement (stored by SHA-256 under the attachments directory). */
export const tekunFiles = pgTable('tekun_files', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** assessment | agreement */
  ownerKind: text('owner_kind').notNull(),
  ownerId: text('owner_id').notNull(),
  areaCode: areaCode(),
  sha256: text('sha256').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  mime: text('mime').notNull(),
  fileName: text('file_name').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('tekun_files_owner_idx').on(t.ownerKind, t.ownerId), index('tekun_files_area_idx').on(t.areaCode)]);
