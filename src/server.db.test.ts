/**
 * The HTTP app end to end (without a browser): authentication, CSRF, lockout, error shape, and
 * area-scope isolation for every route the OpenAPI document lists.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import type { Database } from './db/connection.ts';
import { createUser } from './auth/users.ts';
import { openTestDatabase } from './test-support/db.ts';
import { household, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from './test-support/fixtures.ts';
import { seedAreas } from './registry/seed.ts';
import { buildServer } from './server.ts';
import { caseScopeChecks } from './cases/testing.ts';
import { monitoringScopeChecks } from './monitoring/testing.ts';
import { paymentScopeChecks } from './payments/scopeChecks.ts';
import { medicalScopeChecks } from './medical/scopeChecks.ts';
import { tekunScopeChecks } from './tekun/scopeChecks.ts';
import { disasterScopeChecks } from './disaster/scopeChecks.ts';
import { employmentScopeChecks } from './employment/scopeChecks.ts';
import { deskScopeChecks } from './desk/testing.ts';
import { supervisionScopeChecks } from './supervision/scopeChecks.ts';
import { gapScopeChecks } from './supervision/gapScopeChecks.ts';
import { households, members } from './registry/schema.ts';
import { sql } from 'drizzle-orm';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';

interface Session { cookie: string; csrf: string }
const sessions: Record<string, Session> = {};

async function login(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
}

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}

let yulanHousehold: string;
let yulanMember: string;
let otherCountyUser: number;
let dongkouPolicy: number;
const demoPack = readFileSync(new URL('../policies/demo-dongkou.yaml', import.meta.url), 'utf8');

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  await seedAreas(database.db, '430524');
  const users = [
    ['county', 'county_admin', '430525'], ['xiangcun', 'county_staff', '430525'], ['jiangkou', 'township_staff', '430525101'], ['yulan', 'township_staff', '430525102'],
    ['auditor', 'auditor', '430525'], ['longhui', 'county_admin', '430524'], ['longhuiaudit', 'auditor', '430524'], ['locked', 'village_staff', JIANGKOU_VILLAGE], ['longhuiHospital', 'hospital', '430524'],
  ] as const;
  for (const [username, role, areaCode] of users) {
    // xiangcun: the county's deciding office of monitoring (monitoring.decidingDepartment).
    const u = await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department: username === 'xiangcun' ? '乡村振兴局' : null }, 'test');
    if (username === 'longhui') otherCountyUser = u.id;
  }
  app = await buildServer(database);
  for (const [username] of users.filter(([u]) => u !== 'locked')) {
    const r = await login(username);
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  const created = await as('yulan', 'POST', '/api/households', household(YULAN_VILLAGE, ['毓兰甲', '毓兰乙']));
  yulanHousehold = created.json().id;
  yulanMember = (await as('yulan', 'GET', `/api/households/${yulanHousehold}`)).json().members[0].id;
  await as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['江口甲']));
  dongkouPolicy = (await as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' })).json().id;
});
afterAll(async () => { await app?.close(); await database?.close(); });

describe('authentication', () => {
  it('reports health and the database kind without a login', async () => {
    const r = await app.inject({ url: '/api/health' });
    expect(r.json()).toEqual({ status: 'ok', database: database.kind, version: expect.any(String) });
  });

  it('refuses API calls without a session', async () => {
    const r = await app.inject({ url: '/api/households' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('sets an httpOnly SameSite=Strict session cookie', async () => {
    const r = await login('county');
    expect(r.headers['set-cookie']).toMatch(/HttpOnly/);
    expect(r.headers['set-cookie']).toMatch(/SameSite=Strict/);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/households', payload: household(JIANGKOU_VILLAGE), headers: { cookie: sessions.jiangkou.cookie } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('CSRF');
  });

  it('locks an account after five wrong passwords, even for the right one', async () => {
    // Every wrong password gets the same answer; only the right one learns of the lock (src/auth/login.db.test.ts).
    for (let i = 0; i < 5; i++) expect((await login('locked', 'wrong')).json().error.code).toBe('BAD_CREDENTIALS');
    const r = await login('locked');
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('LOCKED');
  });

  it('gives bad input a stable code, a Chinese message and the field path', async () => {
    const bad = household(JIANGKOU_VILLAGE, ['甲', '乙']);
    bad.members[1].idNumber = '430525195001011234';
    const r = await as('jiangkou', 'POST', '/api/households', bad);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toEqual({ code: 'INVALID_INPUT', message: expect.stringContaining('校验位错误'), path: 'members[1].idNumber' });
  });

  it('publishes the OpenAPI description', async () => {
    const r = await app.inject({ url: '/api/docs/json' });
    expect(r.json().paths['/api/households']).toBeDefined();
  });
});

/**
 * For each route, what a township officer of 江口镇 (or a user of another county) gets when aiming
 * at data of 毓兰镇 (or of 洞口县). Every route in the OpenAPI document must be listed here.
 */
