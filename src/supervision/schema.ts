/**
 * The supervision snapshots (issue 24 item 3): per county and month, the numerator and denominator of every
 * indicator for the county and each township as of the month's last day, so a past figure is reproduced
 * exactly however the records change afterwards. No personal data: counts only.
 */
import { jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ctext } from '../db/columns.ts';

/** { [indicator key]: { [area code: the county's 6 digits or a township's 9]: [numerator, denominator | null] } } */
export type SnapshotValues = Record<string, Record<string, [number, number | null]>>;

export const supervisionSnapshots = pgTable('supervision_snapshots', {
  id: serial('id').primaryKey(),
  /** The county's 6-digit code. */
  county: ctext('county').notNull(),
  /** YYYY-MM: the figures are as of the month's last day. */
  month: text('month').notNull(),
  /** The date the figures are as of (the month's last day). */
  asOf: text('as_of').notNull(),
  values: jsonb('values').$type<SnapshotValues>().notNull(),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  /** The user, or system:schedule for the monthly run. */
  takenBy: text('taken_by').notNull(),
}, (t) => [uniqueIndex('supervision_snapshots_county_month_idx').on(t.county, t.month)]);
