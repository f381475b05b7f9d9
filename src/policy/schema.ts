/** Published versions of each county's policy pack (src/policy/store.ts); a publication is a new row, never an edit. */
import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
