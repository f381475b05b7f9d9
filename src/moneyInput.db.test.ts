/**
 * Money has at most two decimals and is above 0 where 0 means nothing (issue 15, item 8), wherever it
 * enters: the county's allocation to a township reserve, a department's approved amount on a referral,
 * a monitoring report's cost. Each bad amount is a 400 in Chinese naming amountYuan and writes nothing;
 * a right amount with two decimals is stored to the fen. Through the API, on both databases.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Database } from './db/connection.ts';
import { auditLog } from './auth/schema.ts';
import { casePrograms, caseReferrals, reserveMovements } from './cases/schema.ts';
import { monitoringReports } from './monitoring/schema.ts';
import { createUser } from './auth/users.ts';
import { seedAreas } from './registry/seed.ts';
import { todayInChina } from './registry/model.ts';
import { buildServer } from './server.ts';
import { openTestDatabase } from './test-support/db.ts';
import { household, JIANGKOU_VILLAGE } from './test-support/fixtures.ts';

const PASSWORD = 'Shiqiao-Dengta-5271';
const BAD_AMOUNTS = [0.001, 0.004, 0, -5, 12.345, 1e-9, '12'];
let database: Database;
let app: FastifyInstance;
const sessions: Record<string, { cookie: string; csrf: string }> = {};
let householdId: string;

async function as(user: string, method: string, url: string, payload?: unknown) {
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
}
async function ok(p: ReturnType<typeof as>, status = 200) {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}
const count = async (table: typeof reserveMovements | typeof monitoringReports) => (await database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;

/** Every bad amount: 400, a Chinese message on amountYuan. */
async function refusesEveryBadAmount(send: (amountYuan: unknown) => ReturnType<typeof as>) {
  for (const amountYuan of BAD_AMOUNTS) {
    const r = await send(amountYuan);
    expect(r.statusCode, `${amountYuan}: ${r.body}`).toBe(400);
    expect(r.json().error, String(amountYuan)).toMatchObject({ path: 'amountYuan', message: expect.stringMatching(/金额.*(两位小数|大于 0|应为数字)/) });
  }
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, '430525');
  const users = [['county', 'county_admin', '430525', '民政局'], ['yibao', 'county_staff', '430525', '医保局'], ['jiangkou', 'township_staff', '430525101', null],
    ['cun', 'village_staff', JIANGKOU_VILLAGE, null]] as const;
  for (const [username, role, areaCode, department] of users) await createUser(database.db, { username, displayName: username, password: PASSWORD, role, areaCode, department }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  await ok(as('county', 'POST', '/api/policy/publish', { yaml: readFileSync(new URL('../policies/demo-dongkou.yaml', import.meta.url), 'utf8'), note: '发布' }), 201);
  householdId = (await ok(as('jiangkou', 'POST', '/api/households', household(JIANGKOU_VILLAGE, ['王大明', '李秀英'])), 201)).id;
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); });

describe('money entering the system', () => {
  it('refuses a reserve allocation finer than a fen or not above 0, writing and auditing nothing', async () => {
    await refusesEveryBadAmount((amountYuan) => as('county', 'POST', '/api/reserves/allocate', { townshipCode: '430525101', amountYuan, note: '拨付' }));
    expect(await count(reserveMovements)).toBe(0);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'reserve.allocate'))).toEqual([]);
    await ok(as('county', 'POST', '/api/reserves/allocate', { townshipCode: '430525101', amountYuan: 100.25, note: '拨付' }));
    expect((await database.db.select().from(reserveMovements)).map((m) => m.amountFen)).toEqual([10025]);
  });

  it("refuses a department's approved amount finer than a fen or not above 0, leaving the referral open and the program undecided", async () => {
    const created = await ok(as('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId, programs: [{ program: '医疗救助' }] }), 201);
    const program = (await ok(as('jiangkou', 'GET', `/api/cases/${created.id}`))).programs[0];
    const step = (action: string, body: unknown = {}) => ok(as('jiangkou', 'POST', `/api/cases/${created.id}/programs/${program.id}/actions/${action}`, body));
    await step('accept');
    await step('investigate', { visitedOn: todayInChina(), visitors: ['甲', '乙'], findings: '住院费用高', recommendation: 'support' });
    const [referral] = (await ok(as('yibao', 'GET', '/api/referrals?status=open'))).rows;
    await refusesEveryBadAmount((amountYuan) => as('yibao', 'POST', `/api/referrals/${referral.id}/result`, { result: '同意', decision: 'approve', amountYuan }));
    expect((await database.db.select().from(caseReferrals).where(eq(caseReferrals.id, referral.id)))[0].status).toBe('open');
    expect((await database.db.select().from(casePrograms).where(eq(casePrograms.id, program.id)))[0]).toMatchObject({ state: 'referred', amountFen: null });
    await ok(as('yibao', 'POST', `/api/referrals/${referral.id}/result`, { result: '同意', decision: 'approve', amountYuan: 3000.5 }));
    expect((await database.db.select().from(casePrograms).where(eq(casePrograms.id, program.id)))[0]).toMatchObject({ state: 'approved', amountFen: 300050 });
  });

  it("refuses a monitoring report's amount finer than a fen or not above 0, storing no report", async () => {
    const report = (amountYuan: unknown) => as('cun', 'POST', '/api/monitoring/reports', { householdId, channel: 'village', kind: 'medical', amountYuan, occurredOn: todayInChina(), description: '住院自付' });
    await refusesEveryBadAmount(report);
    expect(await count(monitoringReports)).toBe(0);
    await ok(report(35000.5), 201);
    expect((await database.db.select().from(monitoringReports)).map((r) => r.amountFen)).toEqual([3500050]);
  });
});
