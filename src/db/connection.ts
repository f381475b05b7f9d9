/**
 * Opens the database: PostgreSQL when a URL is given (DATABASE_URL), otherwise the embedded PGlite
 * in a data directory (DOUDI_DATA, default ./data; "memory://" for a throwaway one). Both run the
 * same migrations from drizzle/ on open, so a fresh directory or database is ready to use.
 *
 * One driver for both: PGlite runs in a worker thread behind a unix socket (pgliteServer.mjs) and the
 * app talks to it with node-postgres, so a long query never blocks the HTTP server's thread. PGlite is
 * a single session, so its pool holds one connection (transactions never interleave). Queries made for
 * an HTTP request whose client has gone are not started, and on PostgreSQL a running one is cancelled
 * (requestScope.ts); PostgreSQL statements also stop after DOUDI_STATEMENT_TIMEOUT_MS (30 s; 0 = none).
 */
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PoolConfig } from 'pg';
import { guardedPool } from './requestScope.ts';

export type Db = PgDatabase<PgQueryResultHKT>;
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
  /** PGlite only: a data directory dumped by PGlite's dumpDataDir (uncompressed tar) that a new dataDir starts from. */
  loadDataDir?: string;
  /** PostgreSQL only (PGlite cannot interrupt a statement): milliseconds, 0 for no limit. */
  statementTimeoutMs?: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  const timeout = env.DOUDI_STATEMENT_TIMEOUT_MS;
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DOUDI_DATA || './data',
    statementTimeoutMs: timeout !== undefined && timeout !== '' && Number.isFinite(Number(timeout)) ? Number(timeout) : undefined };
}

export async function openDatabase(opts: OpenOptions = optionsFromEnv()): Promise<Database> {
  if (opts.databaseUrl) {
    const timeout = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    return connect('postgres', { connectionString: opts.databaseUrl, max: 10, ...(timeout > 0 ? { statement_timeout: timeout } : {}) }, { connectionString: opts.databaseUrl }, async () => {});
  }
  const dir = opts.dataDir ?? './data';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const server = await startPgliteServer(dir, opts.loadDataDir);
  try {
    const config = { host: server.socketDir, port: PGLITE_PORT, user: 'postgres', database: 'postgres' };
    // One connection, kept open (PGlite is one session); no statement timeout (PGlite cannot interrupt one).
    return await connect('pglite', { ...config, max: 1, idleTimeoutMillis: 0 }, config, server.stop);
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** The pool, migrations on a connection of their own (no statement timeout), statistics, and close. */
async function connect(kind: DbKind, poolConfig: PoolConfig, adminConfig: PoolConfig, after: () => Promise<void>): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  if (kind === 'postgres') {
    const admin = new pg.Client(adminConfig);
    await admin.connect();
    try { await migrate(drizzle(admin), { migrationsFolder }); } finally { await admin.end(); }
  }
  const pool = guardedPool(pg, poolConfig, kind === 'postgres' ? adminConfig : null);
  const db = drizzle(pool) as unknown as Db;
  try {
    if (kind === 'pglite') await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder });
    await refreshStatistics(db);
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return { db, kind, close: () => (closing ??= pool.end().then(after)) };
}

const PGLITE_PORT = 5432;

/**
 * PGlite's WebAssembly, compiled once per process and handed to each database thread it starts: a thread that
 * compiled it itself would spend about half a second of CPU on it at every open (tests and commands that open
 * the same data directory again and again pay it each time).
 */
let pgliteWasm: Promise<WebAssembly.Module> | undefined;
function compiledPglite(): Promise<WebAssembly.Module> {
  pgliteWasm ??= readFile(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm'))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((err) => { pgliteWasm = undefined; throw err; });
  return pgliteWasm;
}

/** Starts the PGlite worker thread serving `dataDir` on a unix socket in a new private (0700) directory. */
async function startPgliteServer(dataDir: string, loadDataDir?: string): Promise<{ socketDir: string; stop: () => Promise<void> }> {
  const wasmModule = await compiledPglite();
  const socketDir = mkdtempSync(join(tmpdir(), 'doudi-db-'));
  const worker = new Worker(new URL('./pgliteServer.mjs', import.meta.url), {
    workerData: { dataDir, loadDataDir, socketPath: join(socketDir, `.s.PGSQL.${PGLITE_PORT}`), wasmModule },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const cleanup = () => rmSync(socketDir, { recursive: true, force: true });
  const ready = await new Promise<{ ready?: true; error?: string }>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (e) => resolve({ error: e instanceof Error ? e.message : String(e) }));
    worker.once('exit', (code) => resolve({ error: `数据库线程已退出 database thread exited (${code})` }));
  });
  if (!ready.ready) {
    await worker.terminate();
    cleanup();
    throw new Error(`无法打开数据库 cannot open the database ${dataDir}: ${ready.error}`);
  }
  return {
    socketDir,
    stop: async () => {
      worker.postMessage('close');
      // A clean close flushes PGlite's files; a worker that does not answer is stopped after 10 s.
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
      cleanup();
    },
  };
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * `work` run with a PostgreSQL setting (work_mem, enable_nestloop, jit…) changed for it alone: set for its
 * transaction (a savepoint inside an outer transaction, such as a monitoring run's) and set back after, so
 * the rest of an outer transaction keeps its own value; a failure rolls the setting back with the savepoint.
 */
export async function withSetting<T>(db: Db, name: string, value: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const [{ prev }] = await queryRows<{ prev: string }>(tx, sql`select current_setting(${name}) as prev, set_config(${name}, ${value}, true)`);
    const out = await work(tx);
    await tx.execute(sql`select set_config(${name}, ${prev}, true)`);
    return out;
  });
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
