/**
 * Reads the rows of a ledger file: .xlsx streamed with exceljs (a large file is never held whole
 * as a workbook), .csv decoded as UTF-8 (with or without BOM) or, failing that, GB18030/GBK, and
 * parsed with csv-parse. Rows keep the number the spreadsheet shows.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';

/**
 * exceljs's streaming reader takes the zip's entries in the order they are stored. Where a
 * worksheet comes before `xl/workbook.xml` or the shared strings (exceljs writes its own files so),
 * it buffers the sheet in a temporary file, and intermittently the sheets then come back without
 * their names or their shared strings (exceljs issue #3064). So the zip is opened by its central
 * directory (yauzl) and exceljs's parsers are handed the parts in the order they depend on each
 * other: the workbook's relations, the workbook, the shared strings, then each worksheet in the
 * workbook's own order. Nothing is buffered; a worksheet is still streamed row by row.
 *
 * Those parsers decode each chunk to text on its own, so a Chinese character split between two
 * chunks would become "��" (exceljs issues #2063, #2084); they pass strings through untouched, so
 * the parts are handed over already decoded.
 */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ value: AsyncIterable<{ number: number; values: unknown[] }> & { name?: string } }>;
}
async function* decoded(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

export type Cell = string | number | boolean | Date | null | { error: string };
export interface SheetRow { row: number; cells: Cell[] }

/** A problem with the file as a whole (not one row): damaged, wrong kind, no sheet. */
export class LedgerFileError extends Error {}

/** A ledger file: a path on disk or the uploaded bytes (plain or wrapped). */
export type Source = { path: string } | { buffer: Buffer } | string | Buffer;

export function toSource(source: Source): { path: string } | { buffer: Buffer } {
  if (typeof source === 'string') return { path: source };
  if (Buffer.isBuffer(source)) return { buffer: source };
  return source;
}

export async function sourceBytes(source: Source): Promise<Buffer> {
  const s = toSource(source);
  return 'buffer' in s ? s.buffer : readFile(s.path);
}

export function fileKind(name: string): 'xlsx' | 'csv' {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xls') || lower.endsWith('.et')) throw new LedgerFileError('不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再导入');
  throw new LedgerFileError(`不支持的文件类型：${name}（仅支持 .xlsx 和 .csv）`);
}

/** An exceljs cell value as a plain value: formulas give their cached result, rich text its text. */
function plain(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return { error: String(o.error) };
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? { error: '公式没有计算结果（请在 Excel 中打开并保存后再导入）' } : plain(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('text' in o) return plain(o.text);
  }
  return String(v);
}

/** The first bytes of an xlsx (a zip), to tell an empty file, an old .xls or something else before streaming. */
async function checkSignature(s: { path: string } | { buffer: Buffer }): Promise<void> {
  let head: Buffer;
  if ('buffer' in s) head = s.buffer.subarray(0, 8);
  else {
    const fh = await open(s.path, 'r');
    try { const b = Buffer.alloc(8); const { bytesRead } = await fh.read(b, 0, 8, 0); head = b.subarray(0, bytesRead); } finally { await fh.close(); }
  }
  if (head.length === 0) throw new LedgerFileError('文件是空的');
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new LedgerFileError('这是旧版 .xls 格式的文件：请在 Excel 中“另存为” .xlsx 后再导入');
  if (!head.subarray(0, 2).equals(Buffer.from('PK'))) throw new LedgerFileError('文件已损坏或不是有效的 xlsx 文件（不是 zip 格式）');
}

/** The worksheets of an xlsx, one after another, each as an async sequence of rows. */
export async function* xlsxSheets(source: Source): AsyncGenerator<{ name: string; rows: AsyncGenerator<SheetRow> }> {
  const s = toSource(source);
  await checkSignature(s);
  let zip: yauzl.ZipFile | undefined;
  let part: Readable | undefined;
  try {
    zip = 'path' in s ? await yauzl.openPromise(s.path, { lazyEntries: true, autoClose: false }) : await yauzl.fromBufferPromise(s.buffer, { lazyEntries: true });
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    const open = async (name: string): Promise<Readable | undefined> => {
      const entry = entries.get(name);
      if (!entry) return undefined;
      part = await zip!.openReadStreamPromise(entry);
      return part;
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(null as never, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore' }) as unknown as ReaderInternals;
    const rels = await open('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const book = await open('xl/workbook.xml');
    if (book) await reader._parseWorkbook(book);
    reader.model ??= {};
    const strings = await open('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(Readable.from(decoded(strings)))) { /* cached on the reader */ }
    // The worksheets in the workbook's order (its tabs), any the workbook does not list after them.
    const tabs = (reader.model.sheets ?? []).map((sheet) => {
      const target = reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target ?? '';
      return { path: target.startsWith('/') ? target.slice(1) : `xl/${target}`, name: sheet.name };
    });
    const rank = (path: string) => { const i = tabs.findIndex((t) => t.path === path); return i < 0 ? tabs.length : i; };
    const sheets = [...entries.keys()].filter((path) => WORKSHEET.test(path)).sort((a, b) => rank(a) - rank(b));
    for (const path of sheets) {
      const stream = (await open(path))!;
      for (const { value: ws } of reader._parseWorksheet(decoded(stream), WORKSHEET.exec(path)![1])) {
        async function* rows(): AsyncGenerator<SheetRow> {
          for await (const r of ws) {
            const values = Array.isArray(r.values) ? r.values : [];
            yield { row: r.number, cells: values.slice(1).map(plain) };
          }
        }
        yield { name: tabs.find((t) => t.path === path)?.name ?? ws.name ?? '', rows: rows() };
      }
      stream.destroy(); // a sheet the reader did not read to its end
    }
  } catch (e) {
    if (e instanceof LedgerFileError) throw e;
    throw new LedgerFileError(`文件已损坏或不是有效的 xlsx 文件（${(e as Error).message}）`);
  } finally {
    part?.destroy();
    zip?.close();
  }
}

/** UTF-8 (BOM or not) when the bytes are valid UTF-8; otherwise GB18030, a superset of GBK. */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

/** The encoding of a CSV file, as decodeCsv decides it, read in chunks (the file is never held whole). */
async function csvFileEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) return 'utf-8';
      first = false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * The records of a CSV one at a time (csv-parse's streaming parser, with back-pressure), so a file
 * of a million rows never becomes a million arrays at once; a file on disk is decoded as it is
 * read (iconv-lite's stream decoder, which strips a UTF-8 BOM) and never held whole. The row number
 * is the record's number, which is the row a spreadsheet program shows (a quoted cell may span
 * lines and still be one row).
 */
export async function* csvRows(source: Source): AsyncGenerator<SheetRow> {
  const s = toSource(source);
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  // An error in any stage destroys the parser with it, which ends the loop below.
  if ('buffer' in s) {
    const { text } = decodeCsv(s.buffer);
    const SLICE = 1 << 16;
    pipeline(Readable.from((function* () { for (let i = 0; i < text.length; i += SLICE) yield text.slice(i, i + SLICE); })()), parser).catch(() => undefined);
  } else {
    const encoding = await csvFileEncoding(s.path);
    pipeline(createReadStream(s.path), iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : 'gb18030'), parser).catch(() => undefined);
  }
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record.map((c) => (c === '' ? null : c)) };
    }
  } catch (e) {
    throw new LedgerFileError(`CSV 格式错误：${(e as Error).message}`);
  } finally {
    parser.destroy(); // pipeline then closes the stages before it (the file included)
  }
}
