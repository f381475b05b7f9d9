/**
 * For src/server.db.test.ts: the area-scope check of every 特困供养 route. The county sets up an institution
 * in 毓兰镇 and 毓兰镇's officer admits a member of 毓兰镇, assesses the other and records a carer with an
 * agreement file; the officer of 江口镇 sees none of it and can change none of it (404, as for what does not
 * exist), and an admin of another county (longhui) cannot set up an institution in this county.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const png = { 'content-type': 'image/png' };

export function tekunScopeChecks(as: As, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<{ institutionId: string; stayId: string; admitted: string; other: string; assessmentId: string; carerId: string; fileId: number }> | null = null;
  const setup = () => (made ??= (async () => {
    const ms = (await as('county', 'GET', `/api/households/${yulanHousehold()}`)).json().members as { id: string }[];
    const inst = await as('county', 'POST', '/api/tekun/institutions', { areaCode: '430525102', name: '毓兰镇敬老院', kind: 'nursingHome', beds: 10, nursingBeds: 2, manager: '李院长' });
    expect(inst.statusCode, inst.body).toBe(201);
    const institutionId = inst.json().id;
    const stay = await as('yulan', 'POST', '/api/tekun/admissions', { institutionId, memberId: ms[0].id, admittedOn: '2024-03-01', reason: '自愿入住' });
    expect(stay.statusCode, stay.body).toBe(201);
    const a = await as('yulan', 'POST', `/api/tekun/persons/${ms[1].id}/assessments`, { assessedOn: '2024-03-01', assessor: '评估组', level: 'partial' });
    expect(a.statusCode, a.body).toBe(201);
    const c = await as('yulan', 'POST', `/api/tekun/persons/${ms[1].id}/carer`, { name: '毓兰丙', relation: '侄子', phone: '13900001111', agreementFrom: '2024-03-01', agreementTo: '2025-02-28' });
    expect(c.statusCode, c.body).toBe(201);
    const f = await as('yulan', 'POST', `/api/tekun/files/${c.json().id}?kind=agreement&name=协议.png`, PNG, png);
    expect(f.statusCode, f.body).toBe(201);
    return { institutionId, stayId: stay.json().id, admitted: ms[0].id, other: ms[1].id, assessmentId: a.json().id, carerId: c.json().id, fileId: f.json().id };
  })());
  const status = async (user: string, method: string, url: string, code: number, payload?: unknown, headers?: Record<string, string>) => {
    const r = await as(user, method, url, payload, headers);
    expect(r.statusCode, `${user} ${method} ${url}: ${r.body}`).toBe(code);
    return r;
  };
  return {
    'GET /api/tekun/institutions': async () => {
      await setup();
      expect((await status('yulan', 'GET', '/api/tekun/institutions', 200)).json().rows).toHaveLength(1);
      expect((await status('jiangkou', 'GET', '/api/tekun/institutions', 200)).json().rows).toEqual([]);
      expect((await status('longhui', 'GET', '/api/tekun/institutions', 200)).json().rows).toEqual([]);
    },
    'POST /api/tekun/institutions': async () => {
      const body = { areaCode: '430525102', name: '外县机构', kind: 'nursingHome', beds: 1, nursingBeds: 0, manager: '某' };
      expect((await status('longhui', 'POST', '/api/tekun/institutions', 403, body)).json().error.code).toBe('OUT_OF_SCOPE');
      await status('jiangkou', 'POST', '/api/tekun/institutions', 403, { ...body, areaCode: '430525101' });
    },
    'PUT /api/tekun/institutions/{id}': async () => {
      const { institutionId } = await setup();
      await status('longhui', 'PUT', `/api/tekun/institutions/${institutionId}`, 404, { areaCode: '430524', name: 'x', kind: 'nursingHome', beds: 1, nursingBeds: 0, manager: '某' });
    },
    'GET /api/tekun/institutions/{id}/residents': async () => {
      const { institutionId } = await setup();
      expect((await status('yulan', 'GET', `/api/tekun/institutions/${institutionId}/residents`, 200)).json().rows).toHaveLength(1);
      await status('jiangkou', 'GET', `/api/tekun/institutions/${institutionId}/residents`, 404);
    },
    'POST /api/tekun/admissions': async () => {
      const { institutionId, other } = await setup();
      await status('jiangkou', 'POST', '/api/tekun/admissions', 404, { institutionId, memberId: other, admittedOn: '2024-03-02', reason: '越权' });
    },
    'POST /api/tekun/stays/{id}/discharge': async () => {
      const { stayId } = await setup();
      await status('jiangkou', 'POST', `/api/tekun/stays/${stayId}/discharge`, 404, { dischargedOn: '2024-04-01', reason: '越权' });
    },
    'GET /api/tekun/persons': async () => {
      await setup();
      expect((await status('yulan', 'GET', '/api/tekun/persons', 200)).json().rows.length).toBeGreaterThan(0);
      expect((await status('jiangkou', 'GET', '/api/tekun/persons', 200)).json().rows).toEqual([]);
    },
    'GET /api/tekun/persons/{memberId}': async () => {
      const { other } = await setup();
      expect((await status('yulan', 'GET', `/api/tekun/persons/${other}`, 200)).json().assessments).toHaveLength(1);
      await status('jiangkou', 'GET', `/api/tekun/persons/${other}`, 404);
      await status('longhui', 'GET', `/api/tekun/persons/${other}`, 404);
    },
    'POST /api/tekun/persons/{memberId}/carer': async () => {
      const { other } = await setup();
      await status('jiangkou', 'POST', `/api/tekun/persons/${other}/carer`, 404, { name: '越权', relation: '邻居', phone: '13900002222', agreementFrom: '2024-03-01', agreementTo: '2025-02-28' });
    },
    'PUT /api/tekun/carers/{id}/bank': async () => {
      const { carerId } = await setup();
      const bank = { bankName: '农村商业银行', accountNo: '6230000000000000001', accountName: '越权' };
      await status('jiangkou', 'PUT', `/api/tekun/carers/${carerId}/bank`, 404, { bank });
      await status('longhui', 'PUT', `/api/tekun/carers/${carerId}/bank`, 404, { bank });
    },
    'POST /api/tekun/persons/{memberId}/willingness': async () => {
      const { other } = await setup();
      await status('jiangkou', 'POST', `/api/tekun/persons/${other}/willingness`, 404, { willing: true, askedOn: '2024-03-01' });
    },
    'POST /api/tekun/persons/{memberId}/assessments': async () => {
      const { other } = await setup();
      await status('jiangkou', 'POST', `/api/tekun/persons/${other}/assessments`, 404, { assessedOn: '2024-03-01', assessor: '越权', level: 'able' });
    },
    'POST /api/tekun/files/{ownerId}': async () => {
      const { assessmentId } = await setup();
      await status('jiangkou', 'POST', `/api/tekun/files/${assessmentId}?kind=assessment&name=x.png`, 404, PNG, png);
    },
    'GET /api/tekun/files/{id}': async () => {
      const { fileId } = await setup();
      await status('yulan', 'GET', `/api/tekun/files/${fileId}`, 200);
      await status('jiangkou', 'GET', `/api/tekun/files/${fileId}`, 404);
    },
    'GET /api/tekun/figures': async () => {
      await setup();
      expect((await status('county', 'GET', '/api/tekun/figures', 200)).json().byTownship.map((t: { code: string }) => t.code)).toContain('430525102');
      expect((await status('jiangkou', 'GET', '/api/tekun/figures', 200)).json().total.persons).toBe(0);
    },
    'GET /api/tekun/figures.xlsx': async () => {
      await setup();
      await status('jiangkou', 'GET', '/api/tekun/figures.xlsx', 200);
      await status('longhui', 'GET', '/api/tekun/figures.xlsx', 409);
    },
  };
}
