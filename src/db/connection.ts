/**
 * Opens the database: PostgreSQL when a URL is given (DATABASE_URL), otherwise the embedded PGlite
 * in a data directory (DOUDI_DATA, default ./data; "memory://" for a throwaway one). Both run the
 * same migrations from drizzle/ on open, so a fresh directory or database is ready to use.
 */
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { schema } from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DOUDI_DATA || './data' };
}

export async function openDatabase(opts: OpenOptions = optionsFromEnv()): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = drizzle(pool, { schema });
    await migrate(db, { migrationsFolder });
    await refreshStatistics(db as unknown as Db);
    return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = opts.dataDir ?? './data';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  await refreshStatistics(db as unknown as Db);
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Brings the query planner's statistics up to date (ANALYZE). PGlite has no autovacuum, so without
 * this a database keeps the statistics of its empty tables after the first seeding or import. ANALYZE
 * reads a fixed-size sample of each table, so it takes about the same time for 10⁴ or 10⁶ rows.
 * Call it after bulk writes (seeding, ledger imports); `onlyStale` analyzes only the tables with more
 * changes since their last ANALYZE than autovacuum's default threshold (50 rows + 10 %), for schedules.
 * Returns the tables analyzed ('*' for all).
 */
export async function refreshStatistics(db: Db, opts: { onlyStale?: boolean } = {}): Promise<string[]> {
  if (!opts.onlyStale) {
    await db.execute(sql`analyze`);
    return ['*'];
  }
  const stale = await queryRows<{ relname: string }>(db, sql`
    select s.relname from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) order by s.relname`);
  for (const { relname } of stale) await db.execute(sql`analyze ${sql.identifier(relname)}`);
  return stale.map((t) => t.relname);
}

/** Refreshes stale statistics every `intervalMs` (unref'd: it never keeps the process alive); returns the stop function. */
export function scheduleStatistics(db: Db, intervalMs = 5 * 60_000, onError: (err: unknown) => void = () => {}): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshStatistics(db, { onlyStale: true }).catch(onError).finally(() => { running = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
