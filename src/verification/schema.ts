/**
 * Verification (issue 8, src/verification/): department feed files and their records, findings
 * (家庭经济状况核对).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ctext, areaCode, createdAt, updatedAt, version } from '../db/columns.ts';
import { households } from '../registry/schema.ts';

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
  /** The county the feed belongs to (6 digits: the uploader's county, or `doudi feed load`'s, see verification/feeds.ts commandCounty); '' = every county (older command-line loads). */
  areaCode: areaCode(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  rows: integer('rows').notNull(),
  loaded: integer('loaded').notNull(),
  /** The rows not loaded: [{ row, column, message }]. */
  errors: jsonb('errors').$type<{ row: number; column: string; message: string }[]>().notNull(),
}, (t) => [uniqueIndex('feed_files_source_period_sha_idx').on(t.source, t.period, t.sha256, t.areaCode), index('feed_files_area_idx').on(t.areaCode)]);

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
  areaCode: areaCode(),
  data: jsonb('data').$type<Record<string, string>>().notNull(),
}, (t) => [index('feed_records_source_period_idx').on(t.source, t.period, t.idNumber), index('feed_records_id_number_idx').on(t.idNumber), index('feed_records_file_idx').on(t.fileId)]);

/** A finding of `doudi verify`: one per person (or household) and kind and evidence; open → confirmed | dismissed (with a reason). */
export const findings = pgTable('findings', {
  id: text('id').primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  /** The member; null for the household-level kinds (deposit, property). */
  memberId: text('member_id'),
  areaCode: areaCode(),
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
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('findings_subject_evidence_idx').on(t.householdId, t.kind, sql`coalesce(${t.memberId}, '')`, t.evidenceHash),
  index('findings_household_idx').on(t.householdId, t.state),
  index('findings_area_idx').on(t.areaCode, t.state),
]);

/**
 * A memo of matching (verify.ts): for each household of the areas verified, the fingerprint of everything
 * its findings depend on, as last matched (the run's pack, date and feed files, whose records are never
 * changed; the household's row and all its active members' rows, by row version), and the findings
 * matching raised from them (none for most), in order and as raised (as JSON text: the
 * evidence keeps its key order). A run that computes the same fingerprint takes these findings as raised
 * instead of matching the household again; they are stored like any other (findings.ts), so the
 * findings' states do not depend on this table. No foreign key: a row is only used while its
 * fingerprint still matches, and a stale one is just overwritten.
 */
export const verifiedHouseholds = pgTable('verified_households', {
  householdId: text('household_id').primaryKey(),
  areaCode: areaCode(),
  fingerprint: text('fingerprint').notNull(),
  /** JSON text (read and written whole, so never parsed by the database): [[kind, period, memberId, idNumber, evidence, evidenceHash, message], …]; area_code is each finding's. */
  raised: text('raised').notNull(),
});
