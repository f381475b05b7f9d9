/**
 * The first-start demo county (seedDemoCounty): its households are analyzed before the demo seeds that
 * follow query them. PGlite has no autovacuum; with the statistics of the empty tables the monitoring
 * demo's income query looped over every active member once per household (172 s instead of 0.4 s at
 * 20,000 households). Asserted on the statistics the monitoring demo sees, not on time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from './db/connection.ts';
import { queryRows } from './db/connection.ts';
import { openTestDatabase } from './test-support/db.ts';
import { listJobs, listServices } from './employment/store.ts';
import { todayInChina } from './registry/model.ts';

/** The planner's row estimates (pg_class.reltuples) when the monitoring demo starts. */
const seen = vi.hoisted(() => ({ estimates: null as Record<string, number> | null }));
vi.mock('./monitoring/demo.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./monitoring/demo.ts')>();
  const { sql: q } = await import('drizzle-orm');
  const { queryRows: rows } = await import('./db/connection.ts');
  return {
    ...original,
    seedMonitoringDemo: async (db: Parameters<typeof original.seedMonitoringDemo>[0]) => {
      const r = await rows<{ relname: string; n: number }>(db, q`select relname, reltuples::float8 as n from pg_class where relname in ('households', 'members')`);
      seen.estimates = Object.fromEntries(r.map((x) => [x.relname, x.n]));
      return original.seedMonitoringDemo(db);
    },
  };
});

let database: Database;
let seedDemoCounty: typeof import('./serveCommand.ts').seedDemoCounty;
beforeAll(async () => {
  // The database files share their worker's modules (vitest.config.ts): serveCommand.ts is imported afresh here,
  // so that it sees the mocked monitoring demo even when an earlier file of the worker loaded the real one.
  vi.resetModules();
  ({ seedDemoCounty } = await import('./serveCommand.ts'));
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('seedDemoCounty', () => {
  it('refreshes the planner statistics of the new households and members before the monitoring demo queries them', async () => {
    await seedDemoCounty(database.db, 150);
    const [{ n: members }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from members`);
    expect(seen.estimates).toEqual({ households: 150, members });
  });

  it('fills 就业救助 through its store: a "311" year, a 零就业家庭 cleared by a broker\'s placement, a 公益性岗位 holder within the term', async () => {
    const services = await listServices(database.db, '430525', { page: 1, pageSize: 50 });
    expect(services.rows.map((s) => s.kind).sort()).toEqual(['guidance', 'placement', 'recommendation', 'recommendation', 'recommendation', 'training']);
    expect(services.rows.find((s) => s.kind === 'placement')).toMatchObject({ broker: '劳务经纪人刘建华', clearedZeroSince: expect.any(String) });
    const jobs = await listJobs(database.db, '430525', todayInChina());
    expect(jobs.rows).toEqual([expect.objectContaining({ name: '护林员', holders: [expect.objectContaining({ current: true })] })]);
  });
});
