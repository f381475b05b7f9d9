/**
 * The commands as ../shared/contract/MEDICAL.md calls them: on an embedded database in a temporary
 * DOUDI_DATA, or (with DOUDI_TEST_DATABASE_URL) on a PostgreSQL database copied from the run's template.
 * A refused file and the settled one go through a separate process (`node bin/doudi.js`, as the outside
 * checks run it); the other calls run the same commands in this process. A registry with 低保, 特困, 建档立卡 and low-income households is seeded; settlement files
 * (UTF-8, GBK, xlsx with full-width and spaced headers) go through `doudi medical settle`, then the
 * premium subsidies and the identity list are asked for.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parseDocument } from 'yaml';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { createEntitlement, type Program } from '../payments/entitlements.ts';
import { loadSnapshots, saveHousehold } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { auditLog } from '../auth/schema.ts';
import { medicalFiles, medicalSettlements } from './schema.ts';
import { migratedDataDir, testServerDatabase } from '../test-support/db.ts';
import { doudiInProcess, doudiProcess, type DoudiRun } from '../test-support/doudi.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-medical-'));
const server = process.env.DOUDI_TEST_DATABASE_URL || '';
const data = server ? join(dir, 'data') : migratedDataDir(join(dir, 'data'));
let databaseUrl = '';
let dropDatabase = async () => {};

const env = () => ({ DOUDI_DATA: data, DATABASE_URL: databaseUrl, DOUDI_MEDICAL_DIR: '' });
function result(r: DoudiRun): { status: number | null; json: Record<string, any>; stderr: string } {
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  return { status: r.status, json: lines.length === 1 ? JSON.parse(lines[0]) : {}, stderr: r.stderr };
}
/** `doudi medical ARGS…` in this process (src/test-support/doudi.ts); `doudiAsProcess` for the calls that prove the process end of the contract. */
const doudi = async (...args: string[]) => result(await doudiInProcess(['medical', ...args], env()));
const doudiAsProcess = (...args: string[]) => result(doudiProcess(['medical', ...args], env()));

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const d = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: data });
  try { return await fn(d.db); } finally { await d.close(); }
}

// The demo pack of 洞口县 with 正安's top-up and 沿河's severe-mental rule switched on, and an ICD-10 mapping.
const doc = parseDocument(readFileSync(join(process.cwd(), 'policies', 'demo-dongkou.yaml'), 'utf8'));
doc.setIn(['parameters', 'medical', 'topUp'], doc.createNode({ ratio: 0.9 }));
doc.setIn(['parameters', 'medical', 'severeMental'], doc.createNode({ fullCover: true }));
doc.setIn(['parameters', 'medical', 'diseaseCodes'], doc.createNode({ C50: 'breast_cancer' }));
const PACK = join(dir, 'pack.yaml');
writeFileSync(PACK, doc.toString());

const P = {
  longTerm: person('1950-02-01'), dibaoHead: person('1975-03-01'), dibaoSpouse: person('1977-04-01', 'female'),
  tekun: person('1940-05-01'), poor: person('1968-06-01', 'female'), poorSon: person('1992-07-01'),
  lowHead: person('1980-08-01'), lowChild: person('2015-09-01', 'female'), rich: person('1970-10-01'), outsider: person('1990-11-01'),
};

