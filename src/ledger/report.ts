/** The validation report as a spreadsheet: the original rows of the sheet with an error column added. */
import ExcelJS from 'exceljs';
import { csvRows, fileKind, xlsxSheets, type Cell, type Source } from './read.ts';
import { hasHeader, type LedgerError } from './validate.ts';

/** For an xlsx, the report shows the first sheet with a header: the one the import reads. */
export async function errorReport(source: Source & { buffer: Buffer }, fileName: string, errors: LedgerError[]): Promise<Buffer> {
  const byRow = new Map<number, string[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.column ? `【${e.column}】${e.message}` : e.message]);
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('校验结果');
  const write = (row: number, cells: Cell[]) => {
    const values = cells.map((c) => (c && typeof c === 'object' && 'error' in c ? c.error : c));
    const r = ws.getRow(row);
    r.values = [...values, byRow.get(row)?.join('；') ?? ''];
    if (byRow.has(row)) r.getCell(values.length + 1).font = { color: { argb: 'FFC00000' } };
  };
  let width = 0;
  const rows: { row: number; cells: Cell[] }[] = [];
  if (fileKind(fileName) === 'csv') rows.push(...csvRows(source.buffer));
  else {
    for await (const s of xlsxSheets(source)) {
      const sheetRows: typeof rows = [];
      for await (const r of s.rows) sheetRows.push(r);
      if (rows.length === 0 && hasHeader(sheetRows.slice(0, 5))) rows.push(...sheetRows);
    }
  }
  for (const r of rows) width = Math.max(width, r.cells.length);
  // The error column sits right of the widest row, so it never covers data.
  for (const r of rows) write(r.row, [...r.cells, ...Array(width - r.cells.length).fill(null)]);
  ws.getColumn(width + 1).width = 60;
  ws.getCell(1, width + 1).value ??= '错误说明';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
