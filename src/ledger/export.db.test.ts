/** Ledgers out: the full registry export re-imports onto itself, honours the filters, reads in keyset pages; the masked export; the blank template and the error report. */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Database } from '../db/connection.ts';
import { households, members } from '../registry/schema.ts';
import { seedDemoHouseholds } from '../registry/seed.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { person } from '../test-support/fixtures.ts';
import { AGE_COLUMN, exportRegistry, templateWorkbook, type ExportOptions } from './export.ts';
import { importLedger } from './importLedger.ts';
import { errorReport } from './report.ts';
import { COLUMNS } from './template.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoHouseholds(database.db, 300, { seed: 11 });
});
afterAll(() => database?.close());

async function exported(scope: string, filters: Parameters<typeof exportRegistry>[2] = {}, opts: ExportOptions = { reveal: true }, db = database.db) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const tally = await exportRegistry(db, scope, filters, out, opts);
  await ended;
  return { buffer: Buffer.concat(chunks), people: tally.people, households: tally.households };
}

async function sheetRows(buffer: Buffer, sheet = 1): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[sheet - 1].eachRow({ includeEmpty: true }, (r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('registry export with full numbers', () => {
  it('writes every active person under the template headers, and re-imports onto the same households without a change', async () => {
    const { buffer, people } = await exported('430525');
    const active = (await database.db.select({ id: members.id }).from(members)).length;
    expect(people).toBe(active);
    const rows = await sheetRows(buffer);
    expect(rows[0]).toEqual([...COLUMNS]);
    expect(rows).toHaveLength(people + 1);
    // ID numbers stay text, never numbers Excel would round.
    expect(rows.slice(1).every((r) => typeof r[2] === 'string' && /^\d{17}[\dX]$/.test(r[2] as string))).toBe(true);
    // 建档立卡 is written on the 户主's row only, as the household's 是 / 否.
    const poor = new Map((await database.db.select({ key: households.ledgerKey, id: households.id, poor: households.registeredPoor }).from(households)).map((h) => [h.key ?? h.id, h.poor]));
    const col = COLUMNS.indexOf('建档立卡');
    for (const r of rows.slice(1)) expect(r[col] ?? '').toBe(r[3] === '户主' ? (poor.get(r[0] as string) ? '是' : '否') : '');
    expect([...poor.values()].some(Boolean)).toBe(true);
    const again = await importLedger(database.db, buffer, 'export.xlsx', { dryRun: false, actor: 'test' });
    expect(again).toMatchObject({ rows: people, persons: people, households: 300, created: 0, updated: 0, imported: true, errors: [] });
  });

  it('exports only what the filters select: area prefix, hukou, and a name prefix', async () => {
    const all = await sheetRows((await exported('430525')).buffer);
    const township = all[1][5] as string;
    const byArea = await sheetRows((await exported('430525', { areaCode: township.slice(0, 9) })).buffer);
    expect(byArea.length).toBeGreaterThan(1);
    expect(byArea.slice(1).every((r) => (r[5] as string).startsWith(township.slice(0, 9)))).toBe(true);
    const urban = await sheetRows((await exported('430525', { hukou: 'urban' })).buffer);
    expect(urban.slice(1).every((r) => r[4] === '城镇')).toBe(true);
    const surname = (all[1][1] as string).slice(0, 1);
    const named = await sheetRows((await exported('430525', { q: surname })).buffer);
    const keys = new Set(named.slice(1).map((r) => r[0]));
    // Whole households are exported: each has a member whose name starts with the term.
    for (const k of keys) expect(named.some((r) => r[0] === k && (r[1] as string).startsWith(surname))).toBe(true);
    expect(keys.size).toBeLessThan(300);
  });

  it('exports nothing outside the scope', async () => {
    const { people } = await exported('110101');
    expect(people).toBe(0);
  });

  it('reads the registry in keyset pages of households ordered by village, the same rows whatever the page size', async () => {
    let selects = 0;
    const counting = new Proxy(database.db, { get: (t, p, r) => { if (p === 'select') selects++; return Reflect.get(t, p, r); } });
    const paged = await exported('430525', {}, { reveal: true, batch: 40 }, counting);
    // 300 households: 8 pages of households, each followed by one query of its members.
    expect(paged.households).toBe(300);
    expect(selects).toBe(16);
    const rows = (await sheetRows(paged.buffer)).slice(1);
    expect(rows).toEqual((await sheetRows((await exported('430525', {}, { reveal: true, batch: 1000 })).buffer)).slice(1));
    const villages = rows.map((r) => r[5] as string);
    expect(villages).toEqual([...villages].sort());
  });

  it('lets other queries run between its pages', async () => {
    const order: string[] = [];
    const exporting = exported('430525', {}, { reveal: true, batch: 25 }).then(() => order.push('export'));
    await new Promise((resolve) => setImmediate(resolve));
    await database.db.select().from(members).limit(1).then(() => order.push('other query'));
    await exporting;
    expect(order).toEqual(['other query', 'export']);
  });

  it('stops reading when the client goes away', async () => {
    let selects = 0;
    const counting = new Proxy(database.db, { get: (t, p, r) => { if (p === 'select') selects++; return Reflect.get(t, p, r); } });
    const out = new PassThrough();
    out.once('data', () => out.destroy()); // the first bytes arrive, then the connection closes
    const tally = await exportRegistry(counting, '430525', {}, out, { reveal: true, batch: 10 });
    expect(tally.completed).toBe(false);
    expect(tally.households).toBeLessThan(300);
    expect(selects).toBeLessThan(60);
  });
});

describe('masked registry export', () => {
  it('masks ID and phone numbers, gives the age instead of the birth date, and holds no birth date digits of any ID number', async () => {
    const stored = await database.db.select().from(members);
    const { buffer, people } = await exported('430525', {}, { reveal: false, today: '2026-04-01' });
    expect(people).toBe(stored.length);
    const rows = await sheetRows(buffer);
    expect(rows[0]).toEqual([...COLUMNS, AGE_COLUMN]);
    const byMask = new Map(stored.map((m) => [`${m.name}|${m.idNumber.slice(0, 6)}********${m.idNumber.slice(-4)}`, m]));
    for (const r of rows.slice(1)) {
      expect(r[2]).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      const m = byMask.get(`${r[1]}|${r[2]}`)!;
      expect(m).toBeDefined();
      const text = r.map(String).join('|');
      expect(text).not.toContain(m.idNumber);
      expect(text).not.toContain(m.idNumber.slice(6, 14));
      expect(text).not.toContain(m.birthDate);
      if (m.phone) expect(r[15]).toBe(m.phone.slice(0, 3) + '****' + m.phone.slice(-4));
      expect(r[COLUMNS.indexOf('赡养人')]).toBe(({ able: '有', unable: '无能力', none: '无' } as Record<string, string>)[m.supporter]);
      expect(r[COLUMNS.length]).toBe(Number('2026') - Number(m.birthDate.slice(0, 4)) - (m.birthDate.slice(5) > '04-01' ? 1 : 0));
    }
  });

  it('says in its notes sheet that it cannot be re-imported, and a re-import is refused without writing anything', async () => {
    const { buffer, people } = await exported('430525', { areaCode: '430525101' }, { reveal: false });
    const notes = (await sheetRows(buffer, 2)).flat().join('');
    expect(notes).toContain('不能作为台账重新导入');
    const again = await importLedger(database.db, buffer, 'masked.xlsx', { dryRun: false, actor: 'test' });
    expect(again.imported).toBe(false);
    expect(again.errors.length).toBeGreaterThanOrEqual(people);
    expect(again.errors.filter((e) => e.column !== '身份证号' && e.column !== '联系电话')).toEqual([]);
    expect(again.errors.filter((e) => e.column === '身份证号')).toHaveLength(people);
  });
});

describe('blank template', () => {
  it('has the template header, drop-down lists of the allowed words, and imports as a ledger with no data rows', async () => {
    const buffer = await templateWorkbook();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...COLUMNS]);
    const relation = ws.getCell('D2').dataValidation;
    expect(relation).toMatchObject({ type: 'list', formulae: ['"户主,配偶,子,女,父亲,母亲,孙子,孙女,祖父,祖母,兄弟,姐妹,其他"'] });
    expect(ws.getCell('E500').dataValidation).toMatchObject({ type: 'list', formulae: ['"城镇,农村"'] });
    const r = await importLedger(database.db, buffer, '模板.xlsx', { dryRun: true, actor: 'test' });
    expect(r.errors).toEqual([{ row: 2, column: '', message: '表头下面没有数据行' }]);
  });
});

