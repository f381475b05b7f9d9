/**
 * A county's money from roster to bank and back (PAYROLL.md), on PGlite and PostgreSQL: the roster
 * imports; a month is prepared, approved by a second person, turned into a bank file; the bank's
 * return with a failure is taken (twice, changing nothing) and the failure is paid in the next month;
 * a back-dated standard rise gives exactly the right back-payments; a cut gives recoveries, never
 * negative lines; re-running changes nothing; the database refuses a second payment; tampering shows.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../db/connection.ts';
import { entitlements, entitlementSnapshots, payrollFiles, payrollLines, payrolls, recoveries } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { saveHousehold } from '../registry/store.ts';
import { publishPolicy } from '../policy/store.ts';
import { evaluate } from '../policy/evaluate.ts';
import { parseHousehold } from '../policy/household.ts';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { yuanToFen } from '../domain/money.ts';
import { BANK_COLUMNS, issueBankFile, takeReturnFile } from './bankFile.ts';
import { createEntitlement, endEntitlement, listEntitlements, takeSnapshot } from './entitlements.ts';
import { PaymentFiles } from './files.ts';
import { approvePayroll, approveRecovery, runPayroll, verifyPayroll } from './payroll.ts';
import { PolicySource } from './policySource.ts';
import { importRoster } from './roster.ts';
import { addUser, packWithRuralStandard } from './testing.ts';

let database: Database;
let db: Database['db'];
const dir = mkdtempSync(join(tmpdir(), 'doudi-payroll-'));
const files = new PaymentFiles(join(dir, 'payments'));
const preparer = { username: 'minzheng', via: 'ui' as const };
const V1 = { '2024-01-01': 420, '2024-07-01': 450 };

async function addHousehold(ledgerKey: string, areaCode: string, incomes: number[]) {
  const names = ['赵大山', '钱秀英', '孙小明'];
  return (await saveHousehold(db, countyAdmin, null, {
    areaCode, ledgerKey, hukou: 'rural',
    members: incomes.map((income, i) => ({ name: names[i], idNumber: person(`19${70 + i}-05-0${i + 1}`, i === 1 ? 'female' : 'male'),
      relation: i === 0 ? 'head' : i === 1 ? 'spouse' : 'child', monthlyIncomeYuan: income, laborCapacity: 'full' })),
  }, null)).id;
}

const published = () => PolicySource.published(db);
const run = (month: string, by = preparer) => runPayroll(db, { month, area: '430525', policy: published(), by });
const linesOf = async (month: string) => db.select({ l: payrollLines }).from(payrollLines).innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
  .where(eq(payrolls.month, month)).orderBy(asc(payrollLines.id)).then((r) => r.map((x) => x.l));

function rosterCsv(rows: string[][]): Buffer {
  const header = ['户编号', '救助项目', '起始年月', '开户银行', '银行账号', '账户名', '原保障金额'];
  return Buffer.from([['在保对象花名册'], header, ...rows].map((r) => r.join(',')).join('\n'), 'utf8');
}
const ROSTER = rosterCsv([
  ['DK0001', '低保', '2024-01', '洞口农商银行', '6230901234567890123', '赵大山', '800'],
  ['DK0002', '低保', '2024年1月', '洞口农商银行', '6230901234567890124', '赵大山', ''],
  ['DK0003', '低保', '2024-01', '中国邮政储蓄银行', '6210981234567890125', '=HYPERLINK("http://x")', ''],
]);

/** The amount the engine gives a stored household under a pack text on a month's first day, in fen. */
function engineFen(yaml: string, snapshot: unknown, month: string): number {
  const ev = evaluate(resolvePack(loadPack(yaml), `${month}-01`), parseHousehold(snapshot));
  return ev.benefits.filter((b) => (b.program === 'dibao' || b.program === 'dibao.single') && b.status !== 'ineligible').reduce((s, b) => s + yuanToFen(b.monthlyYuan ?? 0), 0);
}

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await publishPolicy(db, countyAdmin, packWithRuralStandard(V1), 'v1');
  await addHousehold('DK0001', JIANGKOU_VILLAGE, [0, 0]);
  await addHousehold('DK0002', JIANGKOU_VILLAGE, [100, 0, 0]);
  await addHousehold('DK0003', YULAN_VILLAGE, [50]);
  await addUser(db, 'minzheng', 'county_staff', '430525');
  await addUser(db, 'admin', 'county_admin', '430525');
  await addUser(db, 'jiangkou', 'township_staff', '430525101');
  await addUser(db, 'gone', 'county_staff', '430525', true);
}, 60_000);
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('payroll from roster to bank and back', () => {
  it('imports the roster all or nothing, lists amounts that differ, and creates nothing when re-imported', async () => {
    const bad = rosterCsv([['DK0001', '低保', '2024-13', '银行', '123', '赵大山', ''], ['DK9999', '五保', '2024-01', '银行', '6230901234567890123', '', '']]);
    const refused = await importRoster(db, { source: { buffer: bad }, fileName: 'bad.csv', policy: published(), dryRun: false, actor: 'cli', month: '2024-02' });
    expect(refused.errors).toEqual([
      { row: 3, column: '起始年月', message: expect.stringContaining('YYYY-MM') },
      { row: 3, column: '银行账号', message: '应为 12–30 位数字' },
      { row: 4, column: '救助项目', message: expect.any(String) },
      { row: 4, column: '账户名', message: '必填，不能为空' },
    ]);
    expect(await db.select().from(entitlements)).toHaveLength(0);

    const dry = await importRoster(db, { source: { buffer: ROSTER }, fileName: 'roster.csv', policy: published(), dryRun: true, actor: 'cli', month: '2024-02' });
    expect(dry).toMatchObject({ rows: 3, entitlements: 3, created: 3, errors: [] });
    expect(await db.select().from(entitlements)).toHaveLength(0);
    const first = await importRoster(db, { source: { buffer: ROSTER }, fileName: 'roster.csv', policy: published(), dryRun: false, actor: 'cli', month: '2024-02' });
    expect(first).toMatchObject({ rows: 3, entitlements: 3, created: 3, errors: [] });
    // 2 members, no income, standard 420: 840 computed against 800 paid before.
    expect(first.differences).toEqual([{ householdNo: 'DK0001', program: '低保', previousYuan: 800, computedYuan: 840 }]);
    const again = await importRoster(db, { source: { buffer: ROSTER }, fileName: 'roster.csv', policy: published(), dryRun: false, actor: 'cli', month: '2024-02' });
    expect(again).toMatchObject({ created: 0, entitlements: 3, errors: [] });
    expect(await db.select().from(entitlements)).toHaveLength(3);
  }, 60_000);

  it('prepares a month idempotently, and the preparer cannot approve it', async () => {
    const r = await run('2024-02');
    expect(r).toEqual({ month: '2024-02', status: 'prepared', households: 3, lines: 3, totalYuan: 840 + 1160 + 370, byProgram: { 低保: 2370 }, backPayYuan: 0, recoveries: [], needsReview: [] });
    const before = await linesOf('2024-02');
    expect(await run('2024-02')).toEqual(r);
    expect(await linesOf('2024-02')).toEqual(before);
    await expect(approvePayroll(db, '2024-02', undefined, { username: 'minzheng', via: 'ui' })).rejects.toMatchObject({ code: 'TWO_PERSON', status: 403 });
    // Through the command line too: who prepared it in the UI cannot approve it anywhere.
    await expect(approvePayroll(db, '2024-02', undefined, { username: 'minzheng', via: 'cli' })).rejects.toMatchObject({ code: 'TWO_PERSON' });
    await expect(approvePayroll(db, '2024-02', undefined, { username: 'jiangkou', via: 'ui' })).rejects.toMatchObject({ code: 'INVALID_APPROVER', path: 'by' });
    await expect(approvePayroll(db, '2024-02', undefined, { username: 'gone', via: 'cli' })).rejects.toMatchObject({ code: 'INVALID_APPROVER' });
    await expect(approvePayroll(db, '2024-02', undefined, { username: 'nobody', via: 'cli' })).rejects.toMatchObject({ code: 'INVALID_APPROVER' });
    expect((await db.select().from(payrolls))[0].status).toBe('prepared');
  }, 60_000);

  it('is approved by a second person, locked against re-running, and verifies', async () => {
    expect(await approvePayroll(db, '2024-02', undefined, { username: 'admin', via: 'ui' })).toMatchObject({ status: 'approved', approvedBy: 'admin', lines: 3, totalYuan: 2370 });
    await expect(run('2024-02')).rejects.toMatchObject({ code: 'PAYROLL_APPROVED', path: 'month' });
    await expect(approvePayroll(db, '2024-02', undefined, { username: 'admin', via: 'ui' })).rejects.toMatchObject({ code: 'PAYROLL_APPROVED' });
    expect(await verifyPayroll(db, '2024-02')).toMatchObject({ ok: true, lines: 3, problems: [] });
  });

  it('writes the bank file with the contract columns, the total line and formula-safe cells, and keeps its bytes', async () => {
    const f = await issueBankFile(db, files, { month: '2024-02', format: 'csv', actor: 'admin' });
    const text = f.bytes.toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(BANK_COLUMNS.join(','));
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('合计,,,,,2370.00,,,,');
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['1', '2', '3']);
    expect(lines.find((l) => l.includes('6230901234567890123'))).toMatch(/^\d,赵大山,6230901234567890123,洞口农商银行,\d{17}[\dX],840\.00,低保,2024-02,江口镇,江口村/);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await files.get(f.sha256)).equals(f.bytes)).toBe(true);
    expect(readdirSync(join(dir, 'payments', f.sha256.slice(0, 2)))).toContain(f.sha256);
    expect(await db.select().from(payrollFiles).where(eq(payrollFiles.sha256, f.sha256))).toMatchObject([{ kind: 'bank', format: 'csv', bytes: f.bytes.length }]);

    const x = await issueBankFile(db, files, { month: '2024-02', format: 'xlsx', actor: 'admin' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...BANK_COLUMNS]);
    const injected = [2, 3, 4].map((r) => ws.getRow(r).getCell(2).value).find((v) => String(v).includes('HYPERLINK'));
    expect(injected).toBe(`'=HYPERLINK("http://x")`);
    expect([2, 3, 4].map((r) => ws.getRow(r).getCell(3).value)).toContain('6230901234567890124');
    expect(ws.getRow(5).getCell(1).value).toBe('合计');
    expect(ws.getRow(5).getCell(6).value).toBe(2370);
  });

  it('takes a return file with a failure, changes nothing when it is taken again, and pays the failure in the next month', async () => {
    const bank = (await issueBankFile(db, files, { month: '2024-02', format: 'csv', actor: 'admin' })).bytes.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const rows = bank.slice(0, -1).map((l, i) => (i === 0 ? `${l},结果,失败原因` : `${l},${i === 2 ? '失败,账户已销户' : '成功,'}`));
    const ret = Buffer.from(rows.join('\n') + '\n' + bank[bank.length - 1], 'utf8');
    expect(await takeReturnFile(db, files, { month: '2024-02', source: { buffer: ret }, fileName: 'return.csv', actor: 'admin' })).toEqual({ paid: 2, failed: 1, errors: [] });
    const after = await linesOf('2024-02');
    expect(after.map((l) => l.bankStatus).sort()).toEqual(['failed', 'paid', 'paid']);
    expect(await takeReturnFile(db, files, { month: '2024-02', source: { buffer: ret }, fileName: 'return.csv', actor: 'admin' })).toEqual({ paid: 2, failed: 1, errors: [] });
    expect(await linesOf('2024-02')).toEqual(after);
    expect(await db.select().from(payrollFiles).where(eq(payrollFiles.kind, 'return'))).toHaveLength(1);

    // A return file that contradicts the bank file is refused whole, naming row and column.
    const at = rows.findIndex((l) => l.includes(',840.00,'));
    const wrong = Buffer.from(rows.map((l, i) => (i === at ? l.replace('840.00', '850.00') : l)).join('\n'), 'utf8');
    const refused = await takeReturnFile(db, files, { month: '2024-02', source: { buffer: wrong }, fileName: 'wrong.csv', actor: 'admin' });
    expect(refused.errors).toEqual([{ row: at + 1, column: '金额', message: expect.stringContaining('840.00') }]);

    const failed = after.find((l) => l.bankStatus === 'failed')!;
    const march = await run('2024-03');
    expect(march).toMatchObject({ lines: 4, backPayYuan: 0, totalYuan: 2370 + failed.amountFen / 100 });
    const repay = (await linesOf('2024-03')).find((l) => l.kind === 'repay')!;
    expect(repay).toMatchObject({ householdId: failed.householdId, program: '低保', period: '2024-02', amountFen: failed.amountFen, detail: { repays: [failed.id] } });
    await approvePayroll(db, '2024-03', undefined, { username: 'admin', via: 'ui' });
  }, 60_000);

  it('pays exactly the difference of a back-dated standard rise for the approved months it reaches, and re-running changes nothing', async () => {
    const v2 = packWithRuralStandard({ '2024-01-01': 420, '2024-03-01': 440, '2024-07-01': 450 });
    await publishPolicy(db, countyAdmin, v2, 'v2: 2024-03 起 440 元');
    const april = await run('2024-04');
    const lines = await linesOf('2024-04');
    const back = lines.filter((l) => l.kind === 'back');
    const snaps = { rows: await db.select({ household_id: entitlements.householdId, snapshot: entitlementSnapshots.snapshot }).from(entitlementSnapshots)
      .innerJoin(entitlements, eq(entitlements.id, entitlementSnapshots.entitlementId)) };
    const v1 = packWithRuralStandard(V1);
    const expected = new Map(snaps.rows.map((s) => [s.household_id, engineFen(v2, s.snapshot, '2024-03') - engineFen(v1, s.snapshot, '2024-03')]));
    // Only March (the rise is dated 2024-03-01): one back line per household, the exact difference.
    expect(back.map((l) => l.period)).toEqual(['2024-03', '2024-03', '2024-03']);
    for (const l of back) expect(l.amountFen).toBe(expected.get(l.householdId));
    expect(back.reduce((s, l) => s + l.amountFen, 0)).toBe(4000 + 6000 + 2000);
    expect(april.backPayYuan).toBe(120);
    for (const l of lines.filter((x) => x.kind === 'regular')) expect(l.amountFen).toBe(engineFen(v2, snaps.rows.find((s) => s.household_id === l.householdId)!.snapshot, '2024-04'));
    expect(await run('2024-04')).toEqual(april);
    expect(await linesOf('2024-04')).toEqual(lines);
  }, 60_000);

  it('lists a back-dated cut as recoveries with their own approval, never as a negative line', async () => {
    const v3 = packWithRuralStandard({ '2024-01-01': 420, '2024-02-01': 400, '2024-03-01': 440, '2024-07-01': 450 });
    await publishPolicy(db, countyAdmin, v3, 'v3: 2024-02 为 400 元');
    const april = await run('2024-04', { username: 'admin', via: 'ui' });
    expect(april.recoveries.map((r) => [r.householdNo, r.period, r.recoveryYuan])).toEqual([['DK0001', '2024-02', 40], ['DK0002', '2024-02', 60], ['DK0003', '2024-02', 20]]);
    expect(april.recoveries[0]).toMatchObject({ paidYuan: 840, computedYuan: 800, status: 'proposed' });
    expect((await linesOf('2024-04')).every((l) => l.amountFen > 0)).toBe(true);
    const [rec] = await db.select().from(recoveries).where(eq(recoveries.amountFen, 4000));
    await expect(approveRecovery(db, rec.id, { username: 'admin', areaCode: '430525' }, null)).rejects.toMatchObject({ code: 'TWO_PERSON' });
    await approveRecovery(db, rec.id, { username: 'minzheng', areaCode: '430525' }, '已通知退回');
    const again = await run('2024-04', { username: 'admin', via: 'ui' });
    expect(again.recoveries.map((r) => r.householdNo)).toEqual(['DK0002', 'DK0003']);
    expect(await db.select().from(recoveries)).toHaveLength(3);
  }, 60_000);

  it('pays a recipient imported from the old roster in the month being prepared, never back for approved months the old system paid', async () => {
    await addHousehold('DK0004', YULAN_VILLAGE, [0]);
    const late = rosterCsv([['DK0004', '低保', '2024-01', '洞口农商银行', '6230901234567890126', '赵大山', '420']]);
    expect(await importRoster(db, { source: { buffer: late }, fileName: 'late.csv', policy: published(), dryRun: false, actor: 'cli', month: '2024-04' })).toMatchObject({ created: 1 });
    const april = await run('2024-04', { username: 'admin', via: 'ui' });
    const lines = (await linesOf('2024-04')).filter((l) => l.payee && (l.payee as { accountNo: string }).accountNo === '6230901234567890126');
    expect(lines.map((l) => [l.kind, l.period])).toEqual([['regular', '2024-04']]);
    expect(april.backPayYuan).toBe(120);
  }, 60_000);

  it('makes a second payment of the same household, program, month and kind impossible in the database itself', async () => {
    const [l] = await linesOf('2024-02');
    const [p] = await db.select().from(payrolls).where(eq(payrolls.month, '2024-04'));
    const insert = sql`insert into payroll_lines (payroll_id, entitlement_id, household_id, area_code, program, period, kind, amount_fen, payee, detail)
      values (${p.id}, ${l.entitlementId}, ${l.householdId}, ${l.areaCode}, ${l.program}, ${l.period}, 'regular', ${l.amountFen}, '{}'::jsonb, '{}'::jsonb)`;
    await expect(db.execute(insert)).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
    const negative = sql`insert into payroll_lines (payroll_id, entitlement_id, household_id, area_code, program, period, kind, amount_fen, payee, detail)
      values (${p.id}, ${l.entitlementId}, ${l.householdId}, ${l.areaCode}, ${l.program}, '2023-01', 'regular', -100, '{}'::jsonb, '{}'::jsonb)`;
    await expect(db.execute(negative)).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23514' }) });
  });

  it('detects an approved line edited, or removed, after approval', async () => {
    const [l] = await linesOf('2024-03');
    await db.update(payrollLines).set({ amountFen: l.amountFen + 100 }).where(eq(payrollLines.id, l.id));
    const tampered = await verifyPayroll(db, '2024-03');
    expect(tampered.ok).toBe(false);
    expect(tampered.problems).toContainEqual({ lineId: l.id, problem: expect.stringContaining('哈希不符') });
    await db.update(payrollLines).set({ amountFen: l.amountFen }).where(eq(payrollLines.id, l.id));
    expect((await verifyPayroll(db, '2024-03')).ok).toBe(true);
    await db.update(payrollLines).set({ payee: { ...(l.payee as object), accountNo: '6222000000000000000' } }).where(eq(payrollLines.id, l.id));
    expect((await verifyPayroll(db, '2024-03')).problems.map((x) => x.lineId)).toContain(l.id);
    await db.update(payrollLines).set({ payee: l.payee }).where(eq(payrollLines.id, l.id));
    const [last] = (await linesOf('2024-03')).slice(-1);
    await db.delete(payrollLines).where(eq(payrollLines.id, last.id));
    expect((await verifyPayroll(db, '2024-03')).problems.map((x) => x.lineId)).toContain(null);
  });
});

