/**
 * For src/server.db.test.ts: the area-scope check of every case route. A township officer of 江口镇
 * (and an admin of another county) aims at a case of 毓兰镇; each gets a 404 or an empty list, and
 * the citizen's routes show nothing without the application number and the ID digits.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export function caseScopeChecks(as: As, publicInject: (method: string, url: string, payload?: unknown) => Promise<LightMyRequestResponse>, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<{ caseId: string; programId: string; number: string }> | null = null;
  const yulanCase = () => (made ??= (async () => {
    const r = await as('yulan', 'POST', '/api/cases', { channel: 'window', householdId: yulanHousehold(), programs: [{ program: '医疗救助' }] });
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json();
    const programId = c.programs[0].id;
    await as('yulan', 'POST', `/api/cases/${c.id}/programs/${programId}/actions/accept`, {});
    await as('yulan', 'POST', `/api/cases/${c.id}/programs/${programId}/actions/investigate`, { visitedOn: '2024-08-01', visitors: ['甲', '乙'], findings: '属实', recommendation: 'support' });
    return { caseId: c.id, programId, number: c.number };
  })());
  const notFound = async (user: string, method: string, url: (c: { caseId: string; programId: string }) => string, payload: unknown = {}) => {
    const c = await yulanCase();
    const r = await as(user, method, url(c), payload);
    expect(r.statusCode, `${method} ${url(c)}: ${r.body}`).toBe(404);
  };
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
  return {
    'GET /api/cases': async () => {
      const { caseId } = await yulanCase();
      expect((await as('jiangkou', 'GET', '/api/cases')).json().rows.map((r: { id: string }) => r.id)).not.toContain(caseId);
      expect((await as('longhui', 'GET', '/api/cases')).json().rows).toEqual([]);
      expect((await as('yulan', 'GET', '/api/cases')).json().rows.map((r: { id: string }) => r.id)).toContain(caseId);
    },
    'POST /api/cases': async () => {
      const r = await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: yulanHousehold(), programs: [{ program: '低保' }] });
      expect(r.statusCode).toBe(404);
      const village = await as('jiangkou', 'POST', '/api/cases', { channel: 'hotline', areaCode: '430525102201', applicantName: '越界', programs: [{ program: '低保' }],
        hotline: { caller: '甲', callbackNumber: '13800000000', said: '越界' } });
      expect(village.statusCode).toBe(403);
    },
    'GET /api/cases/queues': async () => {
      const { caseId } = await yulanCase();
      expect((await as('jiangkou', 'GET', '/api/cases/queues')).json().rows.map((r: { caseId: string }) => r.caseId)).not.toContain(caseId);
      expect((await as('longhui', 'GET', '/api/cases/queues?view=notices')).json().counts).toMatchObject({ mine: 0, notices: 0 });
    },
    'GET /api/cases/{id}': () => notFound('jiangkou', 'GET', (c) => `/api/cases/${c.caseId}`),
    'GET /api/cases/{id}/timeline': () => notFound('longhui', 'GET', (c) => `/api/cases/${c.caseId}/timeline`),
    'POST /api/cases/{id}/programs': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/programs`, { programs: [{ program: '低保' }] }),
    'POST /api/cases/{id}/household': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/household`, { householdId: yulanHousehold() }),
    'POST /api/cases/{id}/household/new': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/household/new`,
      { areaCode: '430525101201', hukou: 'rural', members: [{ name: '越权', relation: 'head' }] }),
    'PUT /api/cases/{id}/bank': () => notFound('jiangkou', 'PUT', (c) => `/api/cases/${c.caseId}/bank`, { bankName: '银行', accountNo: '621483000012345', accountName: '甲' }),
    'POST /api/cases/{id}/programs/{programId}/actions/{action}': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/programs/${c.programId}/actions/reject`, { reason: '越权' }),
    'POST /api/cases/{id}/programs/{programId}/deadline/{what}': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/programs/${c.programId}/deadline/pause`, { reason: '越权' }),
    'POST /api/cases/{id}/programs/{programId}/objections': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/programs/${c.programId}/objections`, { content: '越权' }),
    'POST /api/cases/{id}/attachments': async () => {
      const { caseId } = await yulanCase();
      expect((await as('jiangkou', 'POST', `/api/cases/${caseId}/attachments?kind=photo&name=a.png`, png, { 'content-type': 'image/png' })).statusCode).toBe(404);
    },
    'GET /api/cases/{id}/attachments/{attachmentId}': async () => {
      const { caseId } = await yulanCase();
      const up = await as('yulan', 'POST', `/api/cases/${caseId}/attachments?kind=photo&name=a.png`, png, { 'content-type': 'image/png' });
      expect(up.statusCode, up.body).toBe(201);
      expect((await as('jiangkou', 'GET', `/api/cases/${caseId}/attachments/${up.json().id}`)).statusCode).toBe(404);
      expect((await as('yulan', 'GET', `/api/cases/${caseId}/attachments/${up.json().id}`)).statusCode).toBe(200);
    },
    'POST /api/cases/{id}/referrals': () => notFound('jiangkou', 'POST', (c) => `/api/cases/${c.caseId}/referrals`, { department: '教育局', note: '越权' }),
    'GET /api/cases/{id}/referrals': () => notFound('longhui', 'GET', (c) => `/api/cases/${c.caseId}/referrals`),
    'GET /api/referrals': async () => {
      await yulanCase();
      expect((await as('jiangkou', 'GET', '/api/referrals')).json().rows).toEqual([]);
      expect((await as('longhui', 'GET', '/api/referrals')).json().rows).toEqual([]);
      expect((await as('yulan', 'GET', '/api/referrals')).json().rows.length).toBe(1);
    },
    'POST /api/referrals/{id}/result': async () => {
      await yulanCase();
      const [r] = (await as('yulan', 'GET', '/api/referrals')).json().rows;
      expect((await as('jiangkou', 'POST', `/api/referrals/${r.id}/result`, { result: '越权', decision: 'approve' })).statusCode).toBe(404);
    },
    'POST /api/referrals/{id}/deadline/{what}': async () => {
      await yulanCase();
      const [r] = (await as('yulan', 'GET', '/api/referrals')).json().rows;
      expect((await as('jiangkou', 'POST', `/api/referrals/${r.id}/deadline/pause`, { reason: '越权' })).statusCode).toBe(404);
    },
    'GET /api/reviews': async () => {
      expect((await as('longhui', 'GET', '/api/reviews')).json().rows).toEqual([]);
    },
    'POST /api/reviews/{id}/decision': async () => {
      expect((await as('jiangkou', 'POST', '/api/reviews/00000000-0000-0000-0000-000000000000/decision', { outcome: 'stop', reason: '越权' })).statusCode).toBe(404);
    },
    'POST /api/cases/samples/draw': async () => {
      const { caseId } = await yulanCase();
      const r = await as('longhui', 'POST', '/api/cases/samples/draw', { from: '2000-01-01', to: '2099-12-31' });
      expect(r.statusCode === 409 || !r.json().drawn.includes(caseId), r.body).toBe(true);
      expect((await as('jiangkou', 'POST', '/api/cases/samples/draw', { from: '2000-01-01', to: '2099-12-31' })).statusCode).toBe(403);
    },
    'POST /api/cases/{id}/sample-result': () => notFound('longhui', 'POST', (c) => `/api/cases/${c.caseId}/sample-result`, { visitedOn: '2024-08-01', result: 'consistent', note: '越权' }),
    'GET /api/reserves': async () => {
      const r = (await as('longhui', 'GET', '/api/reserves')).json();
      expect(r.townships).toEqual([]);
    },
    'POST /api/reserves/allocate': async () => {
      expect((await as('longhui', 'POST', '/api/reserves/allocate', { townshipCode: '430525102', amountYuan: 100, note: '越权' })).statusCode).toBe(404);
    },
    'GET /api/staff-relatives': async () => {
      expect((await as('longhui', 'GET', '/api/staff-relatives')).json().rows).toEqual([]);
      expect((await as('jiangkou', 'GET', '/api/staff-relatives')).statusCode).toBe(403);
    },
    'POST /api/staff-relatives': async () => {
      const r = await as('longhui', 'POST', '/api/staff-relatives', { staffName: '甲', staffPosition: 'village_cadre', areaCode: '430525102', relativeName: '乙', relativeIdNumber: '430525197001010016', relation: '子女' });
      expect([400, 403]).toContain(r.statusCode);
    },
    'POST /api/staff-relatives/{id}/remove': async () => {
      expect((await as('longhui', 'POST', '/api/staff-relatives/1/remove', { reason: '越权' })).statusCode).toBe(404);
    },
    'POST /api/public/applications': async () => {},
    'POST /api/public/applications/{number}/photos': async () => {
      const { number } = await yulanCase();
      // A staff case has no upload token: nothing can be added to it from outside.
      const r = await publicInject('POST', `/api/public/applications/${number}/photos`, png);
      expect([400, 404]).toContain(r.statusCode);
    },
    'POST /api/public/status': async () => {
      const { number } = await yulanCase();
      const r = await publicInject('POST', '/api/public/status', { number, idLast6: '000000' });
      expect(r.statusCode).toBe(404);
    },
  };
}
