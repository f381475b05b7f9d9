/**
 * Bank account numbers leave the server with at most their last 4 digits (domain/mask.ts maskAccount),
 * for every role, on the case page and its timeline, the household's payments and entitlements and
 * the payroll page; a role with `reveal` sees full numbers only by asking (`reveal=1`), and each such
 * view is an `account.reveal` audit entry naming what was shown; a role without it is refused (issue 15 item 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { createUser } from '../auth/users.ts';
import { publishPolicy } from '../policy/store.ts';
import { seedAreas } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { createEntitlement } from './entitlements.ts';
import { packWithRuralStandard } from './testing.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
let householdId = '';
let caseId = '';
const PAYROLL_ACCOUNT = '6230901234567890011'; // 19 digits
const CASE_ACCOUNT = '621483001234'; // 12 digits: the ID-number mask showed 10 of them
const NEW_ACCOUNT = '621483009876';

const as = (user: string, method: string, url: string, payload?: unknown) =>
  app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf } });
const ok = async (user: string, method: string, url: string, payload?: unknown, status = 200) => {
  const r = await as(user, method, url, payload);
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};
/** At most the last 4 digits of `full` are visible in `shown`, and the rest is masked. */
const masked = (shown: string, full: string) => {
  expect(shown.replace(/\D/g, '').length, shown).toBeLessThanOrEqual(4);
  expect(shown).toBe('*'.repeat(full.length - 4) + full.slice(-4));
};
const reveals = async () => database.db.select().from(auditLog).where(eq(auditLog.action, 'account.reveal'));

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await seedAreas(db, '430525');
  await publishPolicy(db, countyAdmin, packWithRuralStandard({ '2024-01-01': 420 }), 'v1');
  for (const [username, role, areaCode] of [['admin', 'county_admin', '430525'], ['minzheng', 'county_staff', '430525'], ['jiangkou', 'township_staff', '430525101'], ['cun', 'village_staff', JIANGKOU_VILLAGE],
    ['shenji', 'auditor', '430525']] as const) {
    await createUser(db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  householdId = (await saveHousehold(db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'ACC-1', hukou: 'rural',
    members: [{ name: '周大明', idNumber: person('1969-06-06'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'full' }] }, null)).id;
  await createEntitlement(db, { householdId, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: '2024-01', bank: { bankName: '洞口农商银行', accountNo: PAYROLL_ACCOUNT, accountName: '周大明' },
    snapshot: { id: householdId, hukou: 'rural', members: [{ id: 'P1', birthDate: '1969-06-06', relation: 'head', laborCapacity: 'full' }] }, source: { kind: 'case', caseId: 'C-ACC' }, actor: 'minzheng' });
  app = await buildServer(database);
  for (const u of ['admin', 'minzheng', 'jiangkou', 'cun', 'shenji']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: u, password: PASSWORD } });
    sessions[u] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  caseId = (await ok('jiangkou', 'POST', '/api/cases', { channel: 'window', householdId, programs: [{ program: '低保' }],
    bank: { bankName: '洞口农商银行', accountNo: CASE_ACCOUNT, accountName: '周大明' } }, 201)).id;
  await ok('jiangkou', 'PUT', `/api/cases/${caseId}/bank`, { bankName: '洞口农商银行', accountNo: NEW_ACCOUNT, accountName: '周大明' });
  await ok('minzheng', 'POST', '/api/payroll/2024-02/prepare', {});
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); });

describe('bank account masking', () => {
  it('shows at most the last 4 digits of a case account on the case page and its timeline, to every role', async () => {
    for (const user of ['cun', 'shenji', 'jiangkou']) {
      const c = await ok(user, 'GET', `/api/cases/${caseId}`);
      masked(c.case.bank.accountNo, NEW_ACCOUNT);
      const bankEvents = (await ok(user, 'GET', `/api/cases/${caseId}/timeline`)).rows.filter((e: { action: string }) => e.action === 'case.bank');
      expect(bankEvents).toHaveLength(1);
      masked(bankEvents[0].detail.accountNo, NEW_ACCOUNT);
    }
  });

  it("masks the household's payments and entitlements for the township unless it asks, and audits each full view as a reveal", async () => {
    const before = (await reveals()).length;
    const plain = await ok('jiangkou', 'GET', `/api/households/${householdId}/payments`);
    expect(plain.payments).toHaveLength(1);
    masked(plain.payments[0].accountNo, PAYROLL_ACCOUNT);
    masked(plain.entitlements[0].bank.accountNo, PAYROLL_ACCOUNT);
    expect((await reveals()).length).toBe(before);

    const full = await ok('jiangkou', 'GET', `/api/households/${householdId}/payments?reveal=1`);
    expect(full.payments[0].accountNo).toBe(PAYROLL_ACCOUNT);
    expect(full.entitlements[0].bank.accountNo).toBe(PAYROLL_ACCOUNT);
    const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.reveal'), eq(auditLog.target, `household:${householdId}`)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'jiangkou', detail: { lines: [full.payments[0].id], entitlements: [full.entitlements[0].id] } });

    const refused = await as('cun', 'GET', `/api/households/${householdId}/payments?reveal=1`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/无权查看完整银行账号/);
    masked((await ok('cun', 'GET', `/api/households/${householdId}/payments`)).payments[0].accountNo, PAYROLL_ACCOUNT);
  });

  it('masks the payroll lines for every role, shows them whole only on request to a role with reveal, audited', async () => {
    const before = (await reveals()).length;
    for (const user of ['minzheng', 'jiangkou', 'shenji']) {
      const page = await ok(user, 'GET', '/api/payroll/2024-02');
      expect(page.rows).toHaveLength(1);
      masked(page.rows[0].accountNo, PAYROLL_ACCOUNT);
    }
    expect((await reveals()).length).toBe(before);
    const full = await ok('minzheng', 'GET', '/api/payroll/2024-02?reveal=1');
    expect(full.rows[0].accountNo).toBe(PAYROLL_ACCOUNT);
    const after = await reveals();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actor: 'minzheng', detail: { month: '2024-02', lines: [full.rows[0].id] } });
    expect((await as('shenji', 'GET', '/api/payroll/2024-02?reveal=1')).statusCode).toBe(403);
  });

  it('records the bank file, which carries full numbers, with every line it holds', async () => {
    await ok('admin', 'POST', '/api/payroll/2024-02/approve', {});
    const lineId = (await ok('admin', 'GET', '/api/payroll/2024-02')).rows[0].id;
    const file = await as('admin', 'GET', '/api/payroll/2024-02/bank-file?format=csv');
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain(PAYROLL_ACCOUNT);
    const [issued] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'payroll.bank_file'));
    expect(issued).toMatchObject({ actor: 'admin', detail: { month: '2024-02', lines: [lineId] } });
  });
});
