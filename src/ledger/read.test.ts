import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decodeCsv, xlsxSheets } from './read.ts';

describe('reading ledger files', () => {
  it("keeps every Chinese character of a large streamed xlsx, across the reader's chunk boundaries", async () => {
    const names = Array.from({ length: 20000 }, (_, i) => `欧阳${'德福寿康宁安乐'[i % 7]}${'春夏秋冬'[i % 4]}${i}`);
    for (const sharedStrings of [false, true]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('花名册');
      names.forEach((n) => ws.addRow([n, '湖南省邵阳市洞口县江口镇']));
      const path = join(mkdtempSync(join(tmpdir(), 'doudi-read-')), 'big.xlsx');
      await wb.xlsx.writeFile(path, { useSharedStrings: sharedStrings } as ExcelJS.XlsxWriteOptions);
      const read: string[] = [];
      for await (const sheet of xlsxSheets({ path })) for await (const r of sheet.rows) read.push(r.cells.join('|'));
      expect(read).toEqual(names.map((n) => `${n}|湖南省邵阳市洞口县江口镇`));
    }
  });

  it('tells UTF-8 from GB18030 and strips a BOM', () => {
    expect(decodeCsv(Buffer.from('户编号,姓名'))).toEqual({ text: '户编号,姓名', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名')]))).toEqual({ text: '姓名', encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode('户编号,姓名,䶮', 'gb18030'))).toEqual({ text: '户编号,姓名,䶮', encoding: 'gb18030' });
  });
});
