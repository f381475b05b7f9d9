/**
 * The commands as ../shared/contract/VERIFY.md calls them, on an embedded database in a temporary
 * DOUDI_DATA: a registry imported with `doudi import`, feeds with planted cases loaded with `doudi feed
 * load` (UTF-8, GBK and xlsx, shuffled and full-width headers, bad rows), then `doudi verify` gives exactly
 * the planted findings with their evidence. A feed load with bad rows, an unreadable feed and the first
 * verify run as separate processes (`node bin/doudi.js`, as the outside checks run them); the other calls run
 * the same commands in this process.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/connection.ts';
import { feedFiles, findings } from './schema.ts';
import { person } from '../test-support/fixtures.ts';
import { migratedDataDir } from '../test-support/db.ts';
import { doudiInProcess, doudiProcess, type DoudiRun } from '../test-support/doudi.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-verify-'));
const data = migratedDataDir(join(dir, 'data'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { DOUDI_DATA: data, DATABASE_URL: '', DOUDI_FEEDS: '' };
function result(r: DoudiRun): { status: number | null; json: Record<string, any>; stderr: string } {
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  return { status: r.status, json: lines.length === 1 ? JSON.parse(lines[0]) : {}, stderr: r.stderr };
}
/** In this process (src/test-support/doudi.ts); `doudiAsProcess` for the calls that prove the process end of the contract. */
const doudi = async (...args: string[]) => result(await doudiInProcess(args, env));
const doudiAsProcess = (...args: string[]) => result(doudiProcess(args, env));

const P = {
  deadHead: person('1950-01-01'), deadSpouse: person('1952-02-02', 'female'),
  carOwner: person('1975-03-03'), disabledDriver: person('1980-04-04'),
  trader: person('1978-05-05'),
  homeA: person('1970-06-06'), homeB: person('1972-07-07', 'female'), oneHome: person('1965-08-08'),
  saverA: person('1960-09-09'), saverB: person('1962-10-10', 'female'),
  clerk: person('1985-11-11'),
  worker: person('1982-12-12'), honest: person('1983-01-13'),
  disabledA: person('1979-02-14'), disabledB: person('1981-03-15', 'female'),
  parent: person('1980-04-16'), dropout: person('2012-05-01'), pupil: person('2014-03-01', 'female'),
  stranger: person('1990-01-01'),
};

const V = '430525101201';
const LEDGER = [
  '户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,月收入,残疾等级,残疾类别,在校情况',
  `DK0001,甲死亡,${P.deadHead},户主,农村,${V},0,,,`,
  `DK0001,甲配偶,${P.deadSpouse},配偶,农村,${V},0,,,`,
  `DK0002,乙有车,${P.carOwner},户主,农村,${V},300,,,`,
  `DK0003,丙残车,${P.disabledDriver},户主,农村,${V},300,,,`,
  `DK0004,丁经商,${P.trader},户主,农村,${V},300,,,`,
  `DK0005,戊两房,${P.homeA},户主,农村,${V},300,,,`,
  `DK0005,戊配偶,${P.homeB},配偶,农村,${V},300,,,`,
  `DK0006,己一房,${P.oneHome},户主,农村,${V},300,,,`,
  `DK0007,庚存款,${P.saverA},户主,农村,${V},300,,,`,
  `DK0007,庚配偶,${P.saverB},配偶,农村,${V},300,,,`,
  `DK0008,辛财政,${P.clerk},户主,农村,${V},300,,,`,
  `DK0009,壬工资,${P.worker},户主,农村,${V},800,,,`,
  `DK0010,癸如实,${P.honest},户主,农村,${V},800,,,`,
  `DK0011,子残疾,${P.disabledA},户主,农村,${V},0,二级,肢体,`,
  `DK0011,子配偶,${P.disabledB},配偶,农村,${V},0,一级,视力,`,
  `DK0012,丑家长,${P.parent},户主,农村,${V},300,,,`,
  `DK0012,丑辍学,${P.dropout},子女,农村,${V},0,,,初中`,
  `DK0012,丑在读,${P.pupil},子女,农村,${V},0,,,小学`,
].join('\n');

