/**
 * Refusals of the monitoring routes: a procedure action that is no action of the workflow (`__proto__`
 * among them) is a 400 with a Chinese message that quotes no object and changes nothing; a village officer
 * registers cadres of the own village only, never of the township or above.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { monitoringCadres, monitoringProcedures } from './schema.ts';
import { createUser } from '../auth/users.ts';
import { DEMO_COUNTY, seedAreas, seedDemoPolicy } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
let procedureId: string;

async function as(user: string, method: string, url: string, payload?: unknown) {
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
}
async function ok(p: ReturnType<typeof as>, status = 200) {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoPolicy(database.db);
  for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['cun', 'village_staff', JIANGKOU_VILLAGE]] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  app = await buildServer(database);
  for (const username of ['county', 'jiangkou', 'cun']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  const householdId = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英'])), 201)).id;
  const report = await ok(as('jiangkou', 'POST', '/api/monitoring/reports', { householdId, channel: 'village', kind: 'disaster', occurredOn: '2024-08-01', description: '山洪' }), 201);
  procedureId = (await ok(as('jiangkou', 'POST', `/api/monitoring/warnings/${report.warning.id}/handle`, { result: 'identify', note: '属实' }))).procedureId;
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('procedure actions', () => {
  it.each(['__proto__', 'constructor', 'frobnicate'])('answers the unknown action %s with a Chinese 400 that echoes no object, and changes nothing', async (action) => {
    const [before] = await database.db.select().from(monitoringProcedures).where(eq(monitoringProcedures.id, procedureId));
    const audits = (await database.db.select().from(auditLog)).length;
    const r = await as('jiangkou', 'POST', `/api/monitoring/procedures/${procedureId}/actions/${action}`, { findings: '属实' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.message).toMatch(/办理事项无效/);
    expect(r.body).not.toContain('[object');
    const [after] = await database.db.select().from(monitoringProcedures).where(eq(monitoringProcedures.id, procedureId));
    expect(after).toEqual(before);
    expect((await database.db.select().from(auditLog)).length).toBe(audits);
  });
});

describe('registering cadres', () => {
  it.each([['430525101', '本村'], ['430525102', '本村']])('refuses a village officer a cadre of township %s, with a Chinese 403 and nothing written', async (areaCode, words) => {
    const r = await as('cun', 'POST', '/api/monitoring/cadres', { name: '乡镇干部', kind: 'monitoring', unit: '江口镇', areaCode });
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().error.message).toContain(words);
    expect(await database.db.select().from(monitoringCadres).where(eq(monitoringCadres.areaCode, areaCode))).toEqual([]);
  });

  it('refuses a county-level cadre to a village officer (400: a cadre belongs to a township or a village)', async () => {
    const r = await as('cun', 'POST', '/api/monitoring/cadres', { name: '县干部', kind: 'monitoring', unit: '县民政局', areaCode: '430525' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.message).toMatch(/乡镇|村/);
  });

  it('lets a village officer register the own village\'s cadre and the township its own, and the village still sees both', async () => {
    const village = await ok(as('cun', 'POST', '/api/monitoring/cadres', { name: '村干部', kind: 'paired', unit: '江口村', areaCode: JIANGKOU_VILLAGE }), 201);
    const township = await ok(as('jiangkou', 'POST', '/api/monitoring/cadres', { name: '镇干部', kind: 'monitoring', unit: '江口镇', areaCode: '430525101' }), 201);
    const seen = (await ok(as('cun', 'GET', '/api/monitoring/cadres'))).rows.map((c: { id: number }) => c.id);
    expect(seen).toEqual(expect.arrayContaining([village.id, township.id]));
  });
});
