/**
 * For src/server.db.test.ts: the area-scope check of every 就业救助 route. The county of 洞口县 records a
 * service to a member of 毓兰镇 and opens a 公益性岗位 there with a holder and a 以工代训 workshop; a township officer of 江口镇
 * and an admin of another county (longhui) see none of it and can change none of it.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../db/connection.ts';
import { todayInChina } from '../registry/model.ts';
import { welfareJobHolders } from './schema.ts';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

const HEADER = '身份证号,姓名,服务类型,日期';
const octet = { 'content-type': 'application/octet-stream' };
const WORKSHOP = { name: '毓兰镇扶贫车间', employer: '毓兰镇某企业', areaCode: '430525102', payee: { bankName: '洞口农商银行', accountNo: '623090123456789001', accountName: '毓兰镇某企业' } };

export function employmentScopeChecks(as: As, db: () => Db, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  const today = todayInChina();
  let made: Promise<{ memberId: string; idNumber: string; name: string; serviceId: string; jobId: string; holderId: string; workshopId: string }> | null = null;
  const planted = () => (made ??= (async () => {
    const h = (await as('county', 'GET', `/api/households/${yulanHousehold()}`)).json();
    const m = h.members[0];
    const { idNumber } = (await as('county', 'POST', `/api/members/${m.id}/reveal`, {})).json();
    const s = await as('county', 'POST', '/api/employment/services', { memberId: m.id, kind: 'placement', date: today, employer: '毓兰镇某厂' });
    expect(s.statusCode, s.body).toBe(200);
    const j = await as('county', 'POST', '/api/employment/jobs', { name: '保洁员', employer: '毓兰镇人民政府', areaCode: '430525102', startDate: today });
    expect(j.statusCode, j.body).toBe(200);
    const holderId = randomUUID();
    await db().insert(welfareJobHolders).values({ id: holderId, jobId: j.json().id, memberId: m.id, householdId: yulanHousehold(), areaCode: m.areaCode ?? '430525102201',
      startDate: today, maxLastDay: today, toRetirement: false, createdBy: 'test' });
    const w = await as('county', 'POST', '/api/employment/workshops', WORKSHOP);
    expect(w.statusCode, w.body).toBe(200);
    return { memberId: m.id, idNumber, name: m.name, serviceId: s.json().id, jobId: j.json().id, holderId, workshopId: w.json().id };
  })());
  const status = async (user: string, method: string, url: string, code: number, payload?: unknown, headers?: Record<string, string>) => {
    await planted();
    const r = await as(user, method, url, payload, headers);
    expect(r.statusCode, `${user} ${method} ${url}: ${r.body}`).toBe(code);
    return r;
  };
  return {
    'GET /api/employment/workforce': async () => {
      expect((await status('longhui', 'GET', '/api/employment/workforce', 200)).json().rows).toEqual([]);
      expect((await status('jiangkou', 'GET', '/api/employment/workforce', 200)).json().rows.map((r: { householdId: string }) => r.householdId)).not.toContain(yulanHousehold());
    },
    'GET /api/employment/zero-households': async () => {
      expect((await status('longhui', 'GET', '/api/employment/zero-households', 200)).json().rows).toEqual([]);
      expect((await status('jiangkou', 'GET', '/api/employment/zero-households', 200)).json().rows.map((r: { householdId: string }) => r.householdId)).not.toContain(yulanHousehold());
    },
    'POST /api/employment/services': async () => {
      const p = await planted();
      const body = { memberId: p.memberId, kind: 'guidance', date: today };
      await status('longhui', 'POST', '/api/employment/services', 404, body);
      await status('jiangkou', 'POST', '/api/employment/services', 404, body);
    },
    'POST /api/employment/services/{id}/end': async () => {
      const p = await planted();
      await status('longhui', 'POST', `/api/employment/services/${p.serviceId}/end`, 404, { endDate: today });
      await status('jiangkou', 'POST', `/api/employment/services/${p.serviceId}/end`, 404, { endDate: today });
    },
    'GET /api/employment/services': async () => {
      expect((await status('county', 'GET', '/api/employment/services', 200)).json().total).toBe(1);
      expect((await status('longhui', 'GET', '/api/employment/services', 200)).json().total).toBe(0);
      expect((await status('jiangkou', 'GET', '/api/employment/services', 200)).json().total).toBe(0);
    },
    'POST /api/employment/files': async () => {
      const p = await planted();
      const file = Buffer.from(`${HEADER}\n${p.idNumber},${p.name},职业指导,${today}\n`);
      expect((await status('longhui', 'POST', '/api/employment/files?name=x.csv', 422, file, octet)).json().errors).toMatchObject([{ column: '身份证号' }]);
      expect((await status('jiangkou', 'POST', '/api/employment/files?name=x.csv', 422, file, octet)).json().errors).toMatchObject([{ column: '身份证号' }]);
    },
    'GET /api/employment/files': async () => {
      expect((await status('longhui', 'GET', '/api/employment/files', 200)).json().rows).toEqual([]);
      expect((await status('jiangkou', 'GET', '/api/employment/files', 200)).json().rows).toEqual([]);
    },
    'POST /api/employment/jobs': async () => {
      const body = { name: '护路员', employer: '毓兰镇', areaCode: '430525102', startDate: today };
      await status('jiangkou', 'POST', '/api/employment/jobs', 403, body);
      await status('longhui', 'POST', '/api/employment/jobs', 403, body);
    },
    'GET /api/employment/jobs': async () => {
      expect((await status('county', 'GET', '/api/employment/jobs', 200)).json().rows).toHaveLength(1);
      expect((await status('longhui', 'GET', '/api/employment/jobs', 200)).json().rows).toEqual([]);
      expect((await status('jiangkou', 'GET', '/api/employment/jobs', 200)).json().rows).toEqual([]);
    },
    'POST /api/employment/jobs/{id}/holders': async () => {
      const p = await planted();
      await status('longhui', 'POST', `/api/employment/jobs/${p.jobId}/holders`, 404, { memberId: p.memberId, startDate: today });
      await status('jiangkou', 'POST', `/api/employment/jobs/${p.jobId}/holders`, 404, { memberId: p.memberId, startDate: today });
    },
    'POST /api/employment/holders/{id}/end': async () => {
      const p = await planted();
      await status('longhui', 'POST', `/api/employment/holders/${p.holderId}/end`, 404, { endedOn: today, reason: '越权' });
      await status('jiangkou', 'POST', `/api/employment/holders/${p.holderId}/end`, 404, { endedOn: today, reason: '越权' });
    },
    'POST /api/employment/workshops': async () => {
      await status('jiangkou', 'POST', '/api/employment/workshops', 403, WORKSHOP);
      await status('longhui', 'POST', '/api/employment/workshops', 403, WORKSHOP);
    },
    'GET /api/employment/workshops': async () => {
      expect((await status('county', 'GET', '/api/employment/workshops', 200)).json().rows).toHaveLength(1);
      expect((await status('longhui', 'GET', '/api/employment/workshops', 200)).json().rows).toEqual([]);
      expect((await status('jiangkou', 'GET', '/api/employment/workshops', 200)).json().rows).toEqual([]);
    },
    'POST /api/employment/workshops/{id}/months': async () => {
      const p = await planted();
      const body = { month: today.slice(0, 7), memberIds: [p.memberId] };
      await status('longhui', 'POST', `/api/employment/workshops/${p.workshopId}/months`, 404, body);
      await status('jiangkou', 'POST', `/api/employment/workshops/${p.workshopId}/months`, 404, body);
    },
    'GET /api/households/{id}/employment': async () => {
      await status('county', 'GET', `/api/households/${yulanHousehold()}/employment`, 200);
      await status('jiangkou', 'GET', `/api/households/${yulanHousehold()}/employment`, 404);
      await status('longhui', 'GET', `/api/households/${yulanHousehold()}/employment`, 404);
    },
    'GET /api/employment/figures': async () => {
      const year = today.slice(0, 4);
      expect((await status('county', 'GET', `/api/employment/figures?year=${year}`, 200)).json().byTownship.map((t: { code: string }) => t.code)).toEqual(['430525102']);
      expect((await status('longhui', 'GET', `/api/employment/figures?year=${year}`, 200)).json().byTownship).toEqual([]);
      expect((await status('jiangkou', 'GET', `/api/employment/figures?year=${year}`, 200)).json().byTownship).toEqual([]);
    },
  };
}
