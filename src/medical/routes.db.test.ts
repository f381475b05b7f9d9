/**
 * Medical assistance through the HTTP API, on PGlite and PostgreSQL: a hospital's system settling one
 * settlement at discharge (idempotent by 结算编号, patients of other counties refused, nothing else of the
 * platform open to it), the county's settlement file upload, the lists (masked) and downloads (audited),
 * the monthly statements owed to hospitals, the 医疗救助 lines of the payroll paid once, the household
 * summary with its 临时救助 proposal, the 综合救助意见, the monitoring warning fed by settlements and the figures.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { and, eq, like } from 'drizzle-orm';
import { parseDocument } from 'yaml';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { monitoringWarnings } from '../monitoring/schema.ts';
import { payrollLines } from '../payments/schema.ts';
import { createUser } from '../auth/users.ts';
import { descendants } from '../domain/areas.ts';
import { runMonitor } from '../monitoring/signals.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import { publishPolicy } from '../policy/store.ts';
import { seedAreas } from '../registry/seed.ts';
import { closeHousehold, loadSnapshots, saveHousehold } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { medicalSettlements } from './schema.ts';

let database: Database;
let app: FastifyInstance;
const PASSWORD = 'Yiliao-Jiuzhu-8462';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const HOSPITAL = '洞口县人民医院';

const P = { longTerm: person('1950-02-01'), poor: person('1968-06-01', 'female'), poorSon: person('1992-07-01'), waiting: person('1985-01-09'),
  rich: person('1970-10-01'), longhui: person('1981-03-03'), nobody: person('1990-11-01'), movedAway: person('1979-12-12') };
const ids: Record<string, string> = {};
let add: (ledgerKey: string, ms: Record<string, unknown>[], extra?: Record<string, unknown>, dibao?: boolean, areaCode?: string) => Promise<void>;

// The demo pack with 正安's top-up (004:L30) and a 临时救助 threshold of 500 yuan after everything (004:L66).
const doc = parseDocument(readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'));
doc.setIn(['parameters', 'medical', 'topUp'], doc.createNode({ ratio: 0.9 }));
doc.setIn(['parameters', 'medical', 'tempRelief'], doc.createNode({ outOfPocket: 500 }));

async function as(user: string, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const s = sessions[user];
  return app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } });
}
const upload = (user: string, name: string, text: string) =>
  as(user, 'POST', `/api/medical/files?name=${encodeURIComponent(name)}`, Buffer.from('\uFEFF' + text), { 'content-type': 'application/octet-stream' });

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await seedAreas(db, '430525');
  await seedAreas(db, '430524');
  await publishPolicy(db, countyAdmin, doc.toString(), 'medical test');
  await publishPolicy(db, { username: 'lh', role: 'county_admin', areaCode: '430524' }, doc.toString().replace('"430525"', '"430524"'), 'medical test');
  const users = [['county', 'county_admin', '430525', '县管理员'], ['county2', 'county_staff', '430525', '县民政'], ['jiangkou', 'township_staff', '430525101', '江口镇'],
    ['hospital', 'hospital', '430525', HOSPITAL], ['longhui', 'county_admin', '430524', '隆回县'], ['longhuiHospital', 'hospital', '430524', '隆回县人民医院']] as const;
  for (const [username, role, areaCode, displayName] of users) await createUser(db, { username, displayName, password: PASSWORD, role, areaCode }, 'test');
  app = await buildServer(database);
  for (const [username] of users) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
    expect(r.statusCode, r.body).toBe(200);
    sessions[username] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
  add = async (ledgerKey, ms, extra = {}, dibao = false, areaCode = JIANGKOU_VILLAGE) => {
    const db = database.db;
    const { id } = await saveHousehold(db, countyAdmin.areaCode === areaCode.slice(0, 6) ? countyAdmin : { username: 'lh', role: 'county_admin', areaCode: '430524' }, null,
      { areaCode, ledgerKey, hukou: 'rural', ...extra, members: ms.map((m, i) => ({ relation: i === 0 ? 'head' : 'child', ...m })) }, null);
    ids[ledgerKey] = id;
    if (dibao) {
      const s = (await loadSnapshots(db, [id])).get(id)!;
      await createEntitlement(db, { householdId: id, areaCode, program: '低保', startMonth: '2025-01',
        bank: { bankName: '洞口农商银行', accountNo: '623090123456789001', accountName: String(ms[0].name) },
        snapshot: toEvaluationInput(s.household, s.members), source: { kind: 'roster', fileSha256: 'test', row: 1 }, actor: 'test' });
    }
  };
  await add('MD01', [{ name: '长期户', idNumber: P.longTerm, laborCapacity: 'none', monthlyIncomeYuan: 0 }], {}, true);
  await add('MD04', [{ name: '脱贫母', idNumber: P.poor, monthlyIncomeYuan: 3000 }, { name: '脱贫子', idNumber: P.poorSon, monthlyIncomeYuan: 3000 }], { registeredPoor: true });
  await add('MD05', [{ name: '待账户', idNumber: P.waiting, monthlyIncomeYuan: 3000 }], { registeredPoor: true });
  await add('MD06', [{ name: '富裕户', idNumber: P.rich, monthlyIncomeYuan: 9000 }]);
  const longhuiVillage = descendants('430524').find((a) => a.level === 'village')!.code;
  await add('LH01', [{ name: '隆回人', idNumber: P.longhui, monthlyIncomeYuan: 3000 }], { registeredPoor: true }, false, longhuiVillage);
}, 120_000);
afterAll(async () => { await app?.close(); await database?.close(); });

const discharge = (over: Record<string, unknown> = {}) => ({
  settlementNo: 'HS1', idNumber: P.poor, name: '脱贫母', visitType: '住院', hospitalLevel: '县级及以下', date: '2025-03-10',
  totalYuan: 10000, policyYuan: 8000, basicYuan: 5000, seriousYuan: 0, method: '一站式', ...over,
});

describe('one-stop settlement from a hospital\'s system', () => {
  it('answers the assistance at once, and the same settlement again with the stored result', async () => {
    const r = await as('hospital', 'POST', '/api/medical/settlements', discharge());
    expect(r.statusCode, r.body).toBe(200);
    // 建档立卡 70% of 8000 − 5000 = 2100; top-up to 90% of 10000: 9000 − 5000 − 2100 = 1900.
    expect(r.json()).toMatchObject({ settlementNo: 'HS1', householdNo: 'MD04', category: 'registeredPoor', ratio: 0.7, baseYuan: 3000, assistanceYuan: 2100, topUpYuan: 1900, replayed: false });
    const again = await as('hospital', 'POST', '/api/medical/settlements', discharge());
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...r.json(), replayed: true });
    const [stored] = await database.db.select().from(medicalSettlements).where(eq(medicalSettlements.settlementNo, 'HS1'));
    expect(stored).toMatchObject({ channel: 'hospital', hospitalName: HOSPITAL, paymentStatus: 'hospital', createdBy: 'hospital' });
  });

  it('refuses the same 结算编号 with other values with 409 and changes nothing', async () => {
    const r = await as('hospital', 'POST', '/api/medical/settlements', discharge({ totalYuan: 10001 }));
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'SETTLEMENT_CONFLICT', path: 'settlementNo' });
    expect(r.json().error.message).toContain('已结算');
    const [stored] = await database.db.select().from(medicalSettlements).where(eq(medicalSettlements.settlementNo, 'HS1'));
    expect(stored.totalFen).toBe(10000_00);
  });

  it('answers bad values with a 400 naming the field in Chinese, and stores nothing', async () => {
    const bad = await as('hospital', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-BAD', basicYuan: 9000, seriousYuan: 2000 }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_INPUT', path: 'basicYuan' });
    const type = await as('hospital', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-BAD', visitType: '急诊' }));
    expect(type.statusCode).toBe(400);
    expect(type.json().error.message).toContain('就诊类型');
    const id = await as('hospital', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-BAD', idNumber: P.poor.slice(0, 17) + (P.poor[17] === '0' ? '1' : '0') }));
    expect(id.statusCode).toBe(400);
    expect(id.json().error.path).toBe('idNumber');
    expect(await database.db.select().from(medicalSettlements).where(eq(medicalSettlements.settlementNo, 'HS-BAD'))).toEqual([]);
  });

  it('refuses a patient who is not registered in the hospital\'s county — registered elsewhere or nowhere alike — and stores nothing', async () => {
    const elsewhere = await as('hospital', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-LH', idNumber: P.longhui, name: '隆回人' }));
    const nowhere = await as('hospital', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-NO', idNumber: P.nobody, name: '外来人' }));
    expect([elsewhere.statusCode, nowhere.statusCode]).toEqual([422, 422]);
    expect(elsewhere.json().error).toEqual(nowhere.json().error);
    expect(elsewhere.json().error.code).toBe('NOT_IN_COUNTY');
    // The other county's hospital settles its own patient.
    const own = await as('longhuiHospital', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-LH', idNumber: P.longhui, name: '隆回人' }));
    expect(own.statusCode, own.body).toBe(200);
  });

  it('gives a hospital account nothing of the platform but settling and its own statements; other roles cannot settle this way', async () => {
    expect((await as('hospital', 'GET', '/api/households')).statusCode).toBe(403);
    expect((await as('hospital', 'GET', '/api/medical/settlements')).statusCode).toBe(403);
    expect((await as('hospital', 'GET', `/api/households/${ids.MD04}/medical`)).statusCode).toBe(403);
    expect((await as('hospital', 'GET', '/api/me')).statusCode).toBe(200);
    expect((await as('county', 'POST', '/api/medical/settlements', discharge({ settlementNo: 'HS-C' }))).statusCode).toBe(403);
  });
});

const HEADER = '结算编号,身份证号,姓名,就诊类型,医院级别,医院名称,结算日期,医疗总费用,政策范围内费用,基本医保支付,大病保险支付,医疗救助支付,病种,结算方式,开户银行,银行账号,账户名';
const FILE = [
  `F1,${P.longTerm},长期户,住院,县级及以下,${HOSPITAL},2025-04-05,30000,25000,10000,2000,,,个人垫付,,,`,
  `F2,${P.longTerm},长期户,门诊慢特病,县级及以下,${HOSPITAL},2025-04-20,1000,1000,500,0,,,个人垫付,,,`,
  `F3,${P.poorSon},脱贫子,住院,市级,邵阳市中心医院,2025-05-02,50000,40000,20000,5000,,,个人垫付,中国银行,6217000011112222333,脱贫子`,
  `F4,${P.waiting},待账户,住院,县级及以下,${HOSPITAL},2025-05-03,2000,2000,1000,0,,,个人垫付,,,`,
  `F5,${P.longTerm},长期户,住院,县级及以下,=HYPERLINK("x"),2025-03-15,2000,2000,1000,0,,,一站式,,,`,
  `F6,${P.rich},富裕户,住院,省级,湘雅医院,2025-06-01,60000,30000,20000,5000,,,个人垫付,,,`,
];

describe('settlement file upload by the county', () => {
  it('refuses a role other than the county\'s before reading the file', async () => {
    const r = await upload('jiangkou', 's.csv', [HEADER, ...FILE].join('\n'));
    expect(r.statusCode).toBe(403);
    expect((await as('hospital', 'POST', '/api/medical/files?name=s.csv', Buffer.from(HEADER), { 'content-type': 'application/octet-stream' })).statusCode).toBe(403);
  });

  it('refuses a file with a bad row or a person of another county whole, with the rows\' errors, writing nothing', async () => {
    const r = await upload('county', 's.csv', [HEADER, ...FILE, `F9,${P.longhui},隆回人,住院,县级及以下,,2025-05-01,100,100,0,0,,,一站式,,,`, `F10,${P.rich},富裕户,住院,县级及以下,,2025-05-01,100,200,0,0,,,一站式,,,`].join('\n'));
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('ROW_ERRORS');
    expect(r.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[8, '身份证号'], [9, '政策范围内费用']]);
    expect(await database.db.select().from(medicalSettlements).where(like(medicalSettlements.settlementNo, 'F%'))).toEqual([]);
  });

  it('settles a good file, lists it and its settlements masked and inside the area only', async () => {
    const r = await upload('county', '结算-2025.csv', [HEADER, ...FILE].join('\n'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ rows: 6, settled: 6, skipped: 0, errors: [] });
    expect(Object.fromEntries(r.json().settlements.map((s: { settlementNo: string; assistanceYuan: number; topUpYuan: number }) => [s.settlementNo, [s.assistanceYuan, s.topUpYuan]])))
      .toEqual({ F1: [13000, 0], F2: [500, 0], F3: [10500, 9500], F4: [700, 100], F5: [1000, 0], F6: [0, 0] });
    expect((await upload('county', '结算-2025.csv', [HEADER, ...FILE].join('\n'))).json()).toMatchObject({ settled: 0, skipped: 6 });
    const files = (await as('county', 'GET', '/api/medical/files')).json().rows;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ fileName: '结算-2025.csv', settled: 6 });
    expect((await as('longhui', 'GET', '/api/medical/files')).json().rows).toEqual([]);
    const list = (await as('jiangkou', 'GET', '/api/medical/settlements?year=2025&pageSize=200')).json();
    expect(list.total).toBe(7);
    const f1 = list.rows.find((s: { settlementNo: string }) => s.settlementNo === 'F1');
    expect(f1.idNumber).not.toBe(P.longTerm);
    expect(f1.idNumber).toMatch(/\*/);
    expect(f1).toMatchObject({ householdNo: 'MD01', category: 'dibaoLongTerm', paymentStatus: 'owed', outOfPocketYuan: 5000, tempReliefProposed: true });
    expect((await as('longhui', 'GET', '/api/medical/settlements?year=2025')).json().rows.map((s: { settlementNo: string }) => s.settlementNo)).toEqual(['HS-LH']);
  });
});

