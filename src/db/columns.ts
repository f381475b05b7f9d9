/**
 * The column helpers every capability's tables share (each capability keeps its tables in its own
 * `schema.ts`; `drizzle.config.ts` reads them all into the one migration history in drizzle/).
 * Every table that holds personal data carries the household's 12-digit village code (`area_code`), so
 * area scoping is one prefix predicate and the data can later be distributed by county. History and audit
 * tables are append-only.
 */
import { customType, integer, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Codes, ID numbers and names sort and match byte-wise (collation "C"), so one plain btree index serves
 * both `LIKE 'prefix%'` and ORDER BY, whatever the server's default collation.
 */
export const ctext = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

/** The row's area: a 12-digit village code for personal data, or the scope of the user or body that wrote it. */
export const areaCode = () => ctext('area_code').notNull();

/** Audit columns: who created the row and when, when it last changed, and its optimistic-lock version. */
export const createdBy = () => text('created_by').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const version = () => integer('version').notNull().default(1);