beforeAll(async () => {
  if (server) ({ url: databaseUrl, drop: dropDatabase } = await testServerDatabase(server));
  await withDb(async (db) => {
    const add = async (ledgerKey: string, members: Record<string, unknown>[], extra: Record<string, unknown> = {}, program?: Program) => {
      const { id } = await saveHousehold(db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey, hukou: 'rural', ...extra,
        members: members.map((m, i) => ({ relation: i === 0 ? 'head' : 'child', ...m })) }, null);
      if (program) {
        const s = (await loadSnapshots(db, [id])).get(id)!;
        await createEntitlement(db, { householdId: id, areaCode: JIANGKOU_VILLAGE, program, startMonth: '2024-01',
          bank: { bankName: '洞口农商银行', accountNo: '6230901234567890' + ledgerKey.slice(-2), accountName: String(members[0].name) },
          snapshot: toEvaluationInput(s.household, s.members), source: { kind: 'roster', fileSha256: 'test', row: 1 }, actor: 'test' });
      }
    };
    await add('MD01', [{ name: '长期户', idNumber: P.longTerm, laborCapacity: 'none', monthlyIncomeYuan: 0 }], {}, '低保');
    await add('MD02', [{ name: '低保主', idNumber: P.dibaoHead, laborCapacity: 'full', monthlyIncomeYuan: 300 },
      { name: '低保妻', idNumber: P.dibaoSpouse, relation: 'spouse', laborCapacity: 'partial', monthlyIncomeYuan: 0 }], {}, '低保');
    await add('MD03', [{ name: '特困人', idNumber: P.tekun, laborCapacity: 'none', supporter: 'none', monthlyIncomeYuan: 0 }], {}, '特困');
    await add('MD04', [{ name: '脱贫母', idNumber: P.poor, monthlyIncomeYuan: 3000 }, { name: '脱贫子', idNumber: P.poorSon, monthlyIncomeYuan: 3000 }], { registeredPoor: true });
    await add('MD05', [{ name: '低收入', idNumber: P.lowHead, monthlyIncomeYuan: 500 }, { name: '低收入女', idNumber: P.lowChild, monthlyIncomeYuan: 0 }]);
    await add('MD06', [{ name: '富裕户', idNumber: P.rich, monthlyIncomeYuan: 9000 }]);
  });
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

const HEADER = '结算编号,身份证号,姓名,就诊类型,医院级别,医院名称,结算日期,医疗总费用,政策范围内费用,基本医保支付,大病保险支付,医疗救助支付,病种,结算方式,开户银行,银行账号,账户名';
const ROWS = [
  // Given out of order: settled by date, then number.
  `YB002,${P.longTerm},长期户,住院,县级及以下,洞口县人民医院,2024-05-01,40000,36000,10000,2000,,,一站式,,,`,
  `YB001,${P.longTerm},长期户,住院,县级及以下,洞口县人民医院,2024-03-01,20000,18000,8000,2000,,,一站式,,,`,
  `YB003,${P.dibaoHead},低保主,门诊慢特病,市级,邵阳市中心医院,2024-04-01,1000,900,400,0,,malignant_tumor,个人垫付,,,`,
  `YB004,${P.poor},脱贫母,住院,县级及以下,洞口县人民医院,2024-04-02,10000,6000,4000,500,,C50,一站式,,,`,
  `YB005,${P.outsider},外来人,住院,省级,湖南省人民医院,2024-04-03,5000,5000,2000,0,100,,个人垫付,中国银行,6217000011112222333,外来人`,
  `YB006,${P.dibaoSpouse},低保妻,普通门诊,县级及以下,,2024-04-04,300,300,100,0,,,个人垫付,,,`,
  `YB007,${P.tekun},特困人,住院,县级及以下,洞口县精神病医院,2024-06-01,5000,4000,2000,0,,severe_mental,一站式,,,`,
];

function file(name: string, text: string, encoding: 'utf8' | 'bom' | 'gbk' = 'utf8'): string {
  const path = join(dir, name);
  writeFileSync(path, encoding === 'gbk' ? iconv.encode(text, 'gbk') : encoding === 'bom' ? '\uFEFF' + text : text);
  return path;
}

const counts = () => withDb(async (db) => ({
  settlements: (await db.select({ n: count() }).from(medicalSettlements))[0].n,
  files: (await db.select({ n: count() }).from(medicalFiles))[0].n,
  audit: (await db.select({ n: count() }).from(auditLog))[0].n,
}));

describe('doudi medical settle / premium / identities', () => {
  const main = file('结算.csv', [HEADER, ...ROWS].join('\n'), 'bom');

  it('refuses a file with any bad row whole, naming each row and column, and writes nothing', async () => {
    const before = await counts();
    const bad = file('bad.csv', [HEADER, ROWS[0],
      `YB101,${P.dibaoHead.slice(0, 17)}0,低保主,住院,县级及以下,,2024-04-01,100,100,0,0,,,一站式,,,`,
      `YB102,${P.dibaoHead},低保主,住院,县级及以下,,2024-04-01,100,120,0,0,,,一站式,,,`,
      `YB103,${P.dibaoHead},低保主,急诊,县级及以下,,2099-04-01,-5,1.234,0,0,,,现金,,,`,
      `YB104,${P.dibaoHead},低保主,住院,县级及以下,,2024-04-01,100,100,60,50,,,一站式,,,`,
      `YB105,${P.dibaoHead},低保主,住院,县级及以下,,2024-04-01,100,100,0,0,,flu,一站式,,,`,
    ].join('\n'));
    const r = doudiAsProcess('settle', bad, '--policy', PACK);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ rows: 6, settled: 0, settlements: [], totalAssistanceYuan: 0 });
    const cols = r.json.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(cols).toEqual(expect.arrayContaining(['3:身份证号', '4:政策范围内费用', '5:就诊类型', '5:结算日期', '5:医疗总费用', '5:政策范围内费用', '5:结算方式', '6:基本医保支付']));
    // The unknown disease is found once the rows could be read: with read errors the file is refused before it.
    const onlyDisease = file('bad-disease.csv', [HEADER, ROWS[0], `YB105,${P.dibaoHead},低保主,住院,县级及以下,,2024-04-01,100,100,0,0,,flu,一站式,,,`].join('\n'));
    expect(await doudi('settle', onlyDisease, '--policy', PACK)).toMatchObject({ status: 2, json: { settled: 0, errors: [{ row: 3, column: '病种' }] } });
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('prints the same with --dry-run and writes nothing', async () => {
    const before = await counts();
    const r = await doudi('settle', main, '--policy', PACK, '--dry-run');
    expect(r).toMatchObject({ status: 0, json: { rows: 7, settled: 7, skipped: 0, errors: [] } });
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('settles the file by date and number: figures by category, cap across settlements, recorded P, not covered, severe mental illness, top-up', async () => {
    const r = doudiAsProcess('settle', main, '--policy', PACK);
    expect(r.status, r.stderr).toBe(0);
    const strip = (s: Record<string, unknown>) => { const { reasons: _r, ...rest } = s; return rest; };
    expect({ ...r.json, settlements: r.json.settlements.map(strip) }).toEqual({
      rows: 7, settled: 7, skipped: 0, errors: [], totalAssistanceYuan: 34875, totalTopUpYuan: 3000,
      settlements: [
        { settlementNo: 'YB001', householdNo: 'MD01', category: 'dibaoLongTerm', ratio: 1, baseYuan: 8000, assistanceYuan: 8000, topUpYuan: 0, recordedYuan: 0, yearAssistedYuan: 8000, capRemainingYuan: 22000 },
        { settlementNo: 'YB003', householdNo: 'MD02', category: 'dibao', ratio: 0.75, baseYuan: 500, assistanceYuan: 375, topUpYuan: 0, recordedYuan: 0, yearAssistedYuan: 375, capRemainingYuan: 29625 },
        { settlementNo: 'YB004', householdNo: 'MD04', category: 'registeredPoorMajor', ratio: 1, baseYuan: 1500, assistanceYuan: 1500, topUpYuan: 3000, recordedYuan: 0, yearAssistedYuan: 1500, capRemainingYuan: 28500 },
        { settlementNo: 'YB005', householdNo: null, category: 'none', ratio: 0, baseYuan: 3000, assistanceYuan: 0, topUpYuan: 0, recordedYuan: 100, yearAssistedYuan: 100, capRemainingYuan: 29900 },
        { settlementNo: 'YB006', householdNo: 'MD02', category: 'dibao', ratio: 0.7, baseYuan: 0, assistanceYuan: 0, topUpYuan: 0, recordedYuan: 0, yearAssistedYuan: 0, capRemainingYuan: 30000 },
        { settlementNo: 'YB002', householdNo: 'MD01', category: 'dibaoLongTerm', ratio: 1, baseYuan: 24000, assistanceYuan: 22000, topUpYuan: 0, recordedYuan: 0, yearAssistedYuan: 30000, capRemainingYuan: 0 },
        { settlementNo: 'YB007', householdNo: 'MD03', category: 'tekun', ratio: 1, baseYuan: 3000, assistanceYuan: 3000, topUpYuan: 0, recordedYuan: 0, yearAssistedYuan: 3000, capRemainingYuan: 27000 },
      ],
    });
    const capped = r.json.settlements.find((s: { settlementNo: string }) => s.settlementNo === 'YB002');
    expect(capped.reasons.map((x: { rule: string }) => x.rule)).toEqual(['medical.category', 'medical.ratio', 'medical.base', 'medical.cap']);
    expect(capped.reasons.flatMap((x: { parameters: unknown[] }) => x.parameters)).toContainEqual({ name: 'medical.annualCap', value: 30000, source: 'default', cite: '003:L40' });
    const topUp = r.json.settlements.find((s: { settlementNo: string }) => s.settlementNo === 'YB004');
    expect(topUp.reasons.find((x: { rule: string }) => x.rule === 'medical.topUp').parameters[0]).toMatchObject({ name: 'medical.topUp.ratio', value: 0.9, source: 'demo-dongkou-2024' });
    await withDb(async (db) => {
      const rows = await db.select().from(medicalSettlements);
      expect(rows).toHaveLength(7);
      const by = Object.fromEntries(rows.map((x) => [x.settlementNo, x]));
      expect(by.YB003).toMatchObject({ method: '个人垫付', paymentStatus: 'owed', assistanceFen: 375_00, category: 'dibao', areaCode: JIANGKOU_VILLAGE });
      expect(by.YB001).toMatchObject({ method: '一站式', paymentStatus: 'hospital', hospitalName: '洞口县人民医院' });
      expect(by.YB005).toMatchObject({ paymentStatus: 'none', householdId: null, recordedFen: 100_00, bank: { bankName: '中国银行', accountNo: '6217000011112222333', accountName: '外来人' } });
      const [f] = await db.select().from(medicalFiles);
      expect(f).toMatchObject({ fileName: '结算.csv', loadedBy: 'cli', rows: 7, settled: 7, skipped: 0 });
      expect(existsSync(join(data, 'medical', f.sha256))).toBe(true);
    });
  }, 120_000);

  it('skips a re-loaded file and changes nothing; a settled number with other values is an error row', async () => {
    const before = await counts();
    expect(await doudi('settle', main, '--policy', PACK)).toMatchObject({ status: 0, json: { rows: 7, settled: 0, skipped: 7, errors: [], settlements: [] } });
    expect(await counts()).toEqual(before);
    const changed = file('changed.csv', [HEADER, ROWS[1].replace(',20000,18000,', ',20000,18500,')].join('\n'));
    expect(await doudi('settle', changed, '--policy', PACK)).toMatchObject({ status: 2, json: { settled: 0, errors: [{ row: 2, column: '结算编号' }] } });
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('reads GBK CSV and xlsx with full-width, spaced headers in another order, counting against the year so far', async () => {
    const gbk = file('gbk.csv', [HEADER, `YB201,${P.dibaoHead},低保主,住院,县级及以下,洞口县人民医院,2024-07-01,2000,2000,1000,0,,,一站式,,,`].join('\r\n'), 'gbk');
    expect(await doudi('settle', gbk, '--policy', PACK)).toMatchObject({ status: 0, json: { settled: 1, settlements: [{ settlementNo: 'YB201', assistanceYuan: 700, yearAssistedYuan: 1075, capRemainingYuan: 28925 }] } });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('结算');
    ws.addRow([]);
    ws.addRow(['身份证号 ', '结算编号', '　姓名', '就诊类型', '医院级别', '结算日期', '医疗总费用', '政策范围内费用', '基本医保支付', '大病保险支付', '结算方式']);
    ws.addRow([P.longTerm, 'YB202', '长期户', '住院', '县级及以下', '2024-08-01', 3000, 3000, 1000, 0, '一站式']);
    const path = join(dir, '结算.xlsx');
    await wb.xlsx.writeFile(path);
    expect(await doudi('settle', path, '--policy', PACK)).toMatchObject({ status: 0, json: { settled: 1, settlements: [{ settlementNo: 'YB202', category: 'dibaoLongTerm', assistanceYuan: 0, yearAssistedYuan: 30000, capRemainingYuan: 0 }] } });
  }, 120_000);

  it('lists the premium subsidies by category on the date, each person once, and audits the list', async () => {
    const r = await doudi('premium', '--year', '2024', '--date', '2024-06-01', '--policy', PACK);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toEqual({ year: 2024, date: '2024-06-01', persons: 5, totalYuan: 380 + 30 * 3 + 10, byCategory: { tekun: 380, dibao: 90, lowIncome: 10 }, rows: [
      { idNumber: P.longTerm, householdNo: 'MD01', category: 'dibao', subsidyYuan: 30 },
      { idNumber: P.dibaoHead, householdNo: 'MD02', category: 'dibao', subsidyYuan: 30 },
      { idNumber: P.dibaoSpouse, householdNo: 'MD02', category: 'dibao', subsidyYuan: 30 },
      { idNumber: P.tekun, householdNo: 'MD03', category: 'tekun', subsidyYuan: 380 },
      { idNumber: P.lowChild, householdNo: 'MD05', category: 'lowIncome', subsidyYuan: 10 },
    ].sort((a, b) => a.householdNo.localeCompare(b.householdNo) || a.idNumber.localeCompare(b.idNumber)) });
    expect(await withDb((db) => db.select().from(auditLog).where(eq(auditLog.action, 'medical.premium')))).toMatchObject([{ actor: 'cli', detail: { year: 2024, date: '2024-06-01', persons: 5 } }]);
    expect(await doudi('premium', '--year', '24', '--policy', PACK)).toMatchObject({ status: 2, json: { errors: [{ argument: '--year' }, { argument: '--date' }] } });
  }, 120_000);

  it('lists the identities with their dates and 先诊疗后付费, and writes them as CSV and xlsx', async () => {
    const out = join(dir, '身份.csv');
    const r = await doudi('identities', '--date', '2024-06-01', '--policy', PACK, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const rows = [
      { idNumber: P.longTerm, name: '长期户', householdNo: 'MD01', category: 'dibaoLongTerm', from: '2024-01-01', to: null, treatFirst: true },
      { idNumber: P.dibaoHead, name: '低保主', householdNo: 'MD02', category: 'dibao', from: '2024-01-01', to: null, treatFirst: true },
      { idNumber: P.dibaoSpouse, name: '低保妻', householdNo: 'MD02', category: 'dibao', from: '2024-01-01', to: null, treatFirst: true },
      { idNumber: P.tekun, name: '特困人', householdNo: 'MD03', category: 'tekun', from: '2024-01-01', to: null, treatFirst: true },
      { idNumber: P.poor, name: '脱贫母', householdNo: 'MD04', category: 'registeredPoor', from: null, to: null, treatFirst: false },
      { idNumber: P.poorSon, name: '脱贫子', householdNo: 'MD04', category: 'registeredPoor', from: null, to: null, treatFirst: false },
      { idNumber: P.lowHead, name: '低收入', householdNo: 'MD05', category: 'lowIncome', from: null, to: null, treatFirst: false },
      { idNumber: P.lowChild, name: '低收入女', householdNo: 'MD05', category: 'lowIncome', from: null, to: null, treatFirst: false },
    ].sort((a, b) => a.householdNo.localeCompare(b.householdNo) || a.idNumber.localeCompare(b.idNumber));
    expect(r.json).toEqual({ date: '2024-06-01', persons: 8, rows });
    const csv = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toBe('身份证号,姓名,人员类别,开始日期,结束日期,先诊疗后付费');
    expect(csv).toContain(`${P.longTerm},长期户,低保长期保障户成员,2024-01-01,,是`);
    const xlsxOut = join(dir, '身份.xlsx');
    expect((await doudi('identities', '--date', '2024-06-01', '--policy', PACK, '--out', xlsxOut)).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxOut);
    expect(wb.worksheets[0].rowCount).toBe(9);
    expect(await doudi('identities', '--date', '2024-02-30', '--policy', PACK)).toMatchObject({ status: 2, json: { errors: [{ argument: '--date' }] } });
    expect(readdirSync(dir)).toContain('身份.xlsx');
  }, 120_000);
});