describe('monthly statements owed to hospitals', () => {
  it('sums each hospital\'s 一站式 assistance and top-ups of the month; a hospital reads its own only', async () => {
    const s = (await as('county', 'GET', '/api/medical/statements?month=2025-03')).json();
    expect(s.totalYuan).toBe(5000);
    expect(s.hospitals.map((h: { hospitalName: string; totalYuan: number }) => [h.hospitalName, h.totalYuan])).toEqual([['=HYPERLINK("x")', 1000], [HOSPITAL, 4000]]);
    const own = (await as('hospital', 'GET', '/api/medical/statements?month=2025-03&hospital==HYPERLINK("x")')).json();
    expect(own.hospitals).toHaveLength(1);
    expect(own.hospitals[0]).toMatchObject({ hospitalName: HOSPITAL, settlements: 1, assistanceYuan: 2100, topUpYuan: 1900, totalYuan: 4000 });
    expect((await as('longhui', 'GET', '/api/medical/statements?month=2025-03')).json().hospitals.map((h: { hospitalName: string }) => h.hospitalName)).toEqual(['隆回县人民医院']);
    expect((await as('jiangkou', 'GET', '/api/medical/statements?month=2025-03')).statusCode).toBe(403);
    expect((await as('county', 'GET', '/api/medical/statements?month=2025-13')).statusCode).toBe(400);
  });

  it('writes the statement as xlsx, one sheet per hospital, with no cell a spreadsheet would run as a formula, and audits it', async () => {
    const r = await as('county', 'GET', '/api/medical/statements.xlsx?month=2025-03');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBe(2);
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => { expect(c.formula).toBeUndefined(); if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@]/); }));
    const ours = wb.worksheets.find((w) => String(w.getCell('A1').value).startsWith(HOSPITAL))!;
    expect(ours.getRow(ours.rowCount).values).toEqual([undefined, '合计', '', '', '', '', '1 笔', 2100, 1900, 4000]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'medical.statements.export'));
    expect(audit.at(-1)).toMatchObject({ actor: 'county', areaCode: '430525' });
  });
});

