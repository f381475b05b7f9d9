/**
 * The validation report as a spreadsheet: the original rows of the sheet the import reads, with
 * an error column added ("错误说明", each error as 【column】message). Written with exceljs's
 * streaming writer, row by row, to a Writable or into a Buffer.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRows, fileKind, toSource, xlsxSheets, type Cell, type SheetRow, type Source } from './read.ts';
import { hasHeader, type LedgerError } from './validate.ts';

/** The rows of the sheet the import reads: the CSV, or the first worksheet with a header in rows 1-5. */
async function* ledgerSheetRows(source: Source, fileName: string): AsyncGenerator<SheetRow> {
  if (fileKind(fileName) === 'csv') {
    yield* csvRows(source);
    return;
  }
  let found = false;
  for await (const sheet of xlsxSheets(source)) {
    const done = found; // a later sheet: read through (the streamed reader needs it), not shown
    const first: SheetRow[] = [];
    for await (const r of sheet.rows) {
      if (done) continue;
      if (found) { yield r; continue; }
      if (first.length < 5 && r.row <= 5) { first.push(r); continue; }
      if (!hasHeader(first)) continue; // not this sheet: read on to its end (the reader needs it)
      found = true;
      yield* first;
      yield r;
    }
    if (!done && !found && hasHeader(first)) { found = true; yield* first; }
  }
}

const shown = (c: Cell) => (c && typeof c === 'object' && !(c instanceof Date) && 'error' in c ? c.error : c);

/** Writes the report to `output`. The file is read twice: once for its width, once to copy it. */
export async function writeErrorReport(source: Source, fileName: string, errors: LedgerError[], output: Writable): Promise<void> {
  const s = toSource(source);
  const byRow = new Map<number, string[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.column ? `【${e.column}】${e.message}` : e.message]);
  // The error column sits right of the widest row, so it never covers data.
  let width = 0;
  let headerRow = 0;
  try {
    for await (const r of ledgerSheetRows(s, fileName)) {
      let w = r.cells.length;
      while (w > 0 && (r.cells[w - 1] === null || r.cells[w - 1] === '')) w--;
      width = Math.max(width, w);
      if (!headerRow && r.row <= 5 && hasHeader([r])) headerRow = r.row;
    }
  } catch {
    // An unreadable file: the report holds its error (row 0) alone.
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const ws = workbook.addWorksheet('校验结果');
  ws.getColumn(width + 1).width = 60;
  const red = { color: { argb: 'FFC00000' } };
  const pending = [...byRow.keys()].sort((a, b) => a - b);
  let written = 0;
  const put = (row: number, cells: Cell[]) => {
    const r = ws.getRow(row);
    cells.slice(0, width).forEach((c, i) => { const v = shown(c); if (v !== null && v !== '') r.getCell(i + 1).value = v; });
    const notes = row === 1 ? [...(byRow.get(0) ?? []), ...(byRow.get(1) ?? [])] : byRow.get(row) ?? [];
    const c = r.getCell(width + 1);
    if (notes.length) { c.value = notes.join('；'); c.font = red; } else if (row === headerRow) { c.value = '错误说明'; c.font = { bold: true }; }
    r.commit();
    written = row;
  };
  /** Rows with errors the file does not show (e.g. the row below the header of an empty sheet). */
  const flushBefore = (row: number) => {
    while (pending.length && pending[0] < row) {
      const p = pending.shift()!;
      if (p === 0) { if (!headerRow && written === 0) put(1, []); } // else shown on row 1 with that row
      else if (p > written) put(p, []);
    }
  };
  if (headerRow) {
    for await (const r of ledgerSheetRows(s, fileName)) {
      flushBefore(r.row);
      if (pending[0] === r.row) pending.shift();
      put(r.row, r.cells);
    }
  }
  flushBefore(Infinity);
  ws.commit();
  await workbook.commit();
}

/** The report as one Buffer (the UI's download of a checked upload). */
export async function errorReport(source: Source, fileName: string, errors: LedgerError[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  await writeErrorReport(source, fileName, errors, out);
  out.end();
  await done;
  return Buffer.concat(chunks);
}
