/**
 * Abandoned requests stop their queries. `trackAbandonedRequests` gives each HTTP request an abort
 * signal that fires when the client goes away before the reply is sent; the signal travels with the
 * request's async work (AsyncLocalStorage). The pool of connection.ts checks it: a query or transaction
 * of an abandoned request is not started (nor one that was waiting for a connection), and on PostgreSQL
 * a statement already running for it is cancelled (pg_cancel_backend). PGlite cannot interrupt a
 * statement, so there only queued work is skipped.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type pgModule from 'pg';
import type { PoolClient, PoolConfig } from 'pg';
import { AppError } from '../errors.ts';

const requestSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` as work for a request whose client may go away (`signal`); for tests and non-HTTP callers. */
export function withRequestSignal<T>(signal: AbortSignal, fn: () => T): T {
  return requestSignal.run(signal, fn);
}

/** The client closed the connection before the reply: its query is dropped (nobody will read the answer). */
export function abandoned(): AppError {
  return new AppError('REQUEST_ABANDONED', '请求已被客户端取消，查询未执行或已中止', undefined, 499);
}

/** Adds the hook that gives every request its abort signal; register before any hook that queries. */
export function trackAbandonedRequests(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    const controller = new AbortController();
    const res = reply.raw;
    res.once('close', () => { if (!res.writableFinished) controller.abort(); });
    requestSignal.run(controller.signal, done);
  });
}

type Pg = typeof pgModule;

/**
 * A pg Pool whose queries and checked-out clients respect the current request's abort signal.
 * `cancelConfig`: where to connect to cancel a running statement (PostgreSQL), or null (PGlite).
 */
export function guardedPool(pg: Pg, config: PoolConfig, cancelConfig: PoolConfig | null): InstanceType<Pg['Pool']> {
  const cancel = async (pid: number) => {
    if (!cancelConfig || !pid) return;
    const client = new pg.Client(cancelConfig);
    try {
      await client.connect();
      await client.query('select pg_cancel_backend($1)', [pid]);
    } catch { /* the statement ends anyway: statement_timeout */ } finally {
      await client.end().catch(() => {});
    }
  };

  /** Ties a checked-out client to the signal until it is released: an abort cancels its running statement. */
  const watch = (client: PoolClient, signal: AbortSignal) => {
    const onAbort = () => { void cancel((client as PoolClient & { processID: number }).processID); };
    signal.addEventListener('abort', onAbort, { once: true });
    const release = client.release.bind(client);
    client.release = ((err?: Error | boolean) => {
      signal.removeEventListener('abort', onAbort);
      client.release = release;
      return release(err);
    }) as PoolClient['release'];
    return client;
  };

  const pool = new pg.Pool(config);
  // An idle connection the server ends (a restart, an administrator's pg_terminate_backend, a dropped database)
  // is taken out of the pool, which emits 'error': without a listener that error would end the whole process.
  // The next query opens a new connection.
  pool.on('error', (err) => { console.warn(`数据库连接已断开，下次查询时重新连接 (database connection lost: ${err.message})`); });
  const baseConnect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  const baseQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  // The callback forms (pg-pool's own query uses one) and work outside a request pass straight through.
  pool.connect = (async (...args: unknown[]) => {
    const signal = requestSignal.getStore();
    if (args.length || !signal) return baseConnect(...args);
    if (signal.aborted) throw abandoned();
    const client = await (baseConnect() as Promise<PoolClient>);
    if (signal.aborted) { client.release(); throw abandoned(); }
    return watch(client, signal);
  }) as typeof pool.connect;
  pool.query = ((...args: unknown[]) => {
    const signal = requestSignal.getStore();
    if (!signal || typeof args[args.length - 1] === 'function') return baseQuery(...args);
    return (async () => {
      const client = await pool.connect();
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        client.release();
      }
    })();
  }) as typeof pool.query;
  return pool;
}
