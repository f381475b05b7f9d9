/**
 * Joins between cases and households (issue 17, item 6): a household's cases are listed by household; a
 * citizen's application becomes a household (the applicant's numbers taken on the server, never sent to the
 * browser) linked to its case in one step; a new household gets the county's readable 户编号, not its id.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, like } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { households, members } from '../registry/schema.ts';
import { seedAreas } from '../registry/seed.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { household, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { applyPublic } from './public.ts';
import { cases } from './schema.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');

async function call(user: string, method: string, url: string, payload?: unknown) {
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
}
async function as(user: string, method: string, url: string, payload?: unknown) {
  const r = await call(user, method, url, payload);
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json();
}

let h1: string;
let h2: string;
let caseOfH1: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['yulan', 'township_staff', '430525102']] as const) {
    await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department: role === 'county_admin' ? '民政局' : null }, 'test');
  }
  app = await buildServer(database);
  for (const username of ['county', 'jiangkou', 'yulan']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' });
  h1 = (await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英']))).id;
  h2 = (await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['赵小红']))).id;
  caseOfH1 = (await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h1, programs: [{ program: '低保' }] })).id;
  await as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId: h2, programs: [{ program: '特困' }] });
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('a household\'s cases', () => {
  it('lists only the cases of the household asked for, with their programs\' steps', async () => {
    const list = await as('jiangkou', 'GET', `/api/cases?householdId=${h1}`);
    expect(list.rows.map((r: { id: string }) => r.id)).toEqual([caseOfH1]);
    expect(list.rows[0].programs).toEqual([{ id: expect.any(String), program: '低保', state: 'intake' }]);
  });

  it('shows another township nothing of the household\'s cases', async () => {
    expect((await as('yulan', 'GET', `/api/cases?householdId=${h1}`)).rows).toEqual([]);
  });
});

describe('户编号 of a new household', () => {
  it('is the county code and a sequence, one past the highest given out, never the household id', async () => {
    const rows = await database.db.select({ id: households.id, key: households.ledgerKey }).from(households).where(like(households.areaCode, '430525%'));
    const keys = new Map(rows.map((r) => [r.id, r.key]));
    expect(keys.get(h1)).toMatch(/^430525-\d{6}$/);
    const n1 = Number(keys.get(h1)!.slice(7));
    expect(keys.get(h2)).toBe(`430525-${String(n1 + 1).padStart(6, '0')}`);
    const h3 = (await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['钱多多']))).id;
    expect((await as('jiangkou', 'GET', `/api/households/${h3}`)).household.ledgerKey).toBe(`430525-${String(n1 + 2).padStart(6, '0')}`);
  });

  it('keeps a 户编号 the form names', async () => {
    const h = (await as('jiangkou', 'POST', '/api/households', { ...household(JIANGKOU_VILLAGE, ['孙一']), ledgerKey: 'JK-0099' })).id;
    expect((await as('jiangkou', 'GET', `/api/households/${h}`)).household.ledgerKey).toBe('JK-0099');
  });
});

describe('新建家庭档案 from a citizen\'s application', () => {
  const applicantId = person('1975-06-15', 'female');
  let caseId: string;
  beforeAll(async () => {
    const { number } = await applyPublic(database.db, { name: '周桂花', idNumber: applicantId, phone: '13912345678', areaCode: JIANGKOU_VILLAGE, description: '丈夫住院' });
    [{ id: caseId }] = await database.db.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
  });
  const form = (over: Record<string, unknown> = {}) => ({ areaCode: JIANGKOU_VILLAGE, hukou: 'rural', members: [{ name: '周桂花', relation: 'head', ...over }] });

  it('refuses a form without a name, creating and linking nothing', async () => {
    const before = await database.db.select({ id: households.id }).from(households);
    const r = await call('jiangkou', 'POST', `/api/cases/${caseId}/household/new`, form({ name: '' }));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/姓名/);
    expect(await database.db.select({ id: households.id }).from(households)).toHaveLength(before.length);
    expect((await as('jiangkou', 'GET', `/api/cases/${caseId}`)).household).toBeNull();
  });

  it('refuses another township\'s staff', async () => {
    expect((await call('yulan', 'POST', `/api/cases/${caseId}/household/new`, form())).statusCode).toBe(404);
  });

  it('creates the household with the applicant\'s ID and phone taken on the server and links it to the case', async () => {
    const r = await call('jiangkou', 'POST', `/api/cases/${caseId}/household/new`, form());
    expect(r.statusCode, r.body).toBe(201);
    const { id } = r.json();
    const [head] = await database.db.select().from(members).where(eq(members.householdId, id));
    expect(head.idNumber).toBe(applicantId);
    expect(head.phone).toBe('13912345678');
    const view = await as('jiangkou', 'GET', `/api/cases/${caseId}`);
    expect(view.household.id).toBe(id);
    expect((await as('jiangkou', 'GET', `/api/households/${id}`)).household.ledgerKey).toMatch(/^430525-\d{6}$/);
    expect((await as('jiangkou', 'GET', `/api/cases?householdId=${id}`)).rows.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('refuses a second household for a case already linked', async () => {
    const r = await call('jiangkou', 'POST', `/api/cases/${caseId}/household/new`, form({ idNumber: person('1980-02-02') }));
    expect(r.statusCode).toBe(409);
  });
});
