/**
 * For src/server.db.test.ts: the area-scope check of every monitoring route. 毓兰镇's officer takes
 * one of its households from a report to an identified household with a measure, cadres and a visit;
 * a township officer of 江口镇 (and an admin of another county) aiming at it gets a 404, a 403 or an
 * empty list.
 */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../db/connection.ts';
import { notices } from '../workflow/schema.ts';
import { CHECKLIST_ITEMS, IMPROVEMENTS } from './rules.ts';
import { todayInChina } from '../registry/model.ts';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

interface Made { householdId: string; warningId: string; procedureId: string; measureId: string; cadreId: number; visitId: string; fileId: string; objectionId: string; negativeId: string }

export function monitoringScopeChecks(as: As, db: () => Db, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<Made> | null = null;
  const pdf = Buffer.from('%PDF-1.4\n% signed\n');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
  const ok = async (r: Promise<LightMyRequestResponse>, status = 200) => { const x = await r; expect(x.statusCode, x.body).toBe(status); return x.json(); };
  const yulan = () => (made ??= (async () => {
    const householdId = yulanHousehold();
    const report = await ok(as('yulan', 'POST', '/api/monitoring/reports', { householdId, channel: 'village', kind: 'disaster', occurredOn: '2024-08-01', description: '山洪' }), 201);
    const handled = await ok(as('yulan', 'POST', `/api/monitoring/warnings/${report.warning.id}/handle`, { result: 'identify', note: '属实' }));
    const procedureId = handled.procedureId;
    const file = await ok(as('yulan', 'POST', `/api/monitoring/procedures/${procedureId}/files?kind=authorization&name=a.pdf`, pdf, { 'content-type': 'application/pdf' }), 201);
    await ok(as('yulan', 'POST', `/api/monitoring/procedures/${procedureId}/files?kind=pledge&name=p.pdf`, pdf, { 'content-type': 'application/pdf' }), 201);
    const act = (user: string, action: string, body: unknown = {}) => ok(as(user, 'POST', `/api/monitoring/procedures/${procedureId}/actions/${action}`, body));
    await act('yulan', 'complete_check', { findings: '属实' });
    await act('yulan', 'appraise', { appraisal: '同意' });
    const objection = await ok(as('yulan', 'POST', `/api/monitoring/procedures/${procedureId}/objections`, { content: '有异议' }), 201);
    await ok(as('yulan', 'POST', `/api/monitoring/objections/${objection.id}/handle`, { result: '核实无误' }));
    await db().update(notices).set({ endDate: '2000-01-01' }).where(eq(notices.subjectId, householdId));
    await act('yulan', 'close_notice');
    await act('yulan', 'township_approve', { opinion: '同意' });
    await act('xiangcun', 'decide', { type: '突发严重困难户', riskFactors: ['disaster'] });
    const measure = await ok(as('yulan', 'POST', `/api/monitoring/households/${householdId}/measures`, { riskFactor: 'disaster', kind: 'social', description: '慈善救助', startOn: todayInChina() }), 201);
    const cadre = await ok(as('yulan', 'POST', '/api/monitoring/cadres', { name: '毓兰干部', kind: 'monitoring', unit: '毓兰镇', areaCode: '430525102' }), 201);
    await ok(as('yulan', 'POST', `/api/monitoring/households/${householdId}/cadres`, { monitoringCadreId: cadre.id, pairedCadreId: null }));
    const visit = await ok(as('yulan', 'POST', `/api/monitoring/households/${householdId}/visits`, { cadreId: cadre.id, visitedOn: '2024-08-03', mode: 'visit',
      checklist: Object.fromEntries(Object.keys(CHECKLIST_ITEMS).map((k) => [k, { ok: true }])), improvements: Object.fromEntries(Object.keys(IMPROVEMENTS).map((k) => [k, { done: true }])) }), 201);
    const negative = await ok(as('yulan', 'POST', `/api/monitoring/households/${householdId}/negative-factors`, { factor: 'gambling', evidence: '村委会记录：多次聚赌' }), 201);
    return { householdId, warningId: report.warning.id, procedureId, measureId: measure.id, cadreId: cadre.id, visitId: visit.id, fileId: file.id, objectionId: objection.id, negativeId: negative.id };
  })());
  const denied = async (method: string, url: (m: Made) => string, payload: unknown | ((m: Made) => unknown) = {}, headers: Record<string, string> = {}, users = ['jiangkou', 'longhui']) => {
    const m = await yulan();
    for (const user of users) {
      const r = await as(user, method, url(m), typeof payload === 'function' ? payload(m) : payload, headers);
      expect([403, 404], `${user} ${method} ${url(m)}: ${r.body}`).toContain(r.statusCode);
    }
  };
  const empty = async (url: string, pick: (body: Record<string, unknown>) => unknown[]) => {
    const m = await yulan();
    for (const user of ['jiangkou', 'longhui']) expect(JSON.stringify(pick((await as(user, 'GET', url)).json()))).not.toContain(m.householdId);
    expect(JSON.stringify(pick((await as('yulan', 'GET', url)).json()))).toContain(m.householdId);
  };
  return {
    'GET /api/monitoring/warnings': () => empty('/api/monitoring/warnings', (b) => b.rows as unknown[]),
    'POST /api/monitoring/warnings/{id}/handle': () => denied('POST', (m) => `/api/monitoring/warnings/${m.warningId}/handle`, { result: 'dismissed', note: 'x' }),
    'POST /api/monitoring/reports': () => denied('POST', () => '/api/monitoring/reports', { householdId: yulanHousehold(), channel: 'village', kind: 'disaster', occurredOn: '2024-08-01', description: '越界' }),
    'POST /api/monitoring/run': async () => {
      await yulan();
      expect((await as('jiangkou', 'POST', '/api/monitoring/run', {})).statusCode).toBe(403);
      const other = (await as('longhui', 'POST', '/api/monitoring/run', {})).json();
      expect(other.raised).toBe(0); // another county: nothing of 洞口县 is read
    },
    'GET /api/monitoring/households': () => empty('/api/monitoring/households', (b) => b.rows as unknown[]),
    'GET /api/monitoring/households/{id}': () => denied('GET', (m) => `/api/monitoring/households/${m.householdId}`),
    'POST /api/monitoring/households/{id}/removal': () => denied('POST', (m) => `/api/monitoring/households/${m.householdId}/removal`),
    'POST /api/monitoring/households/{id}/measures': () => denied('POST', (m) => `/api/monitoring/households/${m.householdId}/measures`, { riskFactor: 'disaster', kind: 'social', description: 'x', startOn: '2024-08-02' }),
    'POST /api/monitoring/measures/{id}/result': () => denied('POST', (m) => `/api/monitoring/measures/${m.measureId}/result`, { result: 'x', resultOn: '2024-08-05' }),
    'POST /api/monitoring/procedures/{id}/actions/{action}': () => denied('POST', (m) => `/api/monitoring/procedures/${m.procedureId}/actions/withdraw`, { reason: 'x' }),
    'POST /api/monitoring/procedures/{id}/objections': () => denied('POST', (m) => `/api/monitoring/procedures/${m.procedureId}/objections`, { content: 'x' }),
    'POST /api/monitoring/objections/{id}/handle': () => denied('POST', (m) => `/api/monitoring/objections/${m.objectionId}/handle`, { result: 'x' }),
    'POST /api/monitoring/procedures/{id}/files': () => denied('POST', (m) => `/api/monitoring/procedures/${m.procedureId}/files?kind=pledge&name=x.pdf`, pdf, { 'content-type': 'application/pdf' }),
    'POST /api/monitoring/visits/{id}/photos': () => denied('POST', (m) => `/api/monitoring/visits/${m.visitId}/photos?name=x.png`, png, { 'content-type': 'image/png' }),
    'GET /api/monitoring/files/{id}': () => denied('GET', (m) => `/api/monitoring/files/${m.fileId}`),
    'POST /api/monitoring/households/{id}/negative-factors': () => denied('POST', (m) => `/api/monitoring/households/${m.householdId}/negative-factors`, { factor: 'gambling', evidence: '越界' }),
    'POST /api/monitoring/negative-factors/{id}/decide': () => denied('POST', (m) => `/api/monitoring/negative-factors/${m.negativeId}/decide`, { decision: 'keep', reason: '越界' }),
    'GET /api/monitoring/cadres': async () => {
      const m = await yulan();
      for (const user of ['jiangkou', 'longhui']) expect((await as(user, 'GET', '/api/monitoring/cadres')).json().rows.map((c: { id: number }) => c.id)).not.toContain(m.cadreId);
    },
    'POST /api/monitoring/cadres': async () => {
      expect((await as('jiangkou', 'POST', '/api/monitoring/cadres', { name: '越界', kind: 'paired', areaCode: '430525102' })).statusCode).toBe(403);
      expect((await as('longhui', 'POST', '/api/monitoring/cadres', { name: '越界', kind: 'paired', areaCode: '430525102' })).statusCode).toBe(403);
    },
    'POST /api/monitoring/households/{id}/cadres': () => denied('POST', (m) => `/api/monitoring/households/${m.householdId}/cadres`, (m: Made) => ({ monitoringCadreId: m.cadreId, pairedCadreId: null })),
    'POST /api/monitoring/households/{id}/visits': () => denied('POST', (m) => `/api/monitoring/households/${m.householdId}/visits`, (m: Made) => ({ cadreId: m.cadreId, visitedOn: '2024-08-03', mode: 'visit', checklist: {} })),
    'GET /api/monitoring/compliance': () => empty('/api/monitoring/compliance', (b) => b.rows as unknown[]),
    'GET /api/monitoring/supervision': async () => {
      await yulan();
      await as('county', 'POST', '/api/monitoring/rounds', { name: '范围检查', heldOn: '2024-08-01' });
      const round = (await as('county', 'GET', '/api/monitoring/supervision')).json().rounds.find((r: { name: string }) => r.name === '范围检查');
      await as('county', 'POST', '/api/monitoring/criticisms', { roundId: round.id, areaCode: '430525102', reason: '范围检查' });
      expect((await as('jiangkou', 'GET', '/api/monitoring/supervision')).json().criticisms).toEqual([]);
      expect((await as('longhui', 'GET', '/api/monitoring/supervision')).json().rounds).toEqual([]);
    },
    'POST /api/monitoring/rounds': async () => {
      expect((await as('jiangkou', 'POST', '/api/monitoring/rounds', { name: '乡镇无权', heldOn: '2024-08-01' })).statusCode).toBe(403);
    },
    'POST /api/monitoring/criticisms': async () => {
      await as('county', 'POST', '/api/monitoring/rounds', { name: '跨县检查', heldOn: '2024-08-02' });
      const round = (await as('county', 'GET', '/api/monitoring/supervision')).json().rounds.find((r: { name: string }) => r.name === '跨县检查');
      expect((await as('longhui', 'POST', '/api/monitoring/criticisms', { roundId: round.id, areaCode: '430525102', reason: 'x' })).statusCode).toBe(404);
      expect((await as('jiangkou', 'POST', '/api/monitoring/criticisms', { roundId: round.id, areaCode: '430525102', reason: 'x' })).statusCode).toBe(403);
    },
    'GET /api/monitoring/dashboard': async () => {
      await yulan();
      expect((await as('jiangkou', 'GET', '/api/monitoring/dashboard')).json().byType).toEqual({});
      expect((await as('longhui', 'GET', '/api/monitoring/dashboard')).json().monitored).toBe(0);
      expect((await as('yulan', 'GET', '/api/monitoring/dashboard')).json().monitored).toBe(1);
    },
    'GET /api/monitoring/export.xlsx': async () => {
      await yulan();
      const r = await as('jiangkou', 'GET', '/api/monitoring/export.xlsx');
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      expect(wb.getWorksheet('监测对象')!.rowCount).toBe(1); // the header only
    },
  };
}
