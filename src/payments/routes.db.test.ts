/**
 * The payments API as the UI uses it: prepare, the two-person rule on the server, the bank file
 * download (no-store, its SHA-256), the return upload, masking of account numbers by role, the
 * household's payment history and the fund report with its xlsx export; Chinese errors with paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { createUser } from '../auth/users.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { buildServer } from '../server.ts';
import { saveHousehold } from '../registry/store.ts';
import { publishPolicy } from '../policy/store.ts';
import { createEntitlement } from './entitlements.ts';
import { packWithRuralStandard } from './testing.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
let jiangkouHousehold: string;

const as = (user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: sessions[user].cookie, 'x-csrf-token': sessions[user].csrf, ...headers } });

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await publishPolicy(db, countyAdmin, packWithRuralStandard({ '2024-01-01': 420 }), 'v1');
  for (const [username, role, areaCode] of [['minzheng', 'county_staff', '430525'], ['admin', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'],
    ['cun', 'village_staff', JIANGKOU_VILLAGE]] as const) {
    await createUser(db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  for (const [key, area, name] of [['R1', JIANGKOU_VILLAGE, '周一'], ['R2', YULAN_VILLAGE, '吴二']] as const) {
    const id = (await saveHousehold(db, countyAdmin, null, { areaCode: area, ledgerKey: key, hukou: 'rural',
      members: [{ name, idNumber: person('1969-06-06'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'full' }] }, null)).id;
    if (key === 'R1') jiangkouHousehold = id;
    await createEntitlement(db, { householdId: id, areaCode: area, program: '低保', startMonth: '2024-01', bank: { bankName: '洞口农商银行', accountNo: `62309012345678900${key === 'R1' ? '11' : '22'}`, accountName: name },
      snapshot: { id, hukou: 'rural', members: [{ id: 'P1', birthDate: '1969-06-06', relation: 'head', laborCapacity: 'full' }] }, source: { kind: 'case', caseId: key }, actor: 'admin' });
  }
  app = await buildServer(database);
  for (const u of ['minzheng', 'admin', 'jiangkou', 'cun']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: u, password: PASSWORD } });
    sessions[u] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); });

describe('payments API', () => {
  it('prepares through the UI and refuses the preparer as approver on the server, in Chinese', async () => {
    expect((await as('jiangkou', 'POST', '/api/payroll/2024-02/prepare', {})).statusCode).toBe(403);
    const bad = await as('minzheng', 'POST', '/api/payroll/2024-13/prepare', {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({ code: 'INVALID_MONTH', message: expect.stringContaining('YYYY-MM'), path: 'month' });
    const r = await as('minzheng', 'POST', '/api/payroll/2024-02/prepare', {});
    expect(r.json()).toMatchObject({ month: '2024-02', status: 'prepared', lines: 2, totalYuan: 840 });
    const page = (await as('minzheng', 'GET', '/api/payroll/2024-02')).json();
    expect(page).toMatchObject({ canApprove: false, total: 2, payroll: { status: 'prepared', preparedBy: 'minzheng', preparedVia: 'ui' } });
    const refused = await as('minzheng', 'POST', '/api/payroll/2024-02/approve', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'TWO_PERSON', message: expect.stringContaining('双人复核'), path: 'by' });
    expect((await as('admin', 'GET', '/api/payroll/2024-02')).json().canApprove).toBe(true);
    expect((await as('admin', 'POST', '/api/payroll/2024-02/approve', {})).json()).toMatchObject({ status: 'approved', approvedBy: 'admin' });
  });

  it('masks account numbers for roles without reveal and scopes lines to the area', async () => {
    const county = (await as('admin', 'GET', '/api/payroll/2024-02?reveal=1')).json();
    expect(county.rows.map((l: { accountNo: string }) => l.accountNo).sort()).toEqual(['6230901234567890011', '6230901234567890022']);
    expect(county.rows[0].idNumber).toMatch(/^430525\*{8}/);
    const history = (await as('cun', 'GET', `/api/households/${jiangkouHousehold}/payments`)).json();
    expect(history.payments).toMatchObject([{ period: '2024-02', amountYuan: 420, accountNo: '***************0011', paidIn: '2024-02', payrollStatus: 'approved' }]);
    expect(history.entitlements).toMatchObject([{ program: '低保', status: 'active', bank: { accountNo: '***************0011' } }]);
    const township = (await as('jiangkou', 'GET', '/api/payroll/2024-02')).json();
    expect(township.rows.map((l: { householdNo: string }) => l.householdNo)).toEqual(['R1']);
  });

  it('downloads the bank file uncached with its SHA-256, and takes the return upload', async () => {
    const f = await as('admin', 'GET', '/api/payroll/2024-02/bank-file?format=csv');
    expect(f.statusCode).toBe(200);
    expect(f.headers['cache-control']).toBe('no-store');
    expect(f.headers['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const lines = f.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines.at(-1)).toBe('合计,,,,,840.00,,,,');
    const ret = [`${lines[0]},结果,失败原因`, `${lines[1]},成功,`, `${lines[2]},失败,账号不存在`].join('\n');
    const up = await as('admin', 'POST', '/api/payroll/2024-02/returns?name=ret.csv', Buffer.from(ret), { 'content-type': 'application/octet-stream' });
    expect(up.json()).toEqual({ paid: 1, failed: 1, errors: [] });
    const bad = await as('admin', 'POST', '/api/payroll/2024-02/returns?name=bad.csv', Buffer.from(`${lines[0]},结果\n${lines[1]},不知道\n`), { 'content-type': 'application/octet-stream' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'RETURN_FILE_INVALID', message: expect.stringContaining('第 2 行 结果'), path: 'file' });
    expect((await as('jiangkou', 'GET', '/api/payroll/2024-02/bank-file?format=csv')).statusCode).toBe(403);
  });

  it('reports by month, program and township, and exports the report as xlsx', async () => {
    const r = (await as('admin', 'GET', '/api/payments/report?from=2024-01&to=2024-12')).json();
    expect(r.rows).toEqual([
      { month: '2024-02', program: '低保', townshipCode: '430525101', township: expect.any(String), households: 1, lines: 1, amountYuan: 420, backPayYuan: 0 },
      { month: '2024-02', program: '低保', townshipCode: '430525102', township: expect.any(String), households: 1, lines: 1, amountYuan: 420, backPayYuan: 0 },
    ]);
    const x = await as('admin', 'GET', '/api/payments/report.xlsx?from=2024-01&to=2024-12');
    expect(x.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(4).getCell(7).value).toBe(840);
    const bad = await as('admin', 'GET', '/api/payments/report?from=2024-12&to=2024-01');
    expect(bad.json().error).toMatchObject({ code: 'INVALID_RANGE', path: 'from' });
  });
});
