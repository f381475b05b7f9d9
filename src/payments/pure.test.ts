/** The pure parts of payments: months as ledgers write them, formula-safe cells, CSV quoting, masked accounts, roster rows. */
import { describe, expect, it } from 'vitest';
import { maskAccount } from '../domain/mask.ts';
import { safeCell, toCsv } from './bankFile.ts';
import { addMonth, parseMonth } from './months.ts';
import { parseRoster } from './roster.ts';

describe('payments, pure', () => {
  it('reads months as ledgers write them and refuses what is not a month', () => {
    expect(['2021-12', '2021年1月', '2021年12月', '2021/3', '2021.03'].map(parseMonth)).toEqual(['2021-12', '2021-01', '2021-12', '2021-03', '2021-03']);
    expect(['2021-13', '2021年0月', '21-01', 'abc', ''].map(parseMonth)).toEqual([null, null, null, null, null]);
    expect([addMonth('2024-01', -1), addMonth('2024-12', 1), addMonth('2024-03', -14)]).toEqual(['2023-12', '2025-01', '2023-01']);
  });

  it('never lets a bank file cell start a formula, and quotes CSV cells that need it', () => {
    expect(['=1+1', '+86', '-3', '@SUM(A1)', '\tx', '张三', '840.00'].map(safeCell)).toEqual(["'=1+1", "'+86", "'-3", "'@SUM(A1)", "'\tx", '张三', '840.00']);
    expect(toCsv([['a,b', 'say "hi"', '=HYPERLINK("x")']])).toBe(`"a,b","say ""hi""","'=HYPERLINK(""x"")"\r\n`);
  });

  it('masks account numbers to the last four digits only (no issuer prefix)', () => {
    expect(maskAccount('6230901234567890011')).toBe('***************0011');
    expect(maskAccount('12345678')).toBe('****5678');
  });

  it('checks roster rows by row and column, and refuses a duplicate household and program', () => {
    const header = { row: 1, cells: ['户编号', '救助项目', '起始年月', '开户银行', '银行账号', '账户名', '原保障金额'] };
    const r = parseRoster([header,
      { row: 2, cells: ['A1', '低保', '202401', '银行', '6230901234567890011', '甲', '420.5'] },
      { row: 3, cells: ['A1', '低保', '2024-02', '银行', '6230901234567890011', '甲', null] },
      { row: 4, cells: ['A2', '特困', '2024-02', '银行', 6230901234567890011, '乙', '1.234'] },
    ]);
    expect(r.rows).toMatchObject([{ row: 2, householdNo: 'A1', program: '低保', startMonth: '2024-01', previousFen: 42050 }]);
    expect(r.errors).toEqual([
      { row: 3, column: '救助项目', message: '与第 2 行重复：同一户同一项目只能有一行' },
      { row: 4, column: '银行账号', message: expect.stringContaining('文本') },
      { row: 4, column: '原保障金额', message: '金额最多保留两位小数（到分）' },
    ]);
    expect(parseRoster([{ row: 1, cells: ['户编号', '姓名'] }]).errors[0].message).toContain('缺少必填列 救助项目');
  });
});
