/**
 * For src/server.db.test.ts: the area-scope check of every supervision route. A township officer of 江口镇
 * sees 江口镇's figures only and gets 403 for 毓兰镇; an admin of another county (longhui) gets 403 for any
 * area of 洞口县, and the list behind a number never shows a household of another area.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

type As = (user: string, method: string, url: string, payload?: unknown) => Promise<LightMyRequestResponse>;

const YULAN = '430525102';
const status = async (as: As, user: string, method: string, url: string, code: number, payload?: unknown) => {
  const r = await as(user, method, url, payload);
  expect(r.statusCode, `${user} ${method} ${url}: ${r.body}`).toBe(code);
  return r;
};

export function supervisionScopeChecks(as: As, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  const key = 'coverage.lianwuOnDibao';
  return {
    'GET /api/supervision/indicators': async () => {
      expect((await status(as, 'jiangkou', 'GET', '/api/supervision/indicators', 200)).json().area.code).toBe('430525101');
      await status(as, 'jiangkou', 'GET', `/api/supervision/indicators?area=${YULAN}`, 403);
      await status(as, 'longhui', 'GET', `/api/supervision/indicators?area=${YULAN}`, 403);
    },
    'GET /api/supervision/indicators/{key}/trend': async () => {
      await status(as, 'jiangkou', 'GET', `/api/supervision/indicators/${key}/trend?area=${YULAN}`, 403);
      await status(as, 'longhui', 'GET', `/api/supervision/indicators/${key}/trend?area=430525`, 403);
    },
    'GET /api/supervision/indicators/{key}/townships': async () => {
      const rows = (await status(as, 'jiangkou', 'GET', `/api/supervision/indicators/${key}/townships`, 200)).json().rows;
      expect(rows.map((r: { code: string }) => r.code)).toEqual(['430525101']);
    },
    'GET /api/supervision/indicators/{key}/list': async () => {
      await status(as, 'jiangkou', 'GET', `/api/supervision/indicators/${key}/list?area=${YULAN}`, 403);
      await status(as, 'longhui', 'GET', `/api/supervision/indicators/${key}/list?area=${YULAN}`, 403);
      const rows = (await status(as, 'jiangkou', 'GET', '/api/supervision/indicators/tekun.centralisation/list', 200)).json().rows;
      expect(rows.filter((r: { householdId: string }) => r.householdId === yulanHousehold())).toEqual([]);
    },
    'GET /api/supervision/pack.xlsx': async () => {
      await status(as, 'jiangkou', 'GET', `/api/supervision/pack.xlsx?area=${YULAN}`, 403);
      await status(as, 'longhui', 'GET', `/api/supervision/pack.xlsx?area=${YULAN}`, 403);
    },
    'GET /api/supervision/pack.pdf': async () => {
      await status(as, 'jiangkou', 'GET', `/api/supervision/pack.pdf?area=${YULAN}`, 403);
      await status(as, 'longhui', 'GET', `/api/supervision/pack.pdf?area=${YULAN}`, 403);
    },
    'GET /api/supervision/snapshots': async () => {
      await status(as, 'county', 'POST', '/api/supervision/snapshots', 200, { month: '2024-01' });
      expect((await status(as, 'county', 'GET', '/api/supervision/snapshots', 200)).json().rows.map((r: { month: string }) => r.month)).toContain('2024-01');
      expect((await status(as, 'longhuiaudit', 'GET', '/api/supervision/snapshots', 200)).json().rows).toEqual([]);
    },
    'POST /api/supervision/snapshots': async () => {
      await status(as, 'jiangkou', 'POST', '/api/supervision/snapshots', 403, { month: '2024-02' });
      await status(as, 'auditor', 'POST', '/api/supervision/snapshots', 403, { month: '2024-02' });
    },
  };
}