describe('医疗救助 in the monthly payroll', () => {
  it('pays 个人垫付 assistance and top-ups once per household and settlement month, to the entitlement account else the file\'s, listing those without one', async () => {
    const r = await as('county', 'POST', '/api/payroll/2025-06/prepare', {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().byProgram['医疗救助']).toBe(13500 + 20000);
    const lines = await database.db.select().from(payrollLines).where(eq(payrollLines.program, '医疗救助'));
    const byHousehold = Object.fromEntries(lines.map((l) => [l.householdId, l]));
    expect(byHousehold[ids.MD01]).toMatchObject({ period: '2025-04', kind: 'regular', amountFen: 13500_00, payee: { accountNo: '623090123456789001' } });
    expect(byHousehold[ids.MD01].entitlementId).not.toBeNull();
    expect(byHousehold[ids.MD04]).toMatchObject({ period: '2025-05', kind: 'regular', amountFen: 20000_00, entitlementId: null, payee: { accountNo: '6217000011112222333', accountName: '脱贫子', idNumber: P.poorSon } });
    expect(byHousehold[ids.MD05]).toBeUndefined();
    expect(r.json().needsReview).toEqual(expect.arrayContaining([expect.objectContaining({ householdNo: 'MD05', program: '医疗救助', month: '2025-05', reason: expect.stringContaining('等待银行账户') })]));
    // Re-preparing the month gives the same lines.
    expect((await as('county', 'POST', '/api/payroll/2025-06/prepare', {})).json().byProgram['医疗救助']).toBe(33500);
    expect(await database.db.select().from(payrollLines).where(eq(payrollLines.program, '医疗救助'))).toHaveLength(2);
  });

  it('puts the lines in the bank file and marks their settlements paid on approval, so a later month never pays them again', async () => {
    expect((await as('county2', 'POST', '/api/payroll/2025-06/approve', {})).statusCode).toBe(200);
    const status = Object.fromEntries((await database.db.select().from(medicalSettlements).where(like(medicalSettlements.settlementNo, 'F%'))).map((s) => [s.settlementNo, s.paymentStatus]));
    expect(status).toMatchObject({ F1: 'paid', F2: 'paid', F3: 'paid', F4: 'waitingAccount', F5: 'hospital', F6: 'none' });
    const bank = (await as('county', 'GET', '/api/payroll/2025-06/bank-file?format=csv')).body;
    expect(bank).toContain('13500.00,医疗救助,2025-04');
    expect(bank).toContain('20000.00,医疗救助,2025-05');

    // A late settlement of an April already paid: a 补发 line of that month, and nothing else again.
    const late = await upload('county', 'late.csv', [HEADER, `F7,${P.longTerm},长期户,门诊慢特病,县级及以下,,2025-04-28,400,400,100,0,,,个人垫付,,,`].join('\n'));
    expect(late.statusCode, late.body).toBe(200);
    const next = await as('county', 'POST', '/api/payroll/2025-07/prepare', {});
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().byProgram['医疗救助']).toBe(300);
    const july = await database.db.select().from(payrollLines).where(and(eq(payrollLines.program, '医疗救助'), eq(payrollLines.kind, 'back')));
    expect(july).toMatchObject([{ householdId: ids.MD01, period: '2025-04', amountFen: 300_00 }]);
  });

  it('leaves what is owed to a household closed since to a person instead of paying it', async () => {
    await add('MD07', [{ name: '迁出户', idNumber: P.movedAway, monthlyIncomeYuan: 3000 }], { registeredPoor: true });
    const r = await upload('county', 'moved.csv', [HEADER, `F8,${P.movedAway},迁出户,门诊慢特病,县级及以下,,2025-06-10,2000,2000,1000,0,,,个人垫付,中国银行,6217000011112222444,迁出户`].join('\n'));
    expect(r.statusCode, r.body).toBe(200);
    await closeHousehold(database.db, countyAdmin, ids.MD07, '迁出');
    const next = (await as('county', 'POST', '/api/payroll/2025-07/prepare', {})).json();
    expect(next.byProgram['医疗救助']).toBe(300);
    expect(next.needsReview).toEqual(expect.arrayContaining([expect.objectContaining({ householdNo: 'MD07', program: '医疗救助', reason: expect.stringContaining('家庭已注销') })]));
  });
});

