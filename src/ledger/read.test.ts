import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvRows, decodeCsv, xlsxSheets } from './read.ts';

/** A zip with the entries in the given order (what other spreadsheet programs may write). */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0x0800, 6); head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data), 14); head.writeUInt32LE(packed.length, 18); head.writeUInt32LE(data.length, 22); head.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x0800, 8); dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc32(data), 16); dir.writeUInt32LE(packed.length, 20); dir.writeUInt32LE(data.length, 24); dir.writeUInt16LE(fileName.length, 28); dir.writeUInt32LE(offset, 42);
    locals.push(head, fileName, packed);
    central.push(dir, fileName);
    offset += head.length + fileName.length + packed.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10); end.writeUInt32LE(dirSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

describe('reading ledger files', () => {
  it("keeps every Chinese character of a large streamed xlsx, across the reader's chunk boundaries", async () => {
    const names = Array.from({ length: 20000 }, (_, i) => `欧阳${'德福寿康宁安乐'[i % 7]}${'春夏秋冬'[i % 4]}${i}`);
    for (const sharedStrings of [false, true]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('花名册');
      names.forEach((n) => ws.addRow([n, '湖南省邵阳市洞口县江口镇']));
      const dir = mkdtempSync(join(tmpdir(), 'doudi-read-'));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const path = join(dir, 'big.xlsx');
      await wb.xlsx.writeFile(path, { useSharedStrings: sharedStrings } as ExcelJS.XlsxWriteOptions);
      const read: string[] = [];
      for await (const sheet of xlsxSheets({ path })) for await (const r of sheet.rows) read.push(r.cells.join('|'));
      expect(read).toEqual(names.map((n) => `${n}|湖南省邵阳市洞口县江口镇`));
    }
  });

  it('reads a workbook whose shared strings come before the sheet and workbook.xml after it', async () => {
    const file = zip([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'],
      ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
      ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
      ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${NS} count="2" uniqueCount="2"><si><t>户编号</t></si><si><t>江口村</t></si></sst>`],
      ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>42</v></c></row></sheetData></worksheet>`],
      ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ]);
    const rows: unknown[][] = [];
    for await (const sheet of xlsxSheets(file)) for await (const r of sheet.rows) rows.push(r.cells);
    expect(rows).toEqual([['户编号'], ['江口村', 42]]);
  });

  it("reads the worksheets in the workbook's tab order, whatever order the zip stores them in", async () => {
    const sheet = (text: string) => `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
    const file = zip([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'],
      ['xl/worksheets/sheet1.xml', sheet('统计表内容')],
      ['xl/worksheets/sheet2.xml', sheet('花名册内容')],
      ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>`],
      // The user moved 花名册 (stored second) to the first tab.
      ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="花名册" sheetId="2" r:id="rId2"/><sheet name="统计" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ]);
    const read: string[] = [];
    for await (const s of xlsxSheets(file)) for await (const r of s.rows) read.push(`${s.name}:${r.cells.join('')}`);
    expect(read).toEqual(['花名册:花名册内容', '统计:统计表内容']);
  });

  it('names every sheet and resolves its shared strings when the zip stores the sheets first (as exceljs writes)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRows([['请按模板填写']]);
    wb.addWorksheet('花名册').addRows([['户编号', '姓名'], ['S1', '王五']]);
    wb.addWorksheet('统计').addRows([['合计'], [1]]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const expected = ['说明:请按模板填写', '花名册:户编号|姓名', '花名册:S1|王五', '统计:合计', '统计:1'];
    // Many readers at once, some stopping after the second sheet as the import does.
    const reads = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const read: string[] = [];
      let sheets = 0;
      for await (const s of xlsxSheets(bytes)) {
        for await (const r of s.rows) read.push(`${s.name}:${r.cells.join('|')}`);
        if (i % 2 === 0 && ++sheets === 2) break;
      }
      return read;
    }));
    reads.forEach((read, i) => expect(read).toEqual(i % 2 === 0 ? expected.slice(0, 3) : expected));
  });

  it('closes the file when the reader stops after the first sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('一').addRows([['a']]);
    wb.addWorksheet('二').addRows([['b']]);
    const dir = mkdtempSync(join(tmpdir(), 'doudi-read-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'two.xlsx');
    await wb.xlsx.writeFile(path);
    const openFiles = () => readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === path; } catch { return false; } }).length;
    for (let i = 0; i < 5; i++) for await (const s of xlsxSheets({ path })) { for await (const _ of s.rows) { /* read */ } break; }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openFiles()).toBe(0);
  });

  it('reads a CSV file from disk as it goes, in UTF-8 (BOM or not) and GB18030, with Chinese across chunk boundaries', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => [`K${i}`, `欧阳${'德福寿康宁安乐'[i % 7]}${i}`, '"湖南省邵阳市，洞口县"']);
    const text = lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
    const expected = lines.map((l, i) => ({ row: i + 1, cells: [l[0], l[1], '湖南省邵阳市，洞口县'] }));
    const dir = mkdtempSync(join(tmpdir(), 'doudi-csv-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const files = { utf8: Buffer.from(text), bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), gb18030: iconv.encode(text, 'gb18030') };
    for (const [name, bytes] of Object.entries(files)) {
      expect(bytes.length).toBeGreaterThan(3 * 65536);
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, bytes);
      const fromDisk = [];
      for await (const r of csvRows({ path })) fromDisk.push(r);
      expect(fromDisk).toEqual(expected);
      const fromBytes = [];
      for await (const r of csvRows(bytes)) fromBytes.push(r);
      expect(fromBytes).toEqual(expected);
    }
  });

  it('tells UTF-8 from GB18030 and strips a BOM', () => {
    expect(decodeCsv(Buffer.from('户编号,姓名'))).toEqual({ text: '户编号,姓名', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名')]))).toEqual({ text: '姓名', encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode('户编号,姓名,䶮', 'gb18030'))).toEqual({ text: '户编号,姓名,䶮', encoding: 'gb18030' });
  });
});
