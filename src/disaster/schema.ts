/**
 * The tables of disaster relief (受灾人员救助, docs/disaster.md): events with their observations, the level
 * proposed and the level confirmed; the households each event affected, registered from the village; the
 * photos and signed receipt lists (files kept content-addressed on disk, like case attachments, with their
 * SHA-256); the relief of the four kinds, each on its own workflow, with its instalments that the payroll
 * pays; in-kind distributions; emergency periods (000:L164). Amounts are integer fen.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode, createdAt, createdBy, ctext, updatedAt, version } from '../db/columns.ts';
import { households } from '../registry/schema.ts';

/** A disaster event, recorded by the county: its area is the county code (6 digits). */
export const disasterEvents = pgTable('disaster_events', {
  id: text('id').primaryKey(),
  areaCode: areaCode(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  startedOn: date('started_on', { mode: 'string' }).notNull(),
  endedOn: date('ended_on', { mode: 'string' }),
  /** Township and village codes affected. */
  areas: jsonb('areas').$type<string[]>().notNull(),
  /** Measures of the kind's criteria table (snowCm, …) → value. */
  observations: jsonb('observations').$type<Record<string, number>>().notNull(),
  description: text('description').notNull().default(''),
  /** The level the pack's criteria propose, with its reasons (rules.proposeLevel). */
  proposedLevel: text('proposed_level'),
  proposal: jsonb('proposal').$type<{ reasons: string[]; met: unknown[] }>().notNull(),
  /** The level confirmed by a named person (null until then). */
  level: text('level'),
  confirmedBy: text('confirmed_by'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmNote: text('confirm_note'),
  needsPrefecture: boolean('needs_prefecture').notNull().default(false),
  /** proposed | confirmed | closed */
  status: text('status').notNull().default('proposed'),
  createdBy: createdBy(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
}, (t) => [index('disaster_events_area_idx').on(t.areaCode)]);

/** A household an event affected; one per event and head's ID number (a second village registering it is refused). */
export const disasterHouseholds = pgTable('disaster_households', {
  id: text('id').primaryKey(),
  eventId: text('event_id').notNull().references(() => disasterEvents.id),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  /** The head's ID number: the key that refuses a duplicate registration across villages. */
  idNumber: ctext('id_number').notNull(),
  affected: integer('affected').notNull(),
  dead: integer('dead').notNull().default(0),
  missing: integer('missing').notNull().default(0),
  injured: integer('injured').notNull().default(0),
  relocated: integer('relocated').notNull().default(0),
  lossFen: bigint('loss_fen', { mode: 'number' }).notNull().default(0),
  damage: text('damage').notNull(),
  needs: jsonb('needs').$type<string[]>().notNull(),
  note: text('note').notNull().default(''),
  /** What registration led to: a 临时救助 proposal, the monitoring report, a housing referral. */
  links: jsonb('links').$type<{ temporaryProposed?: boolean; reportId?: string | null; warningId?: string | null; housing?: string | null }>().notNull().default({}),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('disaster_households_person_idx').on(t.eventId, t.idNumber),
  index('disaster_households_area_idx').on(t.areaCode),
  check('disaster_households_people', sql`affected >= 0 AND dead >= 0 AND missing >= 0 AND injured >= 0 AND relocated >= 0 AND loss_fen >= 0`),
]);

/** A photo of an affected household or a signed receipt list of a distribution: the file is `<dir>/<sha[0..2]>/<sha>`. */
export const disasterFiles = pgTable('disaster_files', {
  id: text('id').primaryKey(),
  /** affected | distribution */
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  areaCode: areaCode(),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  mime: text('mime').notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('disaster_files_subject_idx').on(t.subjectType, t.subjectId)]);

/** One relief of one kind to one affected household, on its workflow (rules.reliefWorkflow, copied here when proposed). */
export const disasterRelief = pgTable('disaster_relief', {
  id: text('id').primaryKey(),
  eventId: text('event_id').notNull().references(() => disasterEvents.id),
  affectedId: text('affected_id').notNull().references(() => disasterHouseholds.id),
  householdId: text('household_id').notNull().references(() => households.id),
  areaCode: areaCode(),
  kind: text('kind').notNull(),
  season: text('season'),
  /** cash | inKind */
  form: text('form').notNull(),
  /** In kind: what is given (粮油、棉被…). */
  items: text('items').notNull().default(''),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  reasons: jsonb('reasons').$type<string[]>().notNull(),
  state: text('state').notNull(),
  workflow: jsonb('workflow').$type<Record<string, unknown>>().notNull(),
  level: text('level').notNull(),
  taskId: text('task_id'),
  bank: jsonb('bank').$type<{ bankName: string; accountNo: string; accountName: string }>(),
  decidedBy: text('decided_by'),
  decidedOn: date('decided_on', { mode: 'string' }),
  createdBy: createdBy(),
  createdAt: createdAt(),
  version: version(),
}, (t) => [
  index('disaster_relief_event_idx').on(t.eventId),
  index('disaster_relief_area_idx').on(t.areaCode),
  uniqueIndex('disaster_relief_once_idx').on(t.affectedId, t.kind, t.season).where(sql`state <> 'rejected'`),
  check('disaster_relief_amount', sql`amount_fen >= 0`),
]);

/** The instalments of an approved cash relief: waiting (for progress), due (for the payroll of its month or later), paid. */
export const disasterInstalments = pgTable('disaster_instalments', {
  id: text('id').primaryKey(),
  reliefId: text('relief_id').notNull().references(() => disasterRelief.id),
  householdId: text('household_id').notNull(),
  areaCode: areaCode(),
  seq: integer('seq').notNull(),
  /** 所属期: the month it is paid for (the payroll of that month or a later one takes it). */
  month: text('month'),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  status: text('status').notNull(),
  /** The progress recorded that released it (重建). */
  progress: text('progress'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('disaster_instalments_seq_idx').on(t.reliefId, t.seq),
  index('disaster_instalments_due_idx').on(t.status, t.areaCode),
  check('disaster_instalments_status', sql`status IN ('waiting', 'due', 'paid')`),
]);

/** An in-kind distribution: what was given, when, who signed; the signed receipt list is a disaster file. */
export const disasterDistributions = pgTable('disaster_distributions', {
  id: text('id').primaryKey(),
  reliefId: text('relief_id').notNull().references(() => disasterRelief.id),
  areaCode: areaCode(),
  items: text('items').notNull(),
  valueFen: bigint('value_fen', { mode: 'number' }).notNull(),
  givenOn: date('given_on', { mode: 'string' }).notNull(),
  signedBy: text('signed_by').notNull(),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('disaster_distributions_relief_idx').on(t.reliefId)]);

/** An emergency period declared by a county (000:L164): its months pay the pack's emergency extra through the payroll. */
export const disasterEmergencies = pgTable('disaster_emergencies', {
  id: text('id').primaryKey(),
  /** The area it covers (county, township or village code). */
  areaCode: areaCode(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  eventId: text('event_id').references(() => disasterEvents.id),
  createdBy: createdBy(),
  createdAt: createdAt(),
}, (t) => [index('disaster_emergencies_area_idx').on(t.areaCode)]);