const scopeChecks: Record<string, () => Promise<void>> = {
  ...paymentScopeChecks(as, () => yulanHousehold),
  ...medicalScopeChecks(as, () => yulanHousehold),
  ...tekunScopeChecks(as, () => yulanHousehold),
  ...disasterScopeChecks(as, () => yulanHousehold),
  ...employmentScopeChecks(as, () => database.db, () => yulanHousehold),
  ...deskScopeChecks(as),
  ...supervisionScopeChecks(as, () => yulanHousehold),
  ...gapScopeChecks(as, () => database.db, () => yulanHousehold),
  ...caseScopeChecks(as, (method, url, payload) => app.inject({ method: method as 'POST', url, payload: payload as object,
    headers: Buffer.isBuffer(payload) ? { 'content-type': 'image/png' } : {} }), () => yulanHousehold),
  ...monitoringScopeChecks(as, () => database.db, () => yulanHousehold),
  'GET /api/health': async () => {},
  'POST /api/login': async () => {},
  'POST /api/logout': async () => {},
  'GET /api/me': async () => {
    expect((await as('jiangkou', 'GET', '/api/me')).json().user.username).toBe('jiangkou');
  },
  'GET /api/vocabulary': async () => {},
  'GET /api/areas/tree': async () => {
    const codes: string[] = (await as('jiangkou', 'GET', '/api/areas/tree')).json().rows.map((a: { code: string }) => a.code);
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((c) => !c.startsWith('430525101'))).toEqual(['43', '4305', '430525']);
  },
  'GET /api/public/areas': async () => {
    // No session needed: division names and codes only, for the citizen's village picker.
    const rows: Record<string, string>[] = (await app.inject({ url: '/api/public/areas' })).json().rows;
    expect(rows.some((a) => a.code === JIANGKOU_VILLAGE && a.level === 'village')).toBe(true);
    expect(Object.keys(rows[0]).sort()).toEqual(['code', 'level', 'name', 'parentCode']);
  },
  'GET /api/stats/areas': async () => {
    const township = (await as('jiangkou', 'GET', '/api/stats/areas')).json();
    expect(township).toEqual({ level: 'village', rows: [{ areaCode: JIANGKOU_VILLAGE, areaName: '江口村', households: 1, persons: 1 }] });
    const county = (await as('county', 'GET', '/api/stats/areas')).json();
    expect(county.level).toBe('township');
    expect(county.rows.map((r: { areaCode: string }) => r.areaCode)).toEqual(['430525101', '430525102']);
  },
  'GET /api/households': async () => {
    const r = (await as('jiangkou', 'GET', '/api/households?q=毓兰')).json();
    expect(r.total).toBe(0);
    expect((await as('jiangkou', 'GET', '/api/households?areaCode=430525102')).json().total).toBe(0);
    expect((await as('longhui', 'GET', '/api/households')).json().total).toBe(0);
  },
  'POST /api/households': async () => {
    const r = await as('jiangkou', 'POST', '/api/households', household(YULAN_VILLAGE, ['越界户']));
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', path: 'areaCode' });
  },
  'GET /api/households/{id}': async () => {
    expect((await as('jiangkou', 'GET', `/api/households/${yulanHousehold}`)).statusCode).toBe(404);
    expect((await as('longhui', 'GET', `/api/households/${yulanHousehold}`)).statusCode).toBe(404);
  },
  'PUT /api/households/{id}': async () => {
    const r = await as('jiangkou', 'PUT', `/api/households/${yulanHousehold}`, { household: household(JIANGKOU_VILLAGE, ['改户']), reason: '越权修改', version: 1 });
    expect(r.statusCode).toBe(404);
    const moved = await as('jiangkou', 'PUT', `/api/households/${yulanHousehold}`, { household: household(YULAN_VILLAGE, ['改户']), reason: '越权修改', version: 1 });
    expect(moved.statusCode).toBe(403);
  },
  'POST /api/households/{id}/close': async () => {
    expect((await as('jiangkou', 'POST', `/api/households/${yulanHousehold}/close`, { reason: '注销' })).statusCode).toBe(404);
  },
  'POST /api/members/{id}/reveal': async () => {
    expect((await as('jiangkou', 'POST', `/api/members/${yulanMember}/reveal`)).statusCode).toBe(404);
  },
  'GET /api/users': async () => {
    const names = (await as('longhui', 'GET', '/api/users')).json().rows.map((u: { username: string }) => u.username);
    expect(names.sort()).toEqual(['longhui', 'longhuiHospital', 'longhuiaudit']);
    expect((await as('jiangkou', 'GET', '/api/users')).statusCode).toBe(403);
  },
  'POST /api/users': async () => {
    const r = await as('longhui', 'POST', '/api/users', { username: 'intruder', displayName: 'x', password: 'Abcdefg123', role: 'township_staff', areaCode: '430525101' });
    expect(r.statusCode).toBe(403);
  },
  'POST /api/users/{id}/{action}': async () => {
    expect((await as('county', 'POST', `/api/users/${otherCountyUser}/disable`)).statusCode).toBe(404);
  },
  'GET /api/policy': async () => {
    const r = (await as('longhui', 'GET', '/api/policy')).json();
    expect(r.current).toBeNull();
    expect(r.versions).toEqual([]);
  },
  'GET /api/policy/versions/{id}': async () => {
    expect((await as('longhui', 'GET', `/api/policy/versions/${dongkouPolicy}`)).statusCode).toBe(404);
  },
  'POST /api/policy/preview': async () => {
    const r = (await as('longhui', 'POST', '/api/policy/preview', { yaml: demoPack.replace('"430525"', '"430524"'), date: '2024-08-01' })).json();
    expect(r.townships).toEqual([]);
    expect((await as('jiangkou', 'POST', '/api/policy/preview', { yaml: demoPack })).statusCode).toBe(403);
  },
  'POST /api/policy/publish': async () => {
    const r = await as('longhui', 'POST', '/api/policy/publish', { yaml: demoPack, note: '越权发布' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('OUT_OF_SCOPE');
  },
  'GET /api/households/{id}/screening': async () => {
    expect((await as('jiangkou', 'GET', `/api/households/${yulanHousehold}/screening`)).statusCode).toBe(404);
    expect((await as('yulan', 'GET', `/api/households/${yulanHousehold}/screening?date=2024-08-01`)).json().result.household).toBeDefined();
  },
  'POST /api/ledger/jobs': async () => {
    const id = await uploadLedger('jiangkou', YULAN_VILLAGE);
    const job = await finishedJob('jiangkou', id);
    expect(job.status).toBe('failed');
    expect(job.errorsShown[0].message).toContain('不在您的管辖范围内');
  },
  'GET /api/ledger/jobs/{id}': async () => {
    const id = await uploadLedger('jiangkou', JIANGKOU_VILLAGE);
    expect((await as('yulan', 'GET', `/api/ledger/jobs/${id}`)).statusCode).toBe(404);
  },
  'POST /api/ledger/jobs/{id}/commit': async () => {
    const id = await uploadLedger('jiangkou', JIANGKOU_VILLAGE);
    await finishedJob('jiangkou', id);
    expect((await as('yulan', 'POST', `/api/ledger/jobs/${id}/commit`)).statusCode).toBe(404);
  },
  'GET /api/ledger/jobs/{id}/report.xlsx': async () => {
    const id = await uploadLedger('jiangkou', YULAN_VILLAGE);
    await finishedJob('jiangkou', id);
    expect((await as('yulan', 'GET', `/api/ledger/jobs/${id}/report.xlsx`)).statusCode).toBe(404);
    expect((await as('jiangkou', 'GET', `/api/ledger/jobs/${id}/report.xlsx`)).statusCode).toBe(200);
  },
  'GET /api/ledger/export.xlsx': async () => {
    const r = await as('jiangkou', 'GET', '/api/ledger/export.xlsx');
    expect(r.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets[0].getColumn(2).values.slice(2);
    expect(names).toContain('江口甲');
    expect(names).not.toContain('毓兰甲');
  },
  'GET /api/ledger/template.xlsx': async () => {
    expect((await as('jiangkou', 'GET', '/api/ledger/template.xlsx')).statusCode).toBe(200);
  },
  'GET /api/workflow/calendar': async () => {
    // A county's overrides are its own: 隆回县 never sees 洞口县's day off.
    await as('county', 'POST', '/api/workflow/calendar', { date: '2025-10-09', working: false, note: '洞口县调整' });
    const longhui = (await as('longhui', 'GET', '/api/workflow/calendar?from=2025-10-09&to=2025-10-09')).json();
    expect(longhui).toMatchObject({ county: '430524', overrides: [], days: [{ working: true, kind: 'weekday' }] });
    expect((await as('jiangkou', 'GET', '/api/workflow/calendar?from=2025-10-09&to=2025-10-09')).json().days[0].kind).toBe('override');
  },
  'POST /api/workflow/calendar': async () => {
    // Only a county admin sets overrides, and only for the own county (the scope is the county of the session).
    expect((await as('jiangkou', 'POST', '/api/workflow/calendar', { date: '2025-10-10', working: false, note: '乡镇无权' })).statusCode).toBe(403);
    await as('longhui', 'POST', '/api/workflow/calendar', { date: '2025-10-10', working: false, note: '隆回县调整' });
    expect((await as('county', 'GET', '/api/workflow/calendar?from=2025-10-10&to=2025-10-10')).json().days[0].kind).toBe('weekday');
  },
  'GET /api/workflow/notices/{id}': async () => {
    const id = await yulanNotice();
    expect((await as('jiangkou', 'GET', `/api/workflow/notices/${id}`)).statusCode).toBe(404);
    expect((await as('yulan', 'GET', `/api/workflow/notices/${id}`)).json().entries[0].name).toBe('毓*甲');
  },
  'GET /api/workflow/notices/{id}/print': async () => {
    expect((await as('jiangkou', 'GET', `/api/workflow/notices/${await yulanNotice()}/print`)).statusCode).toBe(404);
  },
  'GET /api/workflow/notices/{id}/pdf': async () => {
    expect((await as('jiangkou', 'GET', `/api/workflow/notices/${await yulanNotice()}/pdf`)).statusCode).toBe(404);
  },
  'POST /api/feeds': async () => {
    // Feeds are the county's: township staff may not load them.
    const r = await upload('jiangkou', '/api/feeds?name=w.csv&source=wage&period=2024-10', '身份证号,姓名,月工资\n');
    expect(r.statusCode).toBe(403);
    await yulanFinding();
  },
  'GET /api/feeds': async () => {
    await yulanFinding();
    expect((await as('county', 'GET', '/api/feeds')).json().rows.length).toBeGreaterThan(0);
    expect((await as('longhui', 'GET', '/api/feeds')).json().rows).toEqual([]);
  },
  'POST /api/verify/jobs': async () => {
    await yulanFinding();
    // 江口镇's re-check covers 江口镇 only: 毓兰镇's households are neither counted nor touched.
    const job = await verifyJob('jiangkou');
    expect(job.status).toBe('done');
    const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(households).where(sql`${households.areaCode} like '430525101%' and ${households.status} = 'active'`);
    expect(job.result.households).toBe(n);
  },
  'GET /api/verify/jobs/{id}': async () => {
    const r = await as('jiangkou', 'POST', '/api/verify/jobs', { date: '2024-12-01' });
    expect((await as('yulan', 'GET', `/api/verify/jobs/${r.json().id}`)).statusCode).toBe(404);
    await finishedVerify('jiangkou', r.json().id);
  },
  'GET /api/verify/report.xlsx': async () => {
    await yulanFinding();
    const read = async (user: string) => {
      const r = await as(user, 'GET', '/api/verify/report.xlsx');
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      return wb.getWorksheet('核对结果明细')!.getColumn(4).values.slice(2);
    };
    expect(await read('yulan')).toContain('毓兰甲');
    expect(await read('jiangkou')).not.toContain('毓兰甲');
  },
  'GET /api/households/{id}/findings': async () => {
    await yulanFinding();
    expect((await as('yulan', 'GET', `/api/households/${yulanHousehold}/findings`)).json().rows.length).toBeGreaterThan(0);
    expect((await as('jiangkou', 'GET', `/api/households/${yulanHousehold}/findings`)).json().rows).toEqual([]);
  },
  'GET /api/findings/{id}': async () => {
    const id = await yulanFinding();
    expect((await as('jiangkou', 'GET', `/api/findings/${id}`)).statusCode).toBe(404);
    expect((await as('yulan', 'GET', `/api/findings/${id}`)).json()).toMatchObject({ kind: 'wage', state: 'open' });
  },
  'POST /api/findings/{id}/confirm': async () => {
    const id = await yulanFinding();
    expect((await as('jiangkou', 'POST', `/api/findings/${id}/confirm`, { version: 1, householdVersion: 1 })).statusCode).toBe(404);
  },
  'POST /api/findings/{id}/dismiss': async () => {
    const id = await yulanFinding();
    expect((await as('jiangkou', 'POST', `/api/findings/${id}/dismiss`, { version: 1, reason: '越权' })).statusCode).toBe(404);
  },
  'GET /api/audit': async () => {
    const rows = (await as('longhuiaudit', 'GET', '/api/audit?action=household')).json().rows;
    expect(rows).toEqual([]);
    expect((await as('auditor', 'GET', '/api/audit?action=household')).json().rows.length).toBeGreaterThan(0);
    expect((await as('jiangkou', 'GET', '/api/audit')).statusCode).toBe(403);
  },
};

async function upload(user: string, url: string, text: string) {
  const s = sessions[user];
  return app.inject({ method: 'POST', url, payload: Buffer.from(text), headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' } });
}

async function finishedVerify(user: string, id: string) {
  for (;;) {
    const job = (await as(user, 'GET', `/api/verify/jobs/${id}`)).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function verifyJob(user: string) {
  const r = await as(user, 'POST', '/api/verify/jobs', { date: '2024-12-01' });
  expect(r.statusCode).toBe(202);
  return finishedVerify(user, r.json().id);
}

let yulanFindingId: string | undefined;
/** A wage finding of a 毓兰镇 member: the county loads a wage feed and re-checks the county. */
async function yulanFinding(): Promise<string> {
  if (yulanFindingId) return yulanFindingId;
  const [m] = await database.db.select().from(members).where(sql`${members.householdId} = ${yulanHousehold}`).limit(1);
  const r = await upload('county', '/api/feeds?name=wage.csv&source=wage&period=2024-11', `身份证号,姓名,单位,月工资\n${m.idNumber},${m.name},某厂,9999\n`);
  expect(r.statusCode).toBe(200);
  expect(r.json()).toMatchObject({ loaded: 1, matched: 1 });
  expect((await verifyJob('county')).status).toBe('done');
  const rows = (await as('yulan', 'GET', `/api/households/${yulanHousehold}/findings`)).json().rows;
  yulanFindingId = rows[0].id as string;
  return yulanFindingId;
}

/** A notice (公示) posted in 毓兰镇. */
async function yulanNotice(): Promise<string> {
  const { noticeEntries } = await import('./workflow/notices.ts');
  const { openNotice } = await import('./workflow/noticeStore.ts');
  return (await openNotice(database.db, { subjectType: 'case_program', subjectId: 'scope', areaCode: YULAN_VILLAGE, title: '毓兰村公示', issuer: '毓兰镇人民政府',
    days: 7, entries: noticeEntries([{ name: '毓兰甲', idNumber: person('1970-01-01'), program: '低保' }]), actor: 'yulan' })).id;
}

async function uploadLedger(user: string, village: string): Promise<string> {
  const csv = `户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码\nSCOPE-${village},上传户,${person('1970-05-05')},户主,农村,${village}\n`;
  const s = sessions[user];
  const r = await app.inject({ method: 'POST', url: '/api/ledger/jobs?name=a.csv', payload: Buffer.from(csv), headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' } });
  expect(r.statusCode).toBe(202);
  return r.json().id;
}

async function finishedJob(user: string, id: string) {
  for (;;) {
    const job = (await as(user, 'GET', `/api/ledger/jobs/${id}`)).json();
    if (job.status !== 'checking' && job.status !== 'importing') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('area scope isolation', () => {
  it('has a scope check for every route of the API', () => {
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.filter((r) => !(r in scopeChecks))).toEqual([]);
  });

  for (const [route, check] of Object.entries(scopeChecks)) {
    it(`keeps ${route} inside the user's area`, check);
  }
});
