/** `doudi import` per ../shared/contract/IMPORT.md, against a real database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Database } from '../db/connection.ts';
import { householdHistory, households, members } from '../registry/schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { person } from '../test-support/fixtures.ts';
import { importLedger, type ImportResult } from './importLedger.ts';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(() => database?.close());

const HEADER = '户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,劳动能力,残疾等级,残疾类别,重病,在校情况,是否寄宿,是否就业,月收入,自理能力,联系电话';
const ids = Array.from({ length: 6 }, (_, i) => person(`19${70 + i}-0${1 + i}-1${i}`, i % 2 ? 'female' : 'male'));
const rows = (key: string) => [
  `${key},刘建华,${ids[0]},户主,农村,430525101201,有,,,,无,否,是,1500,全自理,13812345678`,
  `${key},王秀兰,${ids[1]},配偶,农村,430525101201,部分,二级,肢体,恶性肿瘤,无,否,否,0,半护理,`,
  `${key},刘小明,${ids[2]},子,农村,430525101201,无,,,,初中,是,否,0,全自理,`,
];

/** A head of household nobody has registered yet. */
const freshRow = (key: string) => `${key},新户主,${person('1966-06-16')},户主,农村,430525101201,有,,,,无,否,是,1500,全自理,`;

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');
const run = (buffer: Buffer, name = 'ledger.csv', dryRun = false): Promise<ImportResult> => importLedger(database.db, { buffer }, name, { dryRun, actor: 'test' });