describe('validation report', () => {
  it('is the original sheet with an error column naming each row\'s errors', async () => {
    const csv = Buffer.from([
      '江口村花名册',
      '户编号,姓名,身份证号,与户主关系,户籍性质,行政区划代码,,备注',
      `R1,张三,${person('1970-01-01')},户主,农村,430525101201,,自填`,
      'R1,李四,123,配偶,城里,430525101201',
    ].join('\n'));
    const check = await importLedger(database.db, csv, 'r.csv', { dryRun: true, actor: 'test' });
    expect(check.errors.map((e) => e.row)).toEqual([4, 4]);
    const rows = await sheetRows(await errorReport(csv, 'r.csv', check.errors));
    expect(rows[0]).toEqual(['江口村花名册']);
    expect(rows[1]).toEqual(['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码', undefined, '备注', '错误说明']);
    expect(rows[2][7]).toBe('自填');
    expect(rows[2][8]).toBeUndefined();
    expect(rows[3].slice(0, 6)).toEqual(['R1', '李四', '123', '配偶', '城里', '430525101201']);
    expect(rows[3][8]).toMatch(/^【身份证号】身份证号应为18位.*；【户籍性质】无法识别/);
  });

  it('shows the sheet the import read, not the instructions before it nor the sheets after it', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRows([['请按模板填写']]);
    wb.addWorksheet('花名册').addRows([['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码'], ['S1', '王五', 'bad', '户主', '农村', '430525101201']]);
    wb.addWorksheet('统计').addRows([['合计'], [1], [2], [3], [4], [5], [6]]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const check = await importLedger(database.db, buffer, 's.xlsx', { dryRun: true, actor: 'test' });
    const rows = await sheetRows(await errorReport(buffer, 's.xlsx', check.errors));
    expect(rows).toHaveLength(2);
    expect(rows[0][6]).toBe('错误说明');
    expect(rows[1].slice(0, 2)).toEqual(['S1', '王五']);
    expect(rows[1][6]).toContain('【身份证号】');
  });

  it('holds the file error alone when the file cannot be read', async () => {
    const rows = await sheetRows(await errorReport(Buffer.from('not a zip'), 'x.xlsx', [{ row: 0, column: '', message: '文件已损坏' }]));
    expect(rows).toEqual([['文件已损坏']]);
  });
});
