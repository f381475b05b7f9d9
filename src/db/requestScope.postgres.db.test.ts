/**
 * On PostgreSQL a statement already running for a request whose client went away is cancelled, and every
 * connection of the pool has the statement timeout. (PGlite cannot interrupt a statement: requestScope.db.test.ts
 * checks on both databases that abandoned work is not started.)
 */
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './connection.ts';
import { trackAbandonedRequests } from './requestScope.ts';
import { openTestDatabase } from '../test-support/db.ts';

let database: Database;
let app: FastifyInstance;
let base: string;
let started: () => void;
let outcome: (code: string) => void;

beforeAll(async () => {
  database = await openTestDatabase();
  app = Fastify();
  trackAbandonedRequests(app);
  app.get('/sleep', async () => {
    started();
    try { await database.db.execute(sql`select pg_sleep(60)`); outcome('ran'); } catch (e) {
      const err = e as { code?: string; cause?: { code?: string } };
      outcome(err.cause?.code ?? err.code ?? String(e));
    }
    return {};
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => { await app?.close(); await database?.close(); });

it('cancels a statement already running for a request whose client has gone', async () => {
  const isStarted = new Promise<void>((r) => { started = r; });
  const result = new Promise<string>((r) => { outcome = r; });
  const req = httpRequest(`${base}/sleep`);
  req.on('error', () => {});
  req.end();
  await isStarted;
  // Waits (without a time limit of its own) until the statement is running on the server, then leaves.
  while ((await queryRows(database.db, sql`select 1 from pg_stat_activity where query like 'select pg_sleep(60)%' and state = 'active'`)).length === 0) await sleep(20);
  req.destroy();
  expect(await result).toBe('57014'); // query_canceled
});

it('sets a 30 s statement timeout on every PostgreSQL connection of the pool', async () => {
  const rows = await queryRows<{ statement_timeout: string }>(database.db, sql`show statement_timeout`);
  expect(rows[0].statement_timeout).toBe('30s');
});

it('survives the server ending an idle connection of the pool: the next query opens a new one', async () => {
  const [{ pid }] = await queryRows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`);
  const warned = new Promise<unknown[]>((resolve) => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => { console.warn = warn; resolve(args); };
  });
  const other = await openTestDatabase();
  try {
    await other.db.execute(sql`select pg_terminate_backend(${pid})`);
  } finally { await other.close(); }
  expect(String((await warned)[0])).toContain('数据库连接已断开');
  const [{ pid: next }] = await queryRows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`);
  expect(next).not.toBe(pid);
});
