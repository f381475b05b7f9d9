/**
 * For src/server.db.test.ts: the area-scope check of every disaster-relief route. The county of 洞口县 records
 * an event over 毓兰镇, whose officer registers a household with a photo and gets relief for it (one in kind,
 * distributed with a receipt); a township officer of 江口镇 sees none of 毓兰镇's records and cannot act on
 * them, and an admin of another county (longhui) sees no event of 洞口县 at all.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { todayInChina } from '../domain/dates.ts';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('scope')]);
const png = { 'content-type': 'image/png' };
const today = () => todayInChina();

export function disasterScopeChecks(as: As, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<{ event: string; affected: string; relief: string; file: string; distribution: string }> | null = null;
  const ok = async (r: Promise<LightMyRequestResponse>, code: number) => {
    const x = await r;
    expect(x.statusCode, x.body).toBe(code);
    return x.json();
  };
  const setup = () => (made ??= (async () => {
    const event = (await ok(as('county', 'POST', '/api/disaster/events', { kind: 'flood', name: '毓兰镇洪涝', startedOn: today(), areas: ['430525102'] }), 201)).id;
    const affected = (await ok(as('yulan', 'POST', `/api/disaster/events/${event}/households`, { householdId: yulanHousehold(), affected: 2, damage: 'severe' }), 201)).id;
    const file = (await ok(as('yulan', 'POST', `/api/disaster/households/${affected}/photos?name=a.png`, PNG, png), 201)).id;
    const relief = (await ok(as('yulan', 'POST', '/api/disaster/relief', { affectedId: affected, kind: 'rebuild' }), 201)).id;
    const inKind = (await ok(as('yulan', 'POST', '/api/disaster/relief', { affectedId: affected, kind: 'emergency', form: 'inKind', items: '大米' }), 201)).id;
    await ok(as('yulan', 'POST', `/api/disaster/relief/${inKind}/act`, { action: 'approve', note: '同意' }), 200);
    const distribution = (await ok(as('yulan', 'POST', `/api/disaster/relief/${inKind}/distributions`, { items: '大米', givenOn: today(), signedBy: '毓兰甲' }), 201)).id;
    await ok(as('county', 'POST', '/api/disaster/emergencies', { areaCode: '430525102', startsOn: today(), endsOn: today(), reason: '洪涝应急期', eventId: event }), 201);
    return { event, affected, relief, file, distribution };
  })());
  const status = async (user: string, method: string, url: string, code: number, payload?: unknown, headers?: Record<string, string>) => {
    const r = await as(user, method, url, payload, headers);
    expect(r.statusCode, `${user} ${method} ${url}: ${r.body}`).toBe(code);
    return r;
  };
  return {
    'GET /api/disaster/events': async () => {
      await setup();
      expect((await status('longhui', 'GET', '/api/disaster/events', 200)).json().rows).toEqual([]);
    },
    'POST /api/disaster/events': async () => {
      await status('longhui', 'POST', '/api/disaster/events', 403, { kind: 'flood', name: '越权', startedOn: today(), areas: ['430525102'] });
      await status('jiangkou', 'POST', '/api/disaster/events', 403, { kind: 'flood', name: '越权', startedOn: today(), areas: ['430525101'] });
    },
    'PATCH /api/disaster/events/{id}': async () => {
      const s = await setup();
      await status('longhui', 'PATCH', `/api/disaster/events/${s.event}`, 404, { observations: {} });
    },
    'POST /api/disaster/events/{id}/confirm': async () => {
      const s = await setup();
      await status('longhui', 'POST', `/api/disaster/events/${s.event}/confirm`, 404, { level: 'IV', confirmedBy: '越权', note: '越权' });
    },
    'GET /api/disaster/events/{id}/households': async () => {
      const s = await setup();
      expect((await status('county', 'GET', `/api/disaster/events/${s.event}/households`, 200)).json().rows).toHaveLength(1);
      expect((await status('jiangkou', 'GET', `/api/disaster/events/${s.event}/households`, 200)).json().rows).toEqual([]);
      await status('longhui', 'GET', `/api/disaster/events/${s.event}/households`, 404);
    },
    'POST /api/disaster/events/{id}/households': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/events/${s.event}/households`, 404, { householdId: yulanHousehold(), affected: 1, damage: 'general' });
      await status('longhui', 'POST', `/api/disaster/events/${s.event}/households`, 404, { householdId: yulanHousehold(), affected: 1, damage: 'general' });
    },
    'POST /api/disaster/households/{id}/photos': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/households/${s.affected}/photos?name=x.png`, 404, PNG, png);
    },
    'GET /api/disaster/files/{id}': async () => {
      const s = await setup();
      await status('jiangkou', 'GET', `/api/disaster/files/${s.file}`, 404);
      await status('longhui', 'GET', `/api/disaster/files/${s.file}`, 404);
    },
    'POST /api/disaster/relief': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', '/api/disaster/relief', 404, { affectedId: s.affected, kind: 'hardship', season: 'winterSpring' });
    },
    'POST /api/disaster/relief/{id}/act': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/relief/${s.relief}/act`, 404, { action: 'review', note: '越权' });
      await status('longhui', 'POST', `/api/disaster/relief/${s.relief}/act`, 404, { action: 'approve', note: '越权' });
    },
    'POST /api/disaster/relief/{id}/objections': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/relief/${s.relief}/objections`, 404, { content: '越权' });
      // An admin of another county is refused by role (objections are recorded by village and township staff) before any look-up.
      await status('longhui', 'POST', `/api/disaster/relief/${s.relief}/objections`, 403, { content: '越权' });
    },
    'POST /api/disaster/relief/{id}/objections/{objectionId}/handle': async () => {
      const s = await setup();
      // The rebuild is on notice (公示); 毓兰镇's own objection, out of reach of 江口镇 and of another county.
      const o = (await ok(as('yulan', 'POST', `/api/disaster/relief/${s.relief}/objections`, { content: '该户房屋损坏情况有出入' }), 201)).id;
      await status('jiangkou', 'POST', `/api/disaster/relief/${s.relief}/objections/${o}/handle`, 404, { result: '越权' });
      await status('longhui', 'POST', `/api/disaster/relief/${s.relief}/objections/${o}/handle`, 403, { result: '越权' });
    },
    'POST /api/disaster/relief/{id}/progress': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/relief/${s.relief}/progress`, 404, { note: '越权' });
    },
    'POST /api/disaster/relief/{id}/distributions': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/relief/${s.relief}/distributions`, 404, { items: '越权', givenOn: today(), signedBy: '越权' });
    },
    'POST /api/disaster/distributions/{id}/receipt': async () => {
      const s = await setup();
      await status('jiangkou', 'POST', `/api/disaster/distributions/${s.distribution}/receipt?name=x.png`, 404, PNG, png);
    },
    'GET /api/disaster/events/{id}/figures': async () => {
      const s = await setup();
      expect((await status('county', 'GET', `/api/disaster/events/${s.event}/figures`, 200)).json().people.households).toBe(1);
      expect((await status('jiangkou', 'GET', `/api/disaster/events/${s.event}/figures`, 200)).json().people.households).toBe(0);
      await status('longhui', 'GET', `/api/disaster/events/${s.event}/figures`, 404);
    },
    'GET /api/disaster/events/{id}/report.xlsx': async () => {
      const s = await setup();
      await status('longhui', 'GET', `/api/disaster/events/${s.event}/report.xlsx`, 404);
    },
    'GET /api/disaster/emergencies': async () => {
      await setup();
      expect((await status('county', 'GET', '/api/disaster/emergencies', 200)).json().rows).toHaveLength(1);
      expect((await status('jiangkou', 'GET', '/api/disaster/emergencies', 200)).json().rows).toEqual([]);
      expect((await status('longhui', 'GET', '/api/disaster/emergencies', 200)).json().rows).toEqual([]);
    },
    'POST /api/disaster/emergencies': async () => {
      await status('longhui', 'POST', '/api/disaster/emergencies', 403, { areaCode: '430525', startsOn: today(), endsOn: today(), reason: '越权' });
      await status('jiangkou', 'POST', '/api/disaster/emergencies', 403, { areaCode: '430525101', startsOn: today(), endsOn: today(), reason: '越权' });
    },
  };
}