describe('the household page, the 综合救助意见, monitoring and figures', () => {
  it('summarises each member\'s category, the year\'s assistance and the cap left, and proposes 临时救助 above the pack\'s threshold', async () => {
    const r = await as('jiangkou', 'GET', `/api/households/${ids.MD01}/medical?year=2025`);
    expect(r.statusCode, r.body).toBe(200);
    const m = r.json().members[0];
    // 13000 + 500 + 1000 + 300 this year against the 30000 cap.
    expect(m).toMatchObject({ name: '长期户', yearAssistedYuan: 14800, capYuan: 30000, capRemainingYuan: 15200 });
    expect(r.json().settlements).toHaveLength(4);
    expect(r.json().tempRelief).toEqual([{ settlementNo: 'F1', memberName: '长期户', outOfPocketYuan: 5000, thresholdYuan: 500 }]);
    expect((await as('longhui', 'GET', `/api/households/${ids.MD01}/medical`)).statusCode).toBe(404);
  });

  it('names medical assistance with the category and ratio in the 综合救助意见', async () => {
    const r = await as('county', 'GET', `/api/households/${ids.MD04}/screening`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().medical.members.map((x: { name: string; category: string; ratio: number }) => [x.name, x.category, x.ratio])).toEqual([['脱贫母', 'registeredPoor', 0.7], ['脱贫子', 'registeredPoor', 0.7]]);
    expect(r.json().medical.members[0].text).toContain('70%');
  });

  it('raises the medical-expense warning once for a person whose out-of-pocket cost in the year passes the pack\'s threshold', async () => {
    await runMonitor(database.db, '2025-06-30', '430525', 'test');
    await runMonitor(database.db, '2025-06-30', '430525', 'test');
    const w = await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.rule, 'medicalExpense'));
    // 富裕户: 60000 − 20000 − 5000 = 35000 > 20000; 长期户's 5000 and the others stay below.
    expect(w.map((x) => x.householdId)).toEqual([ids.MD06]);
    expect(w[0].message).toContain('35000');
  });

  it('gives the figures of the user\'s area: by category and township, the registered-poor inpatient ratio against the target, one-stop share, premium coverage', async () => {
    const f = (await as('county', 'GET', '/api/medical/figures?year=2025')).json();
    expect(f.byCategory.find((c: { category: string }) => c.category === 'dibaoLongTerm')).toMatchObject({ persons: 1, settlements: 4, assistanceYuan: 14800 });
    // HS1, F1–F5, F7 and F8 were assisted (F6 of 富裕户 got nothing).
    expect(f.byTownship).toMatchObject([{ code: '430525101', settlements: 8 }]);
    // Registered-poor inpatients: HS1 (10000, reimbursed 9000) and F3 (50000, 45000); F4 (2000, 1000 + 700 + 100).
    expect(f.registeredPoorInpatient).toMatchObject({ settlements: 3, totalYuan: 62000, reimbursedYuan: 55800, ratio: 0.9, targetRatio: 0.9 });
    expect(f.oneStop).toMatchObject({ oneStopSettlements: 2 });
    expect(f.premium).toMatchObject({ date: '2025-12-31' });
    expect((await as('longhui', 'GET', '/api/medical/figures?year=2025')).json().byCategory.map((c: { category: string }) => c.category)).toEqual(['registeredPoor']);
  });
});

