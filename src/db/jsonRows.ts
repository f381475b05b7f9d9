/**
 * Bulk inserts as one JSON parameter per batch, read back by `jsonb_to_recordset`: the statement's text
 * stays a few hundred bytes whatever the batch size, so neither drizzle nor the server builds, parses
 * or plans a VALUES list with a parameter per cell (on PGlite that costs about as much as the insert
 * itself). The columns and their SQL types come from the drizzle table; a column that no row sets is
 * left to its default, and a row that leaves out a column another row sets stores null there (the
 * column's default when it is NOT NULL and has one).
 */
import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './connection.ts';

/** Rows per statement: one JSON parameter of a few megabytes at most. */
export const JSON_BATCH = 5000;

export interface JsonInsertOptions {
  /** `on conflict do nothing`: a row that hits a unique index is skipped. */
  onConflictDoNothing?: boolean;
  /** Return the stored rows' `id` column. */
  returningIds?: boolean;
}

/**
 * Inserts `rows` into `table` in batches of JSON_BATCH, in order; with `returningIds`, returns the `id` of
 * each row stored (with onConflictDoNothing: of the rows not skipped), otherwise an empty list.
 */
export async function insertJsonRows<T extends PgTable>(tx: Db, table: T, rows: T['$inferInsert'][], opts: JsonInsertOptions = {}): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const values = sql.join(columns.map(([key, c]) => {
    const name = sql.raw(`x."${c.name}"`);
    if (!c.notNull || !c.hasDefault || c.default === undefined || rows.every((r) => (r as Record<string, unknown>)[key] !== undefined)) return name;
    return sql`coalesce(${name}, ${is(c.default, SQL) ? c.default : sql.param(c.default, c)})`;
  }), sql`, `);
  // A column's type without its collation: the target column applies its own.
  const types = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType().replace(/\s+collate\s+"[^"]*"/i, '')}`).join(', '));
  const returnsId = opts.returningIds === true;
  const ids: unknown[] = [];
  for (let i = 0; i < rows.length; i += JSON_BATCH) {
    const batch = rows.slice(i, i + JSON_BATCH).map((r) => {
      const o: Record<string, unknown> = {};
      for (const [key, c] of columns) {
        const v = (r as Record<string, unknown>)[key];
        o[c.name] = v instanceof Date ? v.toISOString() : v ?? null;
      }
      return o;
    });
    // Rows are inserted in the list's order (ORDER BY the ordinality): serial ids and the audit chain follow it.
    const statement: SQL = sql`insert into ${table} (${names}) select ${values}
      from rows from (jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as (${types})) with ordinality as x(${names}, doudi_row)
      order by x.doudi_row
      ${opts.onConflictDoNothing ? sql`on conflict do nothing` : sql``} ${returnsId ? sql`returning id` : sql``}`;
    if (returnsId) ids.push(...(await queryRows<{ id: unknown }>(tx, statement)).map((r) => r.id));
    else await tx.execute(statement);
  }
  return ids;
}
