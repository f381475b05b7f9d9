/**
 * Ledger import through the API stays inside the user's area: a village user cannot take over,
 * move or learn anything about households of other areas by naming their 户编号 or people in a
 * ledger (issue 11, items 1–3). Runs on the demo county, as the UI does it: upload, poll, commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, like, not } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { households, members } from '../registry/schema.ts';
import { createUser } from '../auth/users.ts';
import { closeHousehold } from '../registry/store.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds } from '../registry/seed.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { buildServer } from '../server.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Ledger-scope-测试-2026';
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedDemoHouseholds(database.db, 300);
  await createUser(database.db, { username: 'cun', displayName: '江口村民生协理员', password: PASSWORD, role: 'village_staff', areaCode: JIANGKOU_VILLAGE }, 'test');
  app = await buildServer(database);
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'cun', password: PASSWORD } });
  expect(r.statusCode).toBe(200);
  session = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
}, 120_000);
afterAll(async () => { await app?.close(); await database?.close(); });

const HEADER = '户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码';
const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\n') + '\n');

interface JobView { id: string; status: string; result: { created: number; updated: number; errorCount: number } | null; errorsShown: { row: number; column: string; message: string }[] }

async function upload(file: Buffer): Promise<JobView> {
  const r = await app.inject({ method: 'POST', url: '/api/ledger/jobs?name=ledger.csv', payload: file, headers: { ...headers(), 'content-type': 'application/octet-stream' } });
  expect(r.statusCode).toBe(202);
  return finished(r.json().id);
}
const headers = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });
async function finished(id: string): Promise<JobView> {
  for (;;) {
    const job = (await app.inject({ url: `/api/ledger/jobs/${id}`, headers: headers() })).json() as JobView;
    if (job.status !== 'checking' && job.status !== 'importing') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** Upload, wait for the check, confirm if it passed, wait for the import. */
async function importAsCun(file: Buffer): Promise<{ check: JobView; commitStatus: number; final: JobView }> {
  const check = await upload(file);
  const commit = await app.inject({ method: 'POST', url: `/api/ledger/jobs/${check.id}/commit`, payload: {}, headers: headers() });
  return { check, commitStatus: commit.statusCode, final: commit.statusCode === 200 ? await finished(check.id) : check };
}

/** An active demo household of another township, with its members as stored. */
async function otherHousehold(skip = 0) {
  const [h] = await database.db.select().from(households)
    .where(and(eq(households.status, 'active'), not(like(households.areaCode, '430525101%')))).orderBy(households.ledgerKey).offset(skip).limit(1);
  const ms = await database.db.select().from(members).where(eq(members.householdId, h.id));
  return { household: h, members: ms };
}
const stored = async (id: string) => ({
  household: (await database.db.select().from(households).where(eq(households.id, id)))[0],
  members: await database.db.select().from(members).where(eq(members.householdId, id)),
});
/** The messages without the file's own 户编号, to compare the words of two answers. */
const words = (job: JobView, key: string) => job.errorsShown.map((e) => ({ ...e, message: e.message.replaceAll(key, 'KEY') }));