function file(name: string, text: string, encoding: 'utf8' | 'bom' | 'gbk' = 'utf8'): string {
  const path = join(dir, name);
  writeFileSync(path, encoding === 'gbk' ? iconv.encode(text, 'gbk') : encoding === 'bom' ? '\uFEFF' + text : text);
  return path;
}

async function xlsx(name: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('不动产');
  for (const r of rows) ws.addRow(r);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const PACK = join(process.cwd(), 'policies', 'demo-dongkou.yaml');

describe('npx doudi feed load / npx doudi verify', () => {
  it('loads every feed (UTF-8, BOM, GBK, xlsx; free column order, spaced and full-width headers), lists bad rows and loads the rest', async () => {
    expect(await doudi('import', file('ledger.csv', LEDGER))).toMatchObject({ status: 0, json: { imported: true, created: 12 } });

    const death = doudiAsProcess('feed', 'load', file('death.csv', `身份证号,姓名,死亡日期\n${P.deadHead},甲死亡,2024-10-03\n123,坏号码,2024-10-01\n${P.stranger},外人,2024-09-09\n${person('1940-01-01')},,2024-01-01\n`), '--source', 'death', '--period', '2024-11');
    expect(death).toMatchObject({ status: 0, json: { source: 'death', period: '2024-11', rows: 4, loaded: 2, matched: 1 } });
    expect(death.json.errors).toEqual([
      { row: 3, column: '身份证号', message: expect.stringContaining('18位') },
      { row: 5, column: '姓名', message: '姓名不能为空' },
    ]);

    // Full-width letters, a full-width space and spaces in the header; columns in another order; BOM.
    const vehicle = await doudi('feed', 'load', file('vehicle.csv', `残疾人专用车 ,号牌号码,姓　名, 身份证号\n否,湘E·A1234,乙有车,${P.carOwner}\n是,湘E·B5678,丙残车,${P.disabledDriver}\n也许,湘E·C0000,丙残车,${P.disabledDriver}\n`, 'bom'), '--source', 'vehicle', '--period', '2024-11');
    expect(vehicle).toMatchObject({ status: 0, json: { rows: 3, loaded: 2, matched: 2, errors: [{ row: 4, column: '残疾人专用车', message: expect.stringContaining('也许') }] } });

    const business = await doudi('feed', 'load', file('business.csv', `身份证号,姓名,统一社会信用代码,主体名称,登记状态\n${P.trader},丁经商,91430525MA4L000001,丁记小卖部,存续\n${P.disabledDriver},丙残车,91430525MA4L000002,丙记修车,注销\n`, 'gbk'), '--source', 'business', '--period', '2024-11');
    expect(business).toMatchObject({ status: 0, json: { rows: 2, loaded: 2, matched: 2, errors: [] } });

    const property = await doudi('feed', 'load', await xlsx('property.xlsx', [
      [], ['身份证号', '姓名', '不动产权证号', '坐落', '用途', '建筑面积'],
      [P.homeA, '戊两房', '湘(2020)洞口县不动产权第0000001号', '江口镇一号', '住宅', 90],
      [P.homeB, '戊配偶', '湘(2021)洞口县不动产权第0000002号', '江口镇二号', '住宅', 80],
      [P.oneHome, '己一房', '湘(2019)洞口县不动产权第0000003号', '江口镇三号', '住宅', 100],
    ]), '--source', 'property', '--period', '2024-11');
    expect(property).toMatchObject({ status: 0, json: { rows: 3, loaded: 3, matched: 3, errors: [] } });

    expect(await doudi('feed', 'load', file('deposit.csv', `身份证号,姓名,银行,余额\n${P.saverA},庚存款,农业银行,30000\n${P.saverB},庚配偶,邮储银行,"20,000.50"\n${P.oneHome},己一房,农商银行,5000\n`), '--source', 'deposit', '--period', '2024-11'))
      .toMatchObject({ status: 0, json: { loaded: 3, matched: 3, errors: [] } });
    expect(await doudi('feed', 'load', file('payroll.csv', `身份证号,姓名,单位,月工资\n${P.clerk},辛财政,洞口县某局,4200\n`), '--source', 'payroll', '--period', '2024-11'))
      .toMatchObject({ status: 0, json: { loaded: 1, matched: 1 } });
    expect(await doudi('feed', 'load', file('wage.csv', `身份证号,姓名,单位,月工资\n${P.worker},壬工资,某厂,3000\n${P.honest},癸如实,某店,800\n`), '--source', 'wage', '--period', '2024-11'))
      .toMatchObject({ status: 0, json: { loaded: 2, matched: 2 } });
    expect(await doudi('feed', 'load', file('disability.csv', `身份证号,姓名,残疾类别,残疾等级,证件代别\n${P.disabledA},子残疾,肢体,四级,2\n${P.disabledB},子配偶,视力残疾,1,2\n`), '--source', 'disability', '--period', '2024-11'))
      .toMatchObject({ status: 0, json: { loaded: 2, matched: 2 } });
    expect(await doudi('feed', 'load', file('enrolment.csv', `身份证号,姓名,学校,学段,在校状态\n${P.dropout},丑辍学,江口中学,初中,退学\n${P.pupil},丑在读,江口小学,小学,在读\n`), '--source', 'enrolment', '--period', '2024-11'))
      .toMatchObject({ status: 0, json: { loaded: 2, matched: 2 } });
  }, 240_000);

  it('gives exactly the planted findings with their evidence, and a second run raises no duplicates', async () => {
    const first = doudiAsProcess('verify', '--date', '2024-12-01', '--policy', PACK);
    expect(first.status, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ date: '2024-12-01', households: 12, persons: 18 });
    const got = (first.json.findings as any[]).map((f) => [f.householdNo, f.kind, f.idNumber]).sort();
    expect(got).toEqual([
      ['DK0001', 'deceased', P.deadHead],
      ['DK0002', 'vehicle', P.carOwner],
      ['DK0004', 'business', P.trader],
      ['DK0005', 'property', P.homeA],
      ['DK0007', 'deposit', P.saverA],
      ['DK0008', 'public_payroll', P.clerk],
      ['DK0009', 'wage', P.worker],
      ['DK0011', 'disability', P.disabledA],
      ['DK0012', 'enrolment', P.dropout],
    ].sort());
    const by = Object.fromEntries((first.json.findings as any[]).map((f) => [f.kind, f]));
    expect(by.vehicle).toMatchObject({ source: 'vehicle', period: '2024-11', evidence: { 号牌号码: '湘E·A1234', 残疾人专用车: '否' }, state: 'open' });
    expect(by.deceased.evidence).toEqual({ 死亡日期: '2024-10-03' });
    expect(by.business.evidence).toMatchObject({ 统一社会信用代码: '91430525MA4L000001', 登记状态: '存续' });
    expect(by.property.evidence).toMatchObject({ 权利人: '戊两房、戊配偶', 用途: '住宅、住宅' });
    // 24 months × rural standard 450 × 2 persons = 21,600 < 30,000 + 20,000.50
    expect(by.deposit.evidence).toMatchObject({ 余额: '30000、20000.5', 余额合计: '50000.50', 上限: '21600.00' });
    expect(by.public_payroll.evidence).toMatchObject({ 单位: '洞口县某局', 月工资: '4200' });
    expect(by.wage.evidence).toMatchObject({ 月工资: '3000', 登记月收入: '800.00' });
    expect(by.disability.evidence).toMatchObject({ 残疾等级: '四级', 残疾类别: '肢体', 登记残疾信息: '二级 肢体' });
    expect(by.enrolment.evidence).toMatchObject({ 在校状态: '退学', 学校: '江口中学' });
    for (const f of first.json.findings as any[]) expect(f.message.length).toBeGreaterThan(5);

    const second = await doudi('verify', '--date', '2024-12-01', '--policy', PACK);
    expect(second.json.findings).toEqual(first.json.findings);
    const database = await openDatabase({ dataDir: data });
    try {
      expect(await database.db.select().from(findings)).toHaveLength(9);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('keeps every loaded file by its SHA-256 with who, when, source, period and county (the registry\'s); the same file again changes nothing', async () => {
    const path = join(dir, 'payroll.csv');
    expect(await doudi('feed', 'load', path, '--source', 'payroll', '--period', '2024-11')).toMatchObject({ status: 0, json: { rows: 1, loaded: 1, matched: 1, errors: [] } });
    const database = await openDatabase({ dataDir: data });
    try {
      const files = await database.db.select().from(feedFiles).where(eq(feedFiles.source, 'payroll'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({ period: '2024-11', fileName: 'payroll.csv', areaCode: '430525', loadedBy: expect.stringMatching(/^cli:/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(existsSync(join(data, 'feeds', files[0].sha256))).toBe(true);
      expect(readdirSync(join(data, 'feeds')).filter((f) => f.endsWith('.part'))).toEqual([]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('matches the newest period of a source and keeps the older one: a car sold in 2024-12 is no longer a finding', async () => {
    expect(await doudi('feed', 'load', file('vehicle-12.csv', `身份证号,姓名,号牌号码,残疾人专用车\n${P.disabledDriver},丙残车,湘E·B5678,是\n`), '--source', 'vehicle', '--period', '2024-12'))
      .toMatchObject({ status: 0, json: { period: '2024-12', loaded: 1 } });
    const r = await doudi('verify', '--date', '2024-12-01', '--policy', PACK);
    expect((r.json.findings as any[]).map((f) => f.kind).sort()).toEqual(['business', 'deceased', 'deposit', 'disability', 'enrolment', 'property', 'public_payroll', 'wage']);
    // --area limits the run: another township has nobody.
    expect(await doudi('verify', '--date', '2024-12-01', '--policy', PACK, '--area', '430525102')).toMatchObject({ status: 0, json: { households: 0, persons: 0, findings: [] } });
  }, 120_000);

  it('exits 2 when the file cannot be read: missing file, unknown source, a required column missing, a bad period, an --area that is not a county; and for bad verify arguments', async () => {
    expect(doudiAsProcess('feed', 'load', join(dir, 'nope.csv'), '--source', 'death', '--period', '2024-11')).toMatchObject({ status: 2, json: { errors: [{ message: expect.stringContaining('文件不存在') }] } });
    expect(await doudi('feed', 'load', join(dir, 'death.csv'), '--source', 'horses', '--period', '2024-11')).toMatchObject({ status: 2, json: { errors: [{ message: expect.stringContaining('未知的数据来源') }] } });
    expect(await doudi('feed', 'load', file('nocol.csv', `身份证号,姓名\n${P.deadHead},甲死亡\n`), '--source', 'death', '--period', '2024-11'))
      .toMatchObject({ status: 2, json: { loaded: 0, errors: [{ message: expect.stringContaining('死亡日期') }] } });
    expect((await doudi('feed', 'load', join(dir, 'death.csv'), '--source', 'death', '--period', '2024-13')).status).toBe(2);
    expect(await doudi('feed', 'load', join(dir, 'death.csv'), '--source', 'death', '--period', '2024-11', '--area', '4305'))
      .toMatchObject({ status: 2, json: { errors: [{ message: expect.stringContaining('--area') }] } });
    expect((await doudi('verify', '--date', '2024-02-30')).status).toBe(2);
    expect((await doudi('verify', '--date', '2024-12-01', '--policy', join(dir, 'nope.yaml'))).status).toBe(2);
    // No pack published for the county and none given.
    expect(await doudi('verify', '--date', '2024-12-01')).toMatchObject({ status: 2 });
  }, 120_000);
});
