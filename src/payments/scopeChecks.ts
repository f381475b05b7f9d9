/**
 * For src/server.db.test.ts: the area-scope check of every payments route. The county of 洞口县
 * prepares a payroll; an admin of another county (longhui) finds none of it, and a township officer of
 * 江口镇 can neither prepare nor see 毓兰镇's households.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export function paymentScopeChecks(as: As, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<void> | null = null;
  const prepared = () => (made ??= (async () => {
    const r = await as('county', 'POST', '/api/payroll/2024-02/prepare', {});
    expect(r.statusCode, r.body).toBe(200);
  })());
  const status = async (user: string, method: string, url: string, code: number, payload?: unknown) => {
    await prepared();
    const r = await as(user, method, url, payload);
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(code);
    return r;
  };
  return {
    'GET /api/payroll': async () => {
      await prepared();
      expect((await as('county', 'GET', '/api/payroll')).json().rows.map((p: { areaCode: string }) => p.areaCode)).toContain('430525');
      expect((await as('longhui', 'GET', '/api/payroll')).json().rows).toEqual([]);
    },
    'GET /api/payroll/{month}': async () => { await status('longhui', 'GET', '/api/payroll/2024-02', 404); },
    'GET /api/payroll/{month}/differences': async () => { expect((await status('longhui', 'GET', '/api/payroll/2024-02/differences', 200)).json().rows).toEqual([]); },
    'POST /api/payroll/{month}/prepare': async () => { await status('jiangkou', 'POST', '/api/payroll/2024-03/prepare', 403, {}); },
    'POST /api/payroll/{month}/withdraw': async () => {
      await status('longhui', 'POST', '/api/payroll/2024-02/withdraw', 404, { reason: '越权撤回' });
      await status('county', 'GET', '/api/payroll/2024-02', 200);
    },
    'POST /api/payroll/{month}/approve': async () => { await status('longhui', 'POST', '/api/payroll/2024-02/approve', 404, {}); },
    'GET /api/payroll/{month}/verify': async () => { await status('longhui', 'GET', '/api/payroll/2024-02/verify', 404); },
    'GET /api/payroll/{month}/bank-file': async () => { await status('longhui', 'GET', '/api/payroll/2024-02/bank-file?format=csv', 404); },
    'POST /api/payroll/{month}/returns': async () => {
      await prepared();
      const r = await as('longhui', 'POST', '/api/payroll/2024-02/returns?name=r.csv', Buffer.from('序号\n'), { 'content-type': 'application/octet-stream' });
      expect(r.statusCode, r.body).toBe(404);
    },
    'GET /api/payroll/recoveries': async () => { expect((await status('longhui', 'GET', '/api/payroll/recoveries', 200)).json().rows).toEqual([]); },
    'POST /api/payroll/recoveries/{id}/approve': async () => { await status('longhui', 'POST', '/api/payroll/recoveries/none/approve', 404, {}); },
    'GET /api/households/{id}/payments': async () => { await status('jiangkou', 'GET', `/api/households/${yulanHousehold()}/payments`, 404); },
    'GET /api/payments/report': async () => {
      const rows = (await status('jiangkou', 'GET', '/api/payments/report?from=2024-01&to=2024-12', 200)).json().rows as { townshipCode: string }[];
      expect(rows.filter((r) => !r.townshipCode.startsWith('430525101'))).toEqual([]);
    },
    'GET /api/payments/report.xlsx': async () => { await status('longhui', 'GET', '/api/payments/report.xlsx?from=2024-01&to=2024-12', 200); },
  };
}