async function xlsx(sheets: Record<string, (string | number | object | null)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, data] of Object.entries(sheets)) wb.addWorksheet(name).addRows(data);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('doudi import', () => {
  it('imports the optional 赡养人 column (有 / 无能力 / 无, empty = 有), so an imported elderly person can be 特困, and a re-import changes nothing', async () => {
    const old = [person('1948-03-03'), person('1950-04-04', 'female'), person('1952-05-05')];
    const file = csv([`${HEADER},赡养人`,
      `S1,赵老汉,${old[0]},户主,农村,430525101201,无,,,,无,否,否,0,半护理,,无`,
      `S1,钱老太,${old[1]},配偶,农村,430525101201,无,,,,无,否,否,0,全护理,,无能力`,
      `S1,孙某,${old[2]},兄弟,农村,430525101201,无,,,,无,否,否,0,全自理,,`]);
    expect(await run(file)).toMatchObject({ created: 1, imported: true, errors: [] });
    const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, 'S1'));
    const ms = await database.db.select().from(members).where(eq(members.householdId, h.id));
    expect(Object.fromEntries(ms.map((m) => [m.name, m.supporter]))).toEqual({ 赵老汉: 'none', 钱老太: 'unable', 孙某: 'able' });
    expect(await run(file)).toMatchObject({ created: 0, updated: 0, imported: true });
    // A ledger without the column keeps what is on record.
    expect(await run(csv([HEADER, ...file.toString().trim().split('\r\n').slice(1).map((l) => l.slice(0, l.lastIndexOf(',')))]))).toMatchObject({ created: 0, updated: 0, imported: true });
  });

  it('imports the 建档立卡 column onto the household (the 户主\'s row), and a ledger without it keeps what is on record', async () => {
    const ps = [person('1961-03-03'), person('1963-04-04', 'female')];
    const lines = (head: string, spouse: string) => [`${HEADER},建档立卡`,
      `R1,周大,${ps[0]},户主,农村,430525101201,有,,,,无,否,否,0,全自理,,${head}`,
      `R1,吴二,${ps[1]},配偶,农村,430525101201,有,,,,无,否,否,0,全自理,,${spouse}`];
    const poor = async () => (await database.db.select().from(households).where(eq(households.ledgerKey, 'R1')))[0]?.registeredPoor;
    expect(await run(csv(lines('是', '否')))).toMatchObject({ imported: false, errors: [{ row: 3, column: '建档立卡' }] });
    expect(await poor()).toBeUndefined();
    expect(await run(csv(lines('是', '')))).toMatchObject({ created: 1, imported: true, errors: [] });
    expect(await poor()).toBe(true);
    const without = lines('是', '').map((l) => l.slice(0, l.lastIndexOf(',')));
    expect(await run(csv(without))).toMatchObject({ created: 0, updated: 0, imported: true });
    expect(await poor()).toBe(true);
    expect(await run(csv(lines('', '')))).toMatchObject({ updated: 1, imported: true });
    expect(await poor()).toBe(false);
  });

  it('imports a UTF-8 ledger with a title row above the header', async () => {
    const r = await run(csv(['江口村困难群众花名册,,,', HEADER, ...rows('T1')]));
    expect(r).toEqual({ rows: 3, households: 1, persons: 3, created: 1, updated: 0, imported: true, errors: [] });
    const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, 'T1'));
    expect(h).toMatchObject({ areaCode: '430525101201', hukou: 'rural', headName: '刘建华', memberCount: 3 });
    const ms = await database.db.select().from(members).where(eq(members.householdId, h.id));
    expect(ms.find((m) => m.name === '王秀兰')).toMatchObject({ laborCapacity: 'partial', disabilityGrade: 2, disabilityKind: 'physical', illnesses: ['malignant_tumor'], selfCare: 'partial' });
    expect(ms.find((m) => m.name === '刘小明')).toMatchObject({ schooling: 'junior', boarding: true, relation: 'child' });
    expect(ms.find((m) => m.name === '刘建华')).toMatchObject({ employed: true, monthlyIncomeFen: 150000, phone: '13812345678' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = csv([HEADER, ...rows('T1')]);
    expect(await run(file)).toMatchObject({ created: 0, updated: 0, imported: true });
    const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, 'T1'));
    expect(await database.db.select().from(householdHistory).where(eq(householdHistory.householdId, h.id))).toHaveLength(1);
  });

  it('updates the households a changed file names and records each change in their history', async () => {
    const changed = rows('T1').map((l, i) => (i === 0 ? l.replace(',1500,', ',1800,') : l));
    expect(await run(csv([HEADER, ...changed]))).toMatchObject({ created: 0, updated: 1, imported: true });
    const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, 'T1'));
    const history = await database.db.select().from(householdHistory).where(eq(householdHistory.householdId, h.id));
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({ action: 'import', reason: '台账导入：ledger.csv' });
    expect(history[1].changes).toEqual([expect.objectContaining({ label: '刘建华：月收入', old: 150000, new: 180000 })]);
  });

  it('reads GBK/GB18030 CSV as Chinese Excel writes it, and a BOM', async () => {
    const lines = [HEADER, `G1,陈桂英,${ids[3]},户主,农业,430525101202,,,,,,,,,,`];
    expect(await run(iconv.encode(lines.join('\r\n'), 'gbk'))).toMatchObject({ created: 1, imported: true });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv([HEADER, `B1,周德胜,${ids[4]},本人,非农业,430525101001,,,,,,,,,,`])]);
    expect(await run(bom)).toMatchObject({ created: 1, imported: true });
    const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, 'B1'));
    expect(h.hukou).toBe('urban');
  });

  it('finds headers with spaces and full-width characters, in any column order', async () => {
    const file = await xlsx({ 花名册: [['标题'], ['姓　名', ' 户编号 ', '行政区划代码', '身份证号', '与户主关系', '户籍性质'], ['吴光明', 'X1', '430525101203', ids[5], '户主', '农村']] });
    expect(await run(file, 'ledger.xlsx')).toMatchObject({ rows: 1, created: 1, imported: true });
  });

  it('lists every error with its row and the column header as written, and writes nothing', async () => {
    const before = (await database.db.select().from(households)).length;
    const file = csv([
      '花名册', HEADER.replace('身份证号', '身份 证号'),
      `E1,甲,${person('1980-01-01')},户主,农村,430525101201,,,,,,,,-5,,`,
      `E1,乙,4.30525E+17,配偶,农村,430525101201,,,,,,,,,,`,
      `E2,丙,430525198002301234,户主,农村,430525101201,,,,,,,,,,`,
      `E3,丁,${person('1981-01-01')},配偶,农村,430525101201,,,,,,,,abc,,`,
      `E4,戊,${person('1982-01-01')},户主,农村,430525101201,,,,,,,,,,`,
      `E4,己,${person('1983-01-01')},户主,农村,430525101201,,,,,,,,,,`,
      `E5,庚,${person('1984-01-01')},户主,农村,430525101201,,,,,,,,,,`,
      `E5,辛,${person('1985-01-01')},子,农村,430525102201,,,,,,,,,,`,
      `E6,壬,${person('1986-01-01')},户主,农村,430525999999,,,,,,,,,,`,
      `E7,癸,${person('1987-01-01')},表亲,城里,430525101201,很强,五级,,感冒,博士,也许,,,,12`,
      `E8,,,户主,农村,,,,,,,,,,,`,
      `E9,子丑,${ids[0]},户主,农村,430525101201,,,,,,,,,,`,
      `E9,寅卯,${ids[3].toLowerCase()},配偶,农村,430525101201,,,,,,,,,,`,
      `E10,重复,${person('1988-01-01')},户主,农村,430525101201,,,,,,,,,,`,
    ]);
    const r = await run(file);
    expect(r.imported).toBe(false);
    const has = (row: number, column: string, text: string) => expect(r.errors).toContainEqual({ row, column, message: expect.stringContaining(text) });
    has(3, '月收入', '不能为负数');
    has(4, '身份 证号', '存成了数字');
    has(5, '身份 证号', '19800230 不存在');
    has(6, '月收入', '应为数字');
    has(6, '与户主关系', '没有户主');
    has(8, '与户主关系', '多名户主');
    has(10, '行政区划代码', '同一户的成员须在同一村');
    has(11, '行政区划代码', '不存在');
    has(12, '与户主关系', '无法识别');
    has(12, '户籍性质', '无法识别');
    has(12, '劳动能力', '无法识别');
    has(12, '残疾等级', '无法识别');
    has(12, '重病', '感冒');
    has(12, '在校情况', '无法识别');
    has(12, '是否寄宿', '无法识别');
    has(12, '联系电话', '11 位手机号');
    has(13, '姓名', '必填');
    has(13, '身份 证号', '必填');
    has(13, '行政区划代码', '必填');
    has(14, '身份 证号', '其他有效家庭');
    has(15, '身份 证号', '其他有效家庭');
    expect(r.errors.map((e) => e.row)).toEqual([...r.errors.map((e) => e.row)].sort((a, b) => a - b));
    expect((await database.db.select().from(households)).length).toBe(before);
  });

  it('reports a person twice in one file', async () => {
    const id = person('1990-09-09');
    const r = await run(csv([HEADER, `D1,一,${id},户主,农村,430525101201,,,,,,,,,,`, `D2,二,${id},户主,农村,430525101201,,,,,,,,,,`]));
    expect(r.errors).toEqual([{ row: 3, column: '身份证号', message: '与第 2 行重复' }]);
  });

  it('validates without writing on a dry run', async () => {
    const r = await run(csv([HEADER, `DRY,试运行,${person('1991-01-01')},户主,农村,430525101201,,,,,,,,,,`]), 'ledger.csv', true);
    expect(r).toMatchObject({ created: 1, imported: false, errors: [] });
    expect(await database.db.select().from(households).where(eq(households.ledgerKey, 'DRY'))).toEqual([]);
  });

  it('keeps what the ledger does not say (assets, phone when the column is absent) on an update', async () => {
    await database.db.update(households).set({ vehicles: 1 }).where(eq(households.ledgerKey, 'T1'));
    const narrow = [ '户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码', ...rows('T1').map((l) => l.split(',').slice(0, 6).join(',')) ];
    expect(await run(csv(narrow))).toMatchObject({ updated: 0, imported: true });
    const [h] = await database.db.select().from(households).where(eq(households.ledgerKey, 'T1'));
    expect(h.vehicles).toBe(1);
    const [head] = await database.db.select().from(members).where(eq(members.idNumber, ids[0]));
    expect(head.phone).toBe('13812345678');
  });
});

