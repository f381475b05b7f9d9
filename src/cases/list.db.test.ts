/**
 * The 全部案件 list (GET /api/cases): each case carries its programs with their states, and the program
 * filter finds the cases that have that program.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from '../test-support/fixtures.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');

async function as(user: string, method: string, url: string, payload?: unknown) {
  const r = await app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json();
}

let withTwo: string;
let withOne: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101']] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department: role === 'county_admin' ? '民政局' : null }, 'test');
  }
  app = await buildServer(database);
  for (const username of ['county', 'jiangkou']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' });
  const h1 = (await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英']))).id;
  const h2 = (await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['赵小红']))).id;
  withTwo = (await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h1, programs: [{ program: '低保' }, { program: '医疗救助' }] })).id;
  withOne = (await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h2, programs: [{ program: '低保' }] })).id;
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('case list', () => {
  it('returns each case with its programs and their states', async () => {
    const list = await as('jiangkou', 'GET', '/api/cases');
    const byId = new Map(list.rows.map((r: { id: string }) => [r.id, r]));
    expect((byId.get(withTwo) as { programs: unknown[] }).programs).toEqual([
      { id: expect.any(String), program: '低保', state: 'intake' }, { id: expect.any(String), program: '医疗救助', state: 'intake' }]);
    expect((byId.get(withOne) as { programs: unknown[] }).programs).toEqual([{ id: expect.any(String), program: '低保', state: 'intake' }]);
  });

  it('filters by program: only the cases that have it', async () => {
    const medical = await as('jiangkou', 'GET', `/api/cases?program=${encodeURIComponent('医疗救助')}`);
    expect(medical.rows.map((r: { id: string }) => r.id)).toEqual([withTwo]);
    expect(medical.total).toBe(1);
    const dibao = await as('jiangkou', 'GET', `/api/cases?program=${encodeURIComponent('低保')}`);
    expect(new Set(dibao.rows.map((r: { id: string }) => r.id))).toEqual(new Set([withTwo, withOne]));
  });
});
