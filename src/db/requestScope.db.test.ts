/**
 * Abandoned requests stop their queries: work a request still had to do when its client went away is
 * not started (on both databases; requestScope.postgres.db.test.ts: on PostgreSQL a statement already running
 * for it is cancelled).
 */
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { optionsFromEnv, queryRows, type Database } from './connection.ts';
import { trackAbandonedRequests, withRequestSignal } from './requestScope.ts';
import { openTestDatabase } from '../test-support/db.ts';

interface Deferred<T> { promise: Promise<T>; resolve: (v: T) => void }
function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

let database: Database;
let app: FastifyInstance;
let base: string;
let gate: Deferred<void>;
let started: Deferred<void>;
let outcome: Deferred<string>;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(sql`create table probe (x int)`);
  app = Fastify();
  trackAbandonedRequests(app);
  // Waits for the test's gate, as a request waits behind other users' work, then writes.
  app.get('/write', async () => {
    started.resolve();
    await gate.promise;
    try { await database.db.execute(sql`insert into probe values (1)`); outcome.resolve('ran'); } catch (e) { outcome.resolve(errorCode(e)); }
    return {};
  });
  app.get('/transaction', async () => {
    started.resolve();
    await gate.promise;
    try { await database.db.transaction(async (tx) => { await tx.execute(sql`insert into probe values (2)`); }); outcome.resolve('ran'); } catch (e) { outcome.resolve(errorCode(e)); }
    return {};
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => { await app?.close(); await database?.close(); });

/** Sends a GET and closes the connection without waiting for the answer once `until` resolves. */
function abandon(path: string, until: Promise<unknown>) {
  const req = httpRequest(`${base}${path}`);
  req.on('error', () => {});
  req.end();
  void until.then(() => req.destroy());
}

/** drizzle wraps the driver's error ("Failed query: …") with the original as its cause. */
const errorCode = (e: unknown) => { const err = e as { code?: string; cause?: { code?: string } }; return err.cause?.code ?? err.code ?? String(e); };

const probeCount = async () => Number((await queryRows<{ n: number | string }>(database.db, sql`select count(*) as n from probe`))[0].n);

describe('abandoned requests', () => {
  it.each([['/write', 'a query'], ['/transaction', 'a transaction']])('do not start %s (%s) waiting behind other work once the client has gone', async (path) => {
    gate = deferred(); started = deferred(); outcome = deferred();
    const before = await probeCount();
    abandon(path, started.promise);
    await started.promise;
    await sleep(50); // the server sees the closed socket
    gate.resolve();
    expect(await outcome.promise).toBe('REQUEST_ABANDONED');
    expect(await probeCount()).toBe(before);
  });

  it('still run when the client waits for the answer', async () => {
    gate = deferred(); started = deferred(); outcome = deferred();
    gate.resolve();
    const res = await fetch(`${base}/write`);
    expect(res.status).toBe(200);
    expect(await outcome.promise).toBe('ran');
  });

  it('work outside any request, or of a request still open, is never refused', async () => {
    const open = new AbortController();
    await withRequestSignal(open.signal, async () => database.db.execute(sql`select 1`));
    const gone = new AbortController();
    gone.abort();
    // drizzle's queries are lazy: they run where they are awaited, here inside the request's work.
    const refused = await withRequestSignal(gone.signal, async () => database.db.execute(sql`select 1`)).catch(errorCode);
    expect(refused).toBe('REQUEST_ABANDONED');
    await database.db.execute(sql`select 1`);
  });
});

describe('statement timeout', () => {
  it('is read from DOUDI_STATEMENT_TIMEOUT_MS (0 for none)', () => {
    expect(optionsFromEnv({ DOUDI_STATEMENT_TIMEOUT_MS: '5000' }).statementTimeoutMs).toBe(5000);
    expect(optionsFromEnv({ DOUDI_STATEMENT_TIMEOUT_MS: '0' }).statementTimeoutMs).toBe(0);
    expect(optionsFromEnv({}).statementTimeoutMs).toBeUndefined();
  });
});