describe('ledger import stays inside the user\'s area', () => {
  it('refuses a ledger naming another township\'s 户编号, leaving that household untouched (cross-area takeover)', async () => {
    const victim = await otherHousehold();
    const before = await stored(victim.household.id);
    const { check, commitStatus, final } = await importAsCun(csv(`${victim.household.ledgerKey},冒名户主,43052519800101123X,户主,农村,${JIANGKOU_VILLAGE}`));
    expect(check.status).toBe('failed');
    expect(commitStatus).toBe(409);
    expect(final.status).toBe('failed');
    expect(check.errorsShown).toEqual([{ row: 2, column: '户编号', message: `户编号 ${victim.household.ledgerKey} 已被使用，请核对；新家庭请使用新的户编号` }]);
    expect(await stored(victim.household.id)).toEqual(before);
    const list = await app.inject({ url: `/api/households?q=${encodeURIComponent(victim.members[0].name)}`, headers: headers() });
    expect(JSON.stringify(list.json())).not.toContain(victim.household.id);
  });

  it('refuses a person registered in another area\'s household without saying where or who', async () => {
    const victim = await otherHousehold(1);
    const before = await stored(victim.household.id);
    const { check, commitStatus } = await importAsCun(csv(`CUN-NEW-1,${victim.members[0].name},${victim.members[0].idNumber},户主,农村,${JIANGKOU_VILLAGE}`));
    expect(commitStatus).toBe(409);
    expect(check.errorsShown).toEqual([{ row: 2, column: '身份证号', message: '该身份证号已在其他有效家庭中登记（一人只能属于一个有效家庭），请核对' }]);
    expect(await stored(victim.household.id)).toEqual(before);
  });

  it('lists every household it created or changed in the import\'s audit entry', async () => {
    const head = person('1971-07-07');
    const first = await importAsCun(csv(`CUN-AUDIT,江口新户,${head},户主,农村,${JIANGKOU_VILLAGE}`));
    expect(first.final.status).toBe('imported');
    const [created] = await database.db.select().from(households).where(eq(households.ledgerKey, 'CUN-AUDIT'));
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'ledger.import')).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({ actor: 'cun', target: 'ledger.csv', areaCode: JIANGKOU_VILLAGE });
    expect(entry.detail).toMatchObject({ created: 1, updated: 0, createdIds: [created.id], updatedIds: [] });

    const second = await importAsCun(csv(`CUN-AUDIT,江口新户,${head},户主,农村,${JIANGKOU_VILLAGE}`, `CUN-AUDIT,江口新户妻,${person('1972-02-02', 'female')},配偶,农村,${JIANGKOU_VILLAGE}`));
    expect(second.final.status).toBe('imported');
    const [latest] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'ledger.import')).orderBy(desc(auditLog.id)).limit(1);
    expect(latest.detail).toMatchObject({ created: 0, updated: 1, createdIds: [], updatedIds: [created.id] });
  });
});

describe('import messages reveal nothing outside the user\'s area', () => {
  it('gives the same words for another area\'s active and closed (with its reason) household, never the reason', async () => {
    const active = await otherHousehold(2);
    const closed = await otherHousehold(3);
    await closeHousehold(database.db, countyAdmin, closed.household.id, '死亡（艾滋病并发症）');
    const row = (key: string) => csv(`${key},冒名户主,${person('1980-01-01')},户主,农村,${JIANGKOU_VILLAGE}`);
    const a = await upload(row(active.household.ledgerKey!));
    const c = await upload(row(closed.household.ledgerKey!));
    expect(words(c, closed.household.ledgerKey!)).toEqual(words(a, active.household.ledgerKey!));
    expect(c.result).toEqual(a.result);
    const text = JSON.stringify(c);
    for (const secret of ['艾滋病', '死亡', '注销', closed.household.areaCode, closed.members[0].name, closed.household.headName]) expect(text).not.toContain(secret);
  });

  it('answers rows in another area the same whether or not their 户编号 or people exist there', async () => {
    const closed = await otherHousehold(4);
    await closeHousehold(database.db, countyAdmin, closed.household.id, '迁出');
    const active = await otherHousehold(5);
    const area = active.household.areaCode;
    const real = await upload(csv(
      `${closed.household.ledgerKey},某甲,${person('1981-01-01')},户主,农村,${area}`,
      `NO-SUCH-KEY-1,${active.members[0].name},${active.members[0].idNumber},户主,农村,${area}`,
    ));
    const made = await upload(csv(
      `NO-SUCH-KEY-2,某甲,${person('1981-01-01')},户主,农村,${area}`,
      `NO-SUCH-KEY-1,${active.members[0].name},${person('1982-02-02')},户主,农村,${area}`,
    ));
    expect(words(real, closed.household.ledgerKey!)).toEqual(words(made, 'NO-SUCH-KEY-2'));
    expect(real.errorsShown.map((e) => e.row)).toEqual([2, 3]);
    expect(real.errorsShown.every((e) => e.message === `村（社区）${area} 不在您的管辖范围内`)).toBe(true);
    expect(real.result).toEqual(made.result);
  });
});

describe('import errors are reported where they are', () => {
  it('reports a household in another area on its own row and the 行政区划代码 column, not on the header', async () => {
    const job = await upload(csv(
      `CUN-OK,江口甲,${person('1975-05-05')},户主,农村,${JIANGKOU_VILLAGE}`,
      `CUN-OUT,外村乙,430525198001011234,户主,农村,430525102201`, // a bad check digit too: no member is kept
    ));
    expect(job.errorsShown).toEqual(expect.arrayContaining([
      { row: 3, column: '行政区划代码', message: '村（社区）430525102201 不在您的管辖范围内' },
      expect.objectContaining({ row: 3, column: '身份证号' }),
    ]));
    expect(job.errorsShown.every((e) => e.row === 3)).toBe(true);
  });
});
