/**
 * For src/server.db.test.ts: the area-scope check of every coverage-gap route. A gap of a household of 毓兰镇 is
 * planted; a township officer of 江口镇 and an admin of another county (longhui) neither see it nor close it, and
 * cannot search outside their area; a search job is seen by the user who started it only.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../db/connection.ts';
import { households } from '../registry/schema.ts';
import { coverageGaps } from './gapSchema.ts';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export function gapScopeChecks(as: As, db: () => Db, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<number> | null = null;
  const planted = () => (made ??= (async () => {
    const [h] = await db().select({ areaCode: households.areaCode }).from(households).where(eq(households.id, yulanHousehold()));
    const [g] = await db().insert(coverageGaps).values({ householdId: yulanHousehold(), areaCode: h.areaCode, kind: 'unserved', program: '特困', reasons: ['范围检查'],
      amountFen: 100, policy: {}, foundOn: '2026-01-01', seenOn: '2026-01-01', lastRun: 'scope' }).returning({ id: coverageGaps.id });
    return g.id;
  })());
  const stillOpen = async (id: number) => {
    const [g] = await db().select({ status: coverageGaps.status }).from(coverageGaps).where(eq(coverageGaps.id, id));
    expect(g.status).toBe('open');
  };
  const finished = async (user: string, id: string) => {
    for (;;) {
      const job = (await as(user, 'GET', `/api/supervision/gaps/runs/${id}`)).json();
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    'GET /api/supervision/gaps': async () => {
      const id = await planted();
      expect((await as('county', 'GET', '/api/supervision/gaps')).json().rows.map((r: { id: number }) => r.id)).toContain(id);
      expect((await as('jiangkou', 'GET', '/api/supervision/gaps')).json().rows.map((r: { id: number }) => r.id)).not.toContain(id);
      expect((await as('jiangkou', 'GET', '/api/supervision/gaps?area=430525102')).statusCode).toBe(403);
      expect((await as('longhui', 'GET', '/api/supervision/gaps')).json().total).toBe(0);
      expect((await as('longhui', 'GET', '/api/supervision/gaps?area=430525')).statusCode).toBe(403);
    },
    'POST /api/supervision/gaps/run': async () => {
      const id = await planted();
      expect((await as('jiangkou', 'POST', '/api/supervision/gaps/run', {})).statusCode).toBe(403);
      expect((await as('longhui', 'POST', '/api/supervision/gaps/run', { area: '430525102' })).statusCode).toBe(403);
      // Another county's search (it has no published pack: the job fails) leaves this county's gaps alone.
      const r = await as('longhui', 'POST', '/api/supervision/gaps/run', {});
      expect(r.statusCode).toBe(202);
      expect((await finished('longhui', r.json().id)).status).toBe('failed');
      await stillOpen(id);
    },
    'GET /api/supervision/gaps/runs/{id}': async () => {
      const r = await as('county', 'POST', '/api/supervision/gaps/run', { area: '430525101' });
      expect(r.statusCode).toBe(202);
      expect((await as('longhui', 'GET', `/api/supervision/gaps/runs/${r.json().id}`)).statusCode).toBe(404);
      expect((await as('jiangkou', 'GET', `/api/supervision/gaps/runs/${r.json().id}`)).statusCode).toBe(404);
      expect((await finished('county', r.json().id)).status).toBe('done');
      await stillOpen(await planted());
    },
    'POST /api/supervision/gaps/{id}/close': async () => {
      const id = await planted();
      expect((await as('jiangkou', 'POST', `/api/supervision/gaps/${id}/close`, { outcome: 'not_a_gap', note: '越权' })).statusCode).toBe(404);
      expect((await as('longhui', 'POST', `/api/supervision/gaps/${id}/close`, { outcome: 'not_a_gap', note: '越权' })).statusCode).toBe(404);
      await stillOpen(id);
    },
  };
}
