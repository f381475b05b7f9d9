/**
 * Coverage gaps (督导, issue 24 item 4; src/supervision/gaps.ts): what the monthly search of the registry with the
 * policy engine found — a household eligible for a program it neither receives nor has applied for (应保未保,
 * `unserved`), or a recipient the engine now finds ineligible (待复核, `review`) — kept as work for the township until
 * someone closes it (a case opened, a review opened, not a gap after all) or a later search no longer finds it (gone).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { areaCode } from '../db/columns.ts';
import { households } from '../registry/schema.ts';

export const coverageGaps = pgTable('coverage_gaps', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  /** The household's 12-digit village code when found. */
  areaCode: areaCode(),
  /** unserved (应保未保) | review (待复核) */
  kind: text('kind').notNull(),
  /** The program as cases and entitlements name it: 低保 | 特困 | 残疾人两项补贴. */
  program: text('program').notNull(),
  /** The engine's reasons as Chinese sentences, from the newest search that found it. */
  reasons: jsonb('reasons').$type<string[]>().notNull(),
  /** unserved: the monthly amount the engine gives the household in this program (fen); null for review. */
  amountFen: bigint('amount_fen', { mode: 'number' }),
  /** review: the open entitlement that the engine no longer supports. */
  entitlementId: text('entitlement_id'),
  /** The policy version the newest search evaluated under: { id, packId, version }. */
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
  /** The date of the search that first found it, and of the newest that found it again. */
  foundOn: date('found_on', { mode: 'string' }).notNull(),
  seenOn: date('seen_on', { mode: 'string' }).notNull(),
  /** The newest search that found it (a run id): a search closes the open gaps of its area it did not find. */
  lastRun: text('last_run').notNull(),
  /** open | closed */
  status: text('status').notNull().default('open'),
  /** case_opened | review_opened | not_a_gap | gone */
  outcome: text('outcome'),
  note: text('note'),
  /** What the closing refers to: { caseId, programId } for case_opened, { reviewId, caseId } for review_opened. */
  closedRef: jsonb('closed_ref').$type<Record<string, unknown>>(),
  closedBy: text('closed_by'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One open gap per household, program and kind: a search keeps it rather than adding another.
  uniqueIndex('coverage_gaps_open_idx').on(t.householdId, t.program, t.kind).where(sql`status = 'open'`),
  index('coverage_gaps_area_idx').on(t.status, t.areaCode),
  index('coverage_gaps_household_idx').on(t.householdId),
]);