describe('robustness: each bad file gives a clear error and writes nothing', () => {
  const fileError = async (buffer: Buffer, name: string, text: string) => {
    const r = await run(buffer, name);
    expect(r.imported).toBe(false);
    expect(r.errors[0].message).toContain(text);
  };

  it('rejects a truncated xlsx', async () => {
    const good = await xlsx({ s: [HEADER.split(','), freshRow('TR').split(',')] });
    await fileError(good.subarray(0, Math.floor(good.length / 2)), 'cut.xlsx', '损坏');
  });

  it('rejects binary garbage named .xlsx, and finds no header in garbage named .csv', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await fileError(garbage, 'junk.xlsx', '损坏');
    await fileError(garbage, 'junk.csv', '未找到表头');
  });

  it('rejects other file kinds by name', async () => {
    await fileError(Buffer.from('x'), 'old.xls', '另存为');
    await fileError(Buffer.from('x'), 'notes.docx', '仅支持');
  });

  it('passes over an instructions sheet, and names the missing columns when no sheet has a header', async () => {
    const two = await xlsx({ 填写说明: [['请按模板填写']], 花名册: [HEADER.split(','), freshRow('SH').split(',')] });
    expect(await run(two, 'two.xlsx', true)).toMatchObject({ rows: 1, errors: [] });
    await fileError(await xlsx({ Sheet1: [['姓名', '身份证号'], ['张三', ids[0]]] }), 'wrong.xlsx', '缺少必填列 户编号');
  });

  it('uses the cached result of a formula, and reports one without a result', async () => {
    const withFormula = await xlsx({ s: [HEADER.split(','), [...freshRow('FX').split(',').slice(0, 13), { formula: '1000+500', result: 1500 }]] });
    expect(await run(withFormula, 'f.xlsx', true)).toMatchObject({ errors: [] });
    const noResult = await xlsx({ s: [HEADER.split(','), [...freshRow('FY').split(',').slice(0, 13), { formula: '1000+500' }]] });
    const r = await run(noResult, 'f.xlsx', true);
    expect(r.errors).toEqual([{ row: 2, column: '月收入', message: expect.stringContaining('公式没有计算结果') }]);
  });

  it('reports a huge cell instead of storing it', async () => {
    const r = await run(csv([HEADER, `HUGE,${'名'.repeat(100_000)},${person('1992-02-02')},户主,农村,430525101201,,,,,,,,,,`]), 'h.csv', true);
    expect(r.errors).toEqual([{ row: 2, column: '姓名', message: expect.stringContaining('内容过长') }]);
  });

  it('skips a great many empty rows and reports a file with no data', async () => {
    const empty = Buffer.from(HEADER + '\n' + ',,,,,,,,,,,,,,,\n'.repeat(1_000_000));
    const r = await run(empty, 'empty.csv', true);
    expect(r.errors).toEqual([{ row: 2, column: '', message: '表头下面没有数据行' }]);
  });

  it('reads past a million empty xlsx rows (a cleared-out sheet) and keeps the row after them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-empty-'));
    try {
      const path = join(dir, 'empty.xlsx');
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
      const ws = wb.addWorksheet('花名册');
      ws.addRow(HEADER.split(',')).commit();
      ws.addRow(freshRow('M1').split(',')).commit();
      // Cells holding '' or a space: what a cleared-out Excel sheet stores.
      for (let i = 0; i < 1_000_000; i++) ws.addRow(['', ' ']).commit();
      ws.addRow(freshRow('M2').split(',')).commit();
      ws.commit();
      await wb.commit();
      const r = await importLedger(database.db, path, 'empty.xlsx', { dryRun: true, actor: 'test' });
      expect(r).toMatchObject({ rows: 2, households: 2, created: 2, errors: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // How fast is a benchmark's question; this limit only stops a reader that hangs, on a busy machine too.
  }, 300_000);

  it('reports a missing file and an empty one', async () => {
    expect((await importLedger(database.db, '/nonexistent/ledger.xlsx', 'ledger.xlsx', { dryRun: true, actor: 'test' })).errors[0].message).toContain('文件不存在');
    expect((await run(Buffer.alloc(0), 'empty.xlsx')).errors[0].message).toBe('文件是空的');
    expect((await run(Buffer.alloc(0), 'empty.csv')).errors[0].message).toBe('文件是空的');
  });

  it('asks for an old .xls renamed to .xlsx to be saved as .xlsx', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await run(ole, 'renamed.xlsx')).errors[0].message).toContain('另存为');
  });
});