describe('entitlements: a registry change reaches the money only through a new snapshot', () => {
  it('keeps paying from the snapshot until a decision takes a new one, from its month on', async () => {
    const id = await addHousehold('DK0100', JIANGKOU_VILLAGE, [0]);
    const snapshot = { id, hukou: 'rural', members: [{ id: 'P1', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 0 }] };
    const e = await db.transaction((tx) => createEntitlement(tx as unknown as Database['db'], { householdId: id, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: '2024-05',
      bank: { bankName: '洞口农商银行', accountNo: '6230900000000000100', accountName: '赵大山' }, snapshot, source: { kind: 'case', caseId: 'C1' }, actor: 'admin' }));
    await expect(createEntitlement(db, { householdId: id, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: '2024-05', bank: null, snapshot,
      source: { kind: 'case', caseId: 'C2' }, actor: 'admin' })).rejects.toMatchObject({ code: 'ENTITLEMENT_EXISTS', status: 409 });
    await expect(createEntitlement(db, { householdId: id, areaCode: JIANGKOU_VILLAGE, program: '特困', startMonth: '2024-5', bank: null, snapshot,
      source: { kind: 'case', caseId: 'C2' }, actor: 'admin' })).rejects.toMatchObject({ path: 'startMonth' });
    const income = (yuan: number) => ({ ...snapshot, members: [{ ...snapshot.members[0], monthlyIncomeYuan: yuan }] });
    await takeSnapshot(db, e.id, income(200), '2024-07', 'admin', '复核调整：务工收入');
    const [view] = await listEntitlements(db, '430525101', id);
    expect(view).toMatchObject({ status: 'active', bank: { accountNo: '***************0100' }, snapshots: [{ fromMonth: '2024-05' }, { fromMonth: '2024-07' }] });
    expect(await listEntitlements(db, '430525102', id)).toEqual([]);
    await endEntitlement(db, e.id, '2024-08', '收入超过标准', 'admin');
    await expect(endEntitlement(db, e.id, '2024-08', '再次', 'admin')).rejects.toMatchObject({ code: 'ENTITLEMENT_ENDED' });
    const rows = await db.select().from(entitlements).where(and(eq(entitlements.id, e.id)));
    expect(rows[0].endMonth).toBe('2024-08');
  });
});
