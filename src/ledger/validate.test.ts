/** Rows → households, without a database: the header search, the words each column accepts, every row-level error. */
import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../domain/idNumber.ts';
import { person } from '../test-support/fixtures.ts';
import type { Cell, SheetRow } from './read.ts';
import { parseLedger, type ParsedLedger } from './validate.ts';

const HEADER = ['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码', '劳动能力', '残疾等级', '残疾类别', '重病', '在校情况', '是否寄宿', '是否就业', '月收入', '自理能力', '联系电话'];
const V = '430525101201';

/** Sheet rows numbered from 1, as a spreadsheet shows them. */
const sheet = (...rows: Cell[][]): SheetRow[] => rows.map((cells, i) => ({ row: i + 1, cells }));
const parse = async (...rows: Cell[][]): Promise<ParsedLedger> => {
  const r = await parseLedger(sheet(...rows));
  if ('noHeader' in r) throw new Error(r.noHeader);
  return r;
};
/** A full template row; `over` replaces cells by column name. */
const row = (key: string, name: string, id: Cell, relation: string, over: Record<string, Cell> = {}): Cell[] =>
  HEADER.map((h) => (h in over ? over[h] : ({ 户编号: key, 姓名: name, 身份证号: id, 与户主关系: relation, 户籍性质: '农村', 行政区划代码: V } as Record<string, Cell>)[h] ?? null));

describe('finding the header', () => {
  it('finds it under a title row, with full-width letters and spaces in the header text, in any column order', async () => {
    const id = person('1970-01-01');
    const r = await parse(['江口村困难群众花名册'], [], ['行政区划代码', '姓　名', ' 户 编 号 ', '身份证号', '与户主关系', '户籍性质'], [V, '张三', 'K1', id, '户主', '农村']);
    expect(r.headerRow).toBe(3);
    expect(r.headers.get('姓名')).toBe('姓　名');
    expect(r.households).toEqual([{ ledgerKey: 'K1', areaCode: V, areaRow: 4, hukou: 'rural', members: [{ row: 4, name: '张三', idNumber: id, relation: 'head', fields: {} }] }]);
  });

  it('names the missing required columns when none of the first 5 rows is a header', async () => {
    const r = await parseLedger(sheet(['姓名', '身份证号'], ['张三', person('1970-01-01')]));
    expect(r).toMatchObject({ noHeader: expect.stringContaining('缺少必填列 户编号、与户主关系、户籍性质、行政区划代码') });
  });

  it('does not take a header below row 5', async () => {
    const r = await parseLedger(sheet([], [], [], [], [], HEADER, row('K', '张三', person('1970-01-01'), '户主')));
    expect('noHeader' in r).toBe(true);
  });
});

describe('赡养人, the column 特困 needs (IMPORT.md)', () => {
  const withSupporter = (key: string, name: string, relation: string, supporter: Cell) => [...row(key, name, person('1950-01-01'), relation), supporter];

  it.each([['有', 'able'], ['无能力', 'unable'], ['无', 'none'], ['', 'able'], ['无法定赡养（抚养）人', 'none']])('reads 赡养人 “%s” as %s (empty = 有)', async (word, code) => {
    const r = await parse([...HEADER, '赡养人'], withSupporter('T', '甲', '户主', word));
    expect(r.errors).toEqual([]);
    expect(r.households[0].members[0].fields.supporter).toBe(code);
  });

  it('reports an unknown 赡养人 word with its row and column', async () => {
    const r = await parse([...HEADER, '赡养人'], withSupporter('T', '甲', '户主', '儿子在外地'));
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, column: '赡养人', message: expect.stringContaining('赡养人') })]);
  });

  it('leaves the stored supporter alone when a ledger has no 赡养人 column', async () => {
    const r = await parse(HEADER, row('T', '甲', person('1950-01-01'), '户主'));
    expect('supporter' in r.households[0].members[0].fields).toBe(false);
  });
});

