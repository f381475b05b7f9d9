/**
 * What leaves the server about a member, over HTTP, for roles with and without `reveal`: the
 * household page, its history, screening, search and the ledger export never let a role without
 * reveal rebuild an ID number; a full export is a bulk reveal in the audit log; downloads are not cached.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { desc, eq, like } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { members } from './schema.ts';
import { createUser } from '../auth/users.ts';
import { ageOn, todayInChina } from '../domain/dates.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { seedAreas } from './seed.ts';
import { buildServer } from '../server.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'qiaotou-Yuntai-huayuan-7391';
const sessions: Record<string, { cookie: string; csrf: string }> = {};

async function as(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const s = sessions[user];
  return app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
}

const head = person('1952-07-05');
const spouse = person('1955-11-23', 'female');
const child = person('1990-02-14');
let householdId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const users = [['county', 'county_admin', '430525'], ['xiangzhen', 'township_staff', '430525101'], ['cun', 'village_staff', JIANGKOU_VILLAGE], ['shenji', 'auditor', '430525']] as const;
  for (const [username, role, areaCode] of users) await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  const input = {
    areaCode: JIANGKOU_VILLAGE, hukou: 'rural', ledgerKey: 'MASK-1',
    members: [
      { name: '龙老汉', idNumber: head, relation: 'head', phone: '13812345678', monthlyIncomeYuan: 300 },
      { name: '李秀英', idNumber: spouse, relation: 'spouse', monthlyIncomeYuan: 200 },
    ],
  };
  const created = await as('cun', 'POST', '/api/households', input);
  expect(created.statusCode).toBe(201);
  householdId = created.json().id;
  // A member joins and the spouse's ID number is corrected: both show in the history.
  const stored = (await as('cun', 'GET', `/api/households/${householdId}`)).json();
  const corrected = person('1955-11-24', 'female');
  const edit = await as('cun', 'PUT', `/api/households/${householdId}`, {
    reason: '更正身份证号，子女落户', version: stored.household.version,
    household: { ...input, members: [{ ...input.members[0], id: stored.members[0].id, idNumber: undefined }, { ...input.members[1], id: stored.members[1].id, idNumber: corrected },
      { name: '龙小军', idNumber: child, relation: 'child', monthlyIncomeYuan: 0 }] },
  });
  expect(edit.statusCode).toBe(200);
  const demoPack = readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
  expect((await as('county', 'POST', '/api/policy/publish', { yaml: demoPack, note: '发布' })).statusCode).toBe(201);
});
afterAll(async () => { await app?.close(); await database?.close(); });

/** Every ID number stored, and the 8 birth-date digits of each. */
async function storedIds() {
  const ms = await database.db.select().from(members).where(like(members.areaCode, '430525%'));
  return ms.map((m) => ({ idNumber: m.idNumber, birthDigits: m.idNumber.slice(6, 14), birthDate: m.birthDate }));
}

function expectNothingRebuilds(text: string, ids: { idNumber: string; birthDigits: string; birthDate: string }[]) {
  for (const id of ids) {
    expect(text).not.toContain(id.idNumber);
    expect(text).not.toContain(id.birthDigits);
    expect(text).not.toContain(id.birthDate);
  }
}