describe('premium subsidies and the identity list', () => {
  it('lists them masked inside the area, and downloads full ID numbers only for a role that may reveal, audited', async () => {
    const ids2 = (await as('county', 'GET', '/api/medical/identities?date=2025-06-30')).json();
    expect(ids2.rows.map((r: { householdNo: string }) => r.householdNo)).toEqual(expect.arrayContaining(['MD01', 'MD04']));
    expect(ids2.rows.every((r: { idNumber: string }) => r.idNumber.includes('*'))).toBe(true);
    expect((await as('longhui', 'GET', '/api/medical/identities?date=2025-06-30')).json().rows.map((r: { householdNo: string }) => r.householdNo)).toEqual(['LH01']);
    const csv = await as('county', 'GET', '/api/medical/identities?date=2025-06-30&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(P.longTerm);
    const premium = await as('county', 'GET', '/api/medical/premium?year=2025&date=2025-06-30&format=xlsx');
    expect(premium.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(premium.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getColumn(1).values).toContain(P.longTerm);
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.actor, 'county'))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['medical.identities.export.reveal', 'medical.premium.export.reveal']));
    expect((await as('jiangkou', 'GET', '/api/medical/premium?year=2025&date=2025-06-30')).statusCode).toBe(403);
    expect((await as('county', 'GET', '/api/medical/premium?year=2025&date=2025-02-30')).statusCode).toBe(400);
  });
});