describe('mapping the words of a ledger to the registry', () => {
  it('maps relations (子/女儿/父亲/孙女/祖母/姐妹/本人…) to the registry codes', async () => {
    const words = { 本人: 'head', 配偶: 'spouse', 子: 'child', 儿子: 'child', 女: 'child', 女儿: 'child', 父亲: 'parent', 母亲: 'parent', 孙子: 'grandchild', 孙女: 'grandchild', 祖父: 'grandparent', 祖母: 'grandparent', 兄弟: 'sibling', 姐妹: 'sibling', 其他: 'other', 子女: 'child', 孙子女: 'grandchild', 祖父母: 'grandparent', 兄弟姐妹: 'sibling' };
    const r = await parse(HEADER, ...Object.keys(words).map((w, i) => row('R', `人${i}`, person('1970-01-01'), w)));
    expect(r.errors).toEqual([]);
    expect(r.households[0].members.map((m) => m.relation)).toEqual(Object.values(words));
  });

  it('maps every optional column, with disability certificates taken as second generation', async () => {
    const r = await parse(HEADER, row('F', '王秀兰', person('1975-05-05', 'female'), '户主', {
      劳动能力: '丧失', 残疾等级: '2', 残疾类别: '肢体', 重病: '尿毒症、恶性肿瘤', 在校情况: '大专及以上', 是否寄宿: '是', 是否就业: '否', 月收入: 1234.5, 自理能力: '半护理', 联系电话: '0739-1234567',
    }));
    expect(r.errors).toEqual([]);
    expect(r.households[0].members[0].fields).toEqual({
      laborCapacity: 'none', disability: { grade: 2, kind: 'physical', certGeneration: 2 }, illnesses: ['kidney_transplant', 'malignant_tumor'], schooling: 'college',
      boarding: true, employed: false, monthlyIncomeYuan: 1234.5, selfCare: 'partial', phone: '0739-1234567',
    });
  });

  it('takes urban from 城镇/非农业 and rural from 农村/农业, and the household hukou from its head', async () => {
    const r = await parse(HEADER, row('U', '甲', person('1970-01-01'), '户主', { 户籍性质: '非农业' }), row('U', '乙', person('1971-01-01'), '配偶', { 户籍性质: '农业' }));
    expect(r.households[0].hukou).toBe('urban');
  });

  it('accepts a lower-case x in an ID number and stores it upper-case', async () => {
    let id = '';
    for (let seq = 1; !id; seq++) { const first17 = `43052519700101${String(seq).padStart(3, '0')}`; if (checkCharacter(first17) === 'X') id = `${first17}x`; }
    const r = await parse(HEADER, row('X', '甲', id, '户主'));
    expect(r.errors).toEqual([]);
    expect(r.households[0].members[0].idNumber).toBe(id.toUpperCase());
  });
});

describe('row errors: each with the spreadsheet row and the header text as written', () => {
  const header = HEADER.map((h) => (h === '身份证号' ? '身份证号 ' : h));
  const errorsOf = async (...rows: Cell[][]) => (await parse(['花名册'], header, ...rows)).errors;

  it('an invalid ID number, a duplicated one, a birth date that does not exist', async () => {
    const id = person('1970-01-01');
    const errors = await errorsOf(row('A', '甲', id, '户主'), row('A', '乙', id.slice(0, 17) + (id[17] === '1' ? '2' : '1'), '配偶'), row('A', '丙', id, '子'), row('B', '丁', '430525198002301234', '户主'));
    expect(errors).toEqual([
      { row: 4, column: '身份证号', message: expect.stringContaining('校验位错误') },
      { row: 5, column: '身份证号', message: '与第 3 行重复' },
      { row: 6, column: '身份证号', message: expect.stringContaining('19800230 不存在') },
    ]);
  });

  it('an ID that Excel stored as a number, as a number cell or as the text 4.30525E+17', async () => {
    const errors = await errorsOf(row('A', '甲', 430525197001010000, '户主'), row('B', '乙', '4.30525E+17', '户主'));
    expect(errors).toEqual([
      { row: 3, column: '身份证号', message: expect.stringContaining('存成了数字') },
      { row: 4, column: '身份证号', message: expect.stringContaining('存成了数字（4.30525E+17）') },
    ]);
  });

  it('a household with no 户主 or with two', async () => {
    const errors = await errorsOf(row('A', '甲', person('1970-01-01'), '配偶'), row('B', '乙', person('1970-01-01'), '户主'), row('B', '丙', person('1970-01-01'), '本人'));
    expect(errors).toEqual([
      { row: 3, column: '与户主关系', message: '户编号 A 没有户主' },
      { row: 5, column: '与户主关系', message: '户编号 B 有多名户主（第 4 行已是户主）' },
    ]);
  });

  it('members of one household in different villages, and area codes that are not villages', async () => {
    const errors = await errorsOf(row('A', '甲', person('1970-01-01'), '户主'), row('A', '乙', person('1970-01-01'), '配偶', { 行政区划代码: '430525102201' }),
      row('B', '丙', person('1970-01-01'), '户主', { 行政区划代码: '430525999999' }), row('C', '丁', person('1970-01-01'), '户主', { 行政区划代码: '430525101' }));
    expect(errors).toEqual([
      { row: 4, column: '行政区划代码', message: expect.stringContaining('同一户的成员须在同一村') },
      { row: 5, column: '行政区划代码', message: expect.stringContaining('不存在') },
      { row: 6, column: '行政区划代码', message: expect.stringContaining('应为 12 位') },
    ]);
  });

  it('keeps the row that gave a household its village, even when no member of that row is valid', async () => {
    const r = await parse(HEADER, row('A', '甲', '430525198001011234', '户主', { 行政区划代码: '' }), row('A', '乙', 'bad', '配偶'), row('A', '丙', person('1970-01-01'), '户主'));
    expect(r.households).toEqual([expect.objectContaining({ ledgerKey: 'A', areaCode: V, areaRow: 3, members: [expect.objectContaining({ row: 4 })] })]);
  });

  it('unknown words in every coded column, and an illness not on the list', async () => {
    const errors = await errorsOf(row('A', '甲', person('1970-01-01'), '表亲', { 户籍性质: '城里', 劳动能力: '很强', 残疾等级: '五级', 重病: '恶性肿瘤、感冒', 在校情况: '博士', 是否寄宿: '也许', 是否就业: '不知道', 自理能力: '还行', 联系电话: '12' }));
    expect(errors.map((e) => e.column).sort()).toEqual(['与户主关系', '劳动能力', '在校情况', '是否就业', '是否寄宿', '户籍性质', '残疾等级', '自理能力', '联系电话', '重病'].sort());
    expect(errors.every((e) => e.row === 3)).toBe(true);
    expect(errors.find((e) => e.column === '重病')?.message).toBe('不在重病病种目录中：感冒');
  });

  it('a ledger key longer than the registry keeps', async () => {
    expect(await errorsOf(row('K'.repeat(51), '甲', person('1970-01-01'), '户主'))).toEqual([{ row: 3, column: '户编号', message: '户编号过长（最多 50 个字符）' }]);
  });

  it('a disability grade without its kind', async () => {
    expect(await errorsOf(row('A', '甲', person('1970-01-01'), '户主', { 残疾等级: '一级' }))).toEqual([{ row: 3, column: '残疾类别', message: '必填，不能为空' }]);
  });

  it('negative and non-numeric income', async () => {
    const errors = await errorsOf(row('A', '甲', person('1970-01-01'), '户主', { 月收入: -5 }), row('B', '乙', person('1970-01-01'), '户主', { 月收入: '八百' }), row('C', '丙', person('1970-01-01'), '户主', { 月收入: '1,500.50' }));
    expect(errors).toEqual([
      { row: 3, column: '月收入', message: '月收入不能为负数' },
      { row: 4, column: '月收入', message: '月收入应为数字（元），实际为“八百”' },
    ]);
  });

  it('missing required values', async () => {
    // A row with only an optional value filled in; an entirely blank row is skipped.
    const errors = await errorsOf(row('', '', '', '', { 户籍性质: '', 行政区划代码: '', 劳动能力: '有' }));
    expect(errors.map((e) => e.column)).toEqual(['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码']);
    expect(errors.every((e) => e.row === 3 && e.message === '必填，不能为空')).toBe(true);
  });

  it('a header written with a trailing space is reported trimmed', async () => {
    expect((await errorsOf(row('A', '甲', 'bad', '户主')))[0].column).toBe('身份证号');
  });

  it('a formula without a cached result, an Excel error value, and a huge cell', async () => {
    const errors = await errorsOf(row('A', '甲', person('1970-01-01'), '户主', { 月收入: { error: '公式没有计算结果（请在 Excel 中打开并保存后再导入）' }, 联系电话: { error: '#N/A' }, 姓名: '名'.repeat(10_000) }));
    expect(errors).toEqual([
      { row: 3, column: '姓名', message: expect.stringContaining('内容过长') },
      { row: 3, column: '月收入', message: expect.stringContaining('公式没有计算结果') },
      { row: 3, column: '联系电话', message: '单元格有错误值 #N/A' },
    ]);
  });

  it('lists every error, sorted by row, rather than stopping at the first', async () => {
    const errors = await errorsOf(...Array.from({ length: 50 }, (_, i) => row(`K${i}`, `人${i}`, 'bad', '户主')));
    expect(errors).toHaveLength(50);
    expect(errors.map((e) => e.row)).toEqual(Array.from({ length: 50 }, (_, i) => i + 3));
  });
});