describe('the household page as the API sends it', () => {
  it('gives a village officer (no reveal) masked numbers and ages: no birth date and no full ID number anywhere in the JSON, history included', async () => {
    const r = await as('cun', 'GET', `/api/households/${householdId}`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(r.body).not.toContain('birthDate');
    expectNothingRebuilds(r.body, await storedIds());
    const active = body.members.filter((m: { status: string }) => m.status === 'active');
    expect(active).toHaveLength(3);
    expect(active.every((m: { idNumber: string }) => /^430525\*{8}\d{3}[\dX]$/.test(m.idNumber))).toBe(true);
    expect(active[0].idNumber).toBe(`430525********${head.slice(-4)}`);
    expect(active[0]).toMatchObject({ age: ageOn('1952-07-05', todayInChina()), sex: 'male', phone: '138****5678' });
    // The history held the corrected ID number, old and new: both masked.
    const change = body.history.flatMap((e: { changes: { field: string; old: unknown; new: unknown }[] }) => e.changes).find((c: { field: string }) => c.field.endsWith('.idNumber'));
    expect(change.old).toMatch(/^430525\*{8}/);
    expect(change.new).toMatch(/^430525\*{8}/);
  });

  it('gives roles with reveal the same masked page: the birth date comes only with an audited reveal', async () => {
    for (const user of ['county', 'xiangzhen', 'shenji']) {
      const r = await as(user, 'GET', `/api/households/${householdId}`);
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain('birthDate');
      expectNothingRebuilds(r.body, await storedIds());
    }
    const memberId = (await as('xiangzhen', 'GET', `/api/households/${householdId}`)).json().members[0].id;
    const revealed = await as('xiangzhen', 'POST', `/api/members/${memberId}/reveal`);
    expect(revealed.json()).toMatchObject({ idNumber: head, birthDate: '1952-07-05', phone: '13812345678' });
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.reveal')).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({ actor: 'xiangzhen', target: `member:${memberId}` });
  });

  it('screens a household for a village officer on today only, with no ID number in the answer', async () => {
    const today = await as('cun', 'GET', `/api/households/${householdId}/screening`);
    expect(today.statusCode).toBe(200);
    expectNothingRebuilds(today.body, await storedIds());
    // Ages on a chosen day would show the day a member's age changes.
    const other = await as('cun', 'GET', `/api/households/${householdId}/screening?date=2012-07-05`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'SCREENING_DATE_TODAY', path: 'date' });
    expect((await as('xiangzhen', 'GET', `/api/households/${householdId}/screening?date=2012-07-05`)).statusCode).toBe(200);
  });

  it('lets a village officer search by a whole ID number but not by a prefix that would test a birth date', async () => {
    const prefix = await as('cun', 'GET', `/api/households?q=${head.slice(0, 14)}`);
    expect(prefix.statusCode).toBe(400);
    expect(prefix.json().error).toMatchObject({ code: 'ID_SEARCH_WHOLE_NUMBER', path: 'q' });
    expect((await as('cun', 'GET', `/api/households?q=${head}`)).json().rows.map((r: { id: string }) => r.id)).toEqual([householdId]);
    expect((await as('cun', 'GET', '/api/households?q=430525')).statusCode).toBe(200);
    expect((await as('xiangzhen', 'GET', `/api/households?q=${head.slice(0, 14)}`)).json().rows.map((r: { id: string }) => r.id)).toEqual([householdId]);
  });
});

async function rowsOf(buffer: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

const lastAudit = async () => (await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0];

describe('the ledger export over HTTP', () => {
  it('is masked for the village officer and the auditor, not cached, and audited with its row count', async () => {
    for (const user of ['cun', 'shenji']) {
      const r = await as(user, 'GET', '/api/ledger/export.xlsx');
      expect(r.statusCode).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      const rows = await rowsOf(r.rawPayload);
      expect(rows).toHaveLength(4);
      expect(rows.slice(1).every((row) => /^430525\*{8}\d{3}[\dX]$/.test(row[2] as string))).toBe(true);
      expect(rows[1][15]).toBe('138****5678');
      expectNothingRebuilds(rows.map((row) => row.join('|')).join('\n'), await storedIds());
      expect(await lastAudit()).toMatchObject({ actor: user, action: 'ledger.export', detail: { masked: true, households: 1, people: 3, completed: true } });
    }
  });

  it('refuses full numbers to roles without reveal', async () => {
    for (const user of ['cun', 'shenji']) {
      const r = await as(user, 'GET', '/api/ledger/export.xlsx?reveal=1');
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', path: 'reveal' });
    }
  });

  it('gives full numbers to a township officer who asks, audited as a bulk reveal with the filters and the rows written', async () => {
    const r = await as('xiangzhen', 'GET', '/api/ledger/export.xlsx?reveal=1&hukou=rural');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const rows = await rowsOf(r.rawPayload);
    expect(rows.slice(1).map((row) => row[2])).toContain(head);
    // The response ends after the audit entry is written: it is there as soon as the file is.
    expect(await lastAudit()).toMatchObject({ actor: 'xiangzhen', action: 'ledger.export.reveal', areaCode: '430525101',
      detail: { filters: { hukou: 'rural' }, masked: false, households: 1, people: rows.length - 1, completed: true } });
  });

  it('sends the template and a validation report with Cache-Control: no-store', async () => {
    const template = await as('cun', 'GET', '/api/ledger/template.xlsx');
    expect(template.statusCode).toBe(200);
    expect(template.headers['cache-control']).toBe('no-store');
    const upload = await app.inject({ method: 'POST', url: '/api/ledger/jobs?name=t.csv', payload: Buffer.from(`户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码\nR1,张三,123,户主,农村,${JIANGKOU_VILLAGE}\n`),
      headers: { cookie: sessions.cun.cookie, 'x-csrf-token': sessions.cun.csrf, 'content-type': 'application/octet-stream' } });
    expect(upload.statusCode).toBe(202);
    const id = upload.json().id;
    await expect.poll(async () => (await as('cun', 'GET', `/api/ledger/jobs/${id}`)).json().status, { timeout: 10_000 }).not.toBe('checking');
    const report = await as('cun', 'GET', `/api/ledger/jobs/${id}/report.xlsx`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['cache-control']).toBe('no-store');
  });
});