describe('建档立卡, a household\'s value on the 户主\'s row', () => {
  const H = [...HEADER, '建档立卡'];
  const r = (key: string, name: string, id: Cell, relation: string, poor: Cell): Cell[] => [...row(key, name, id, relation), poor];

  it('takes the 户主\'s row (blank = 否) and accepts the other rows blank or the same, in any order', async () => {
    const p = await parse(H,
      r('A', '子', person('1995-01-01'), '子', null), r('A', '甲', person('1970-01-01'), '户主', '是'), r('A', '妻', person('1972-01-01', 'female'), '配偶', '是'),
      r('B', '乙', person('1971-01-01'), '户主', null));
    expect(p.errors).toEqual([]);
    expect(p.households.map((h) => [h.ledgerKey, h.registeredPoor])).toEqual([['A', true], ['B', false]]);
  });

  it('reports a row that disagrees with the 户主\'s row, and an unknown word, each with its row and column', async () => {
    const p = await parse(H, r('A', '甲', person('1970-02-01'), '户主', '否'), r('A', '妻', person('1972-02-01', 'female'), '配偶', '是'), r('B', '乙', person('1971-02-01'), '户主', '脱贫'));
    expect(p.errors).toEqual([
      { row: 3, column: '建档立卡', message: expect.stringContaining('与户主所在第 2 行（否）不一致') },
      { row: 4, column: '建档立卡', message: expect.stringContaining('无法识别的值“脱贫”') },
    ]);
  });

  it('leaves the value out when the file has no such column (the stored value stays)', async () => {
    const p = await parse(HEADER, row('A', '甲', person('1970-03-01'), '户主'));
    expect('registeredPoor' in p.households[0]).toBe(false);
  });
});
