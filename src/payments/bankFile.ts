/**
 * The bank file of an approved payroll and the bank's return file (PAYROLL.md `bank-file`, `returns`).
 *
 * The bank file lists every line of the payroll in a fixed order (area, household, program, month
 * paid for, kind) with the contract's columns; a CSV ends with `合计,,,,,TOTAL,,,,`. A cell beginning
 * with = + - @ (or a tab / carriage return) gets a leading apostrophe so spreadsheet programs show it
 * as text instead of running it. Every file issued is kept byte for byte (files.ts) with its SHA-256.
 *
 * A return file is the bank file plus 结果 (成功/失败) and 失败原因. Each row is matched to its line by
 * 序号 and checked against the line (account, name, amount, program, month); all rows must be right or
 * nothing is taken. Failed lines are paid again by the next prepared month (payroll.ts). The same file
 * taken twice changes nothing; a later file may decide lines still pending but not reverse a decision.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../db/connection.ts';
import { payrollFiles, payrollLines } from './schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { findArea } from '../domain/areas.ts';
import { formatYuan } from '../domain/money.ts';
import { maskAccount } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { normaliseHeader } from '../ledger/template.ts';
import { csvRows, fileKind, LedgerFileError, xlsxSheets, type Cell, type SheetRow, type Source, sourceBytes } from '../ledger/read.ts';
import { sha256 } from './amounts.ts';
import type { PaymentFiles } from './files.ts';
import { findPayroll } from './payroll.ts';

export const BANK_COLUMNS = ['序号', '账户名', '银行账号', '开户银行', '身份证号', '金额', '救助项目', '所属期', '乡镇', '村（社区）'] as const;
export const RETURN_COLUMNS = [...BANK_COLUMNS, '结果', '失败原因'] as const;

/** A cell as written into a file others open in a spreadsheet: never a formula. */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => csvField(safeCell(c))).join(',')).join('\r\n') + '\r\n';
}

const areaName = (code: string, len: number) => findArea(code.slice(0, len))?.name ?? code.slice(0, len);

type LineRow = typeof payrollLines.$inferSelect;

async function orderedLines(db: Db, payrollId: string): Promise<LineRow[]> {
  return db.select().from(payrollLines).where(eq(payrollLines.payrollId, payrollId))
    .orderBy(asc(payrollLines.areaCode), asc(payrollLines.householdId), asc(payrollLines.program), asc(payrollLines.period), asc(payrollLines.kind), asc(payrollLines.part));
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The rows of the bank file (header first, total last), every cell as text. */
export function bankRows(lines: LineRow[]): { rows: string[][]; totalFen: number } {
  let totalFen = 0;
  const rows: string[][] = [[...BANK_COLUMNS]];
  lines.forEach((l, i) => {
    totalFen += l.amountFen;
    const p = l.payee as Record<string, unknown>;
    rows.push([String(i + 1), str(p.accountName), str(p.accountNo), str(p.bankName), str(p.idNumber), formatYuan(l.amountFen), l.program, l.period,
      areaName(l.areaCode, 9), areaName(l.areaCode, 12)]);
  });
  rows.push(['合计', '', '', '', '', formatYuan(totalFen), '', '', '', '']);
  return { rows, totalFen };
}

async function toXlsx(rows: string[][], at: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = at;
  wb.modified = at;
  wb.creator = 'doudi';
  const ws = wb.addWorksheet('代发明细');
  rows.forEach((r, i) => {
    const isData = i > 0;
    const row = ws.addRow(r.map((c, j) => (isData && j === 5 && c !== '' ? Number(c) : safeCell(c))));
    if (isData) row.getCell(6).numFmt = '0.00';
  });
  ws.getRow(1).font = { bold: true };
  [6, 10, 22, 20, 20, 12, 14, 10, 14, 16].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface BankFile { bytes: Buffer; sha256: string; format: 'csv' | 'xlsx'; rows: number; totalYuan: number; month: string; area: string }

/** Builds the bank file of an approved month, keeps its bytes, records and audits the issue. */
export async function issueBankFile(db: Db, files: PaymentFiles, o: { month: string; area?: string; scope?: string; format: 'csv' | 'xlsx'; actor: string }): Promise<BankFile> {
  const p = await findPayroll(db, o.month, o.area, o.scope ?? '');
  if (p.status !== 'approved') throw new AppError('NOT_APPROVED', `${o.month} 的发放名册尚未审批，审批后才能生成银行代发文件`, 'month', 409);
  const lines = await orderedLines(db, p.id);
  const { rows, totalFen } = bankRows(lines);
  // UTF-8 with a byte-order mark, so spreadsheet programs open the Chinese text correctly.
  const bytes = o.format === 'csv' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(toCsv(rows), 'utf8')]) : await toXlsx(rows, p.approvedAt ?? new Date(0));
  const sha = await files.put(bytes);
  await db.transaction(async (tx) => {
    await tx.insert(payrollFiles).values({ payrollId: p.id, areaCode: p.areaCode, kind: 'bank', format: o.format, sha256: sha, bytes: bytes.length, actor: o.actor });
    // The file carries full account numbers: its entry is the reveal record of them, naming every line it holds.
    await appendAudit(tx, { actor: o.actor, action: 'payroll.bank_file', target: `payroll:${p.id}`, areaCode: p.areaCode || null,
      detail: { month: o.month, format: o.format, sha256: sha, bytes: bytes.length, rows: lines.length, totalFen, lines: lines.map((l) => l.id) } });
  });
  return { bytes, sha256: sha, format: o.format, rows: lines.length, totalYuan: totalFen / 100, month: o.month, area: p.areaCode };
}

export interface ReturnError { row: number; column: string; message: string }
export interface ReturnResult { paid: number; failed: number; errors: ReturnError[] }

const REQUIRED_RETURN = ['序号', '账户名', '银行账号', '金额', '救助项目', '所属期', '结果'] as const;

function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object' && 'error' in c) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 7);
  return String(c).normalize('NFKC').trim();
}

/** A cell as the bank file wrote it: the apostrophe that kept it from being a formula removed. */
const unescape = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

async function readRows(source: Source, fileName: string): Promise<SheetRow[]> {
  const kind = fileKind(fileName);
  const rows: SheetRow[] = [];
  if (kind === 'csv') {
    for await (const r of csvRows(source)) rows.push(r);
  } else {
    for await (const sheet of xlsxSheets(source)) {
      if (rows.length === 0) for await (const r of sheet.rows) rows.push(r);
      else for await (const _ of sheet.rows) { /* drain: a streamed workbook is read to its end */ }
    }
  }
  return rows;
}

/** Takes the bank's return file for an approved month. All rows right, or nothing is taken. */
export async function takeReturnFile(db: Db, files: PaymentFiles, o: { month: string; area?: string; scope?: string; source: Source; fileName: string; actor: string }): Promise<ReturnResult> {
  const p = await findPayroll(db, o.month, o.area, o.scope ?? '');
  if (p.status !== 'approved') throw new AppError('NOT_APPROVED', `${o.month} 的发放名册尚未审批`, 'month', 409);
  const bytes = await sourceBytes(o.source);
  const sha = sha256(bytes);
  const [already] = await db.select().from(payrollFiles).where(and(eq(payrollFiles.payrollId, p.id), eq(payrollFiles.kind, 'return'), eq(payrollFiles.sha256, sha)));
  if (already) {
    await appendAudit(db, { actor: o.actor, action: 'payroll.returns', target: `payroll:${p.id}`, areaCode: p.areaCode || null, detail: { month: o.month, sha256: sha, duplicate: true } });
    const r = already.result as { paid: number; failed: number };
    return { paid: r.paid, failed: r.failed, errors: [] };
  }
  let rows: SheetRow[];
  try {
    rows = await readRows({ buffer: bytes }, o.fileName);
  } catch (e) {
    if (e instanceof LedgerFileError) return { paid: 0, failed: 0, errors: [{ row: 0, column: '', message: e.message }] };
    throw e;
  }
  // Header: the first of rows 1–5 naming the required columns.
  let index: Map<string, number> | null = null;
  let headerRow = 0;
  for (const r of rows.slice(0, 5)) {
    const m = new Map<string, number>();
    r.cells.forEach((c, i) => { const n = typeof c === 'string' ? normaliseHeader(c) : ''; if (n && !m.has(n)) m.set(n, i); });
    if (REQUIRED_RETURN.every((c) => m.has(normaliseHeader(c)))) { index = m; headerRow = r.row; break; }
  }
  if (!index) {
    return { paid: 0, failed: 0, errors: [{ row: 0, column: '', message: `前 5 行中未找到表头：回盘文件应含 ${REQUIRED_RETURN.join('、')} 等列` }] };
  }
  const col = (r: SheetRow, name: string) => cellText(r.cells[index!.get(normaliseHeader(name)) ?? -1]);
  const lines = await orderedLines(db, p.id);
  const errors: ReturnError[] = [];
  const decisions = new Map<number, { status: 'paid' | 'failed'; reason: string | null }>();
  let paid = 0;
  let failed = 0;
  for (const r of rows) {
    if (r.row <= headerRow) continue;
    if (r.cells.every((c) => cellText(c) === '')) continue;
    const no = col(r, '序号');
    if (no === '合计') continue;
    const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
    if (!/^\d+$/.test(no) || Number(no) < 1 || Number(no) > lines.length) { err('序号', `序号应为 1–${lines.length} 之间的整数`); continue; }
    const line = lines[Number(no) - 1];
    if (decisions.has(line.id)) { err('序号', `序号 ${no} 重复`); continue; }
    const payee = line.payee as Record<string, unknown>;
    const checks: [string, string, string][] = [
      ['账户名', unescape(col(r, '账户名')), str(payee.accountName)],
      ['银行账号', unescape(col(r, '银行账号')).replace(/\s+/g, ''), str(payee.accountNo)],
      ['救助项目', col(r, '救助项目'), line.program],
      ['所属期', col(r, '所属期'), line.period],
    ];
    let bad = false;
    for (const [c, got, want] of checks) {
      if (got !== want) { err(c, `与代发文件第 ${no} 笔不一致（应为 ${c === '银行账号' ? maskAccount(want) : want}）`); bad = true; }
    }
    const amount = Number(col(r, '金额').replace(/,/g, ''));
    if (!Number.isFinite(amount) || Math.round(amount * 100) !== line.amountFen) { err('金额', `与代发文件第 ${no} 笔不一致（应为 ${formatYuan(line.amountFen)}）`); bad = true; }
    const result = col(r, '结果');
    if (result !== '成功' && result !== '失败') { err('结果', '结果应为 成功 或 失败'); bad = true; }
    if (bad) continue;
    const status = result === '成功' ? 'paid' : 'failed';
    const reason = status === 'failed' ? col(r, '失败原因').slice(0, 200) || '银行退回' : null;
    if (line.bankStatus !== 'pending' && line.bankStatus !== status) {
      err('结果', `第 ${no} 笔已登记为${line.bankStatus === 'paid' ? '成功' : '失败'}，不能改为${result}`);
      continue;
    }
    decisions.set(line.id, { status, reason });
    if (status === 'paid') paid++; else failed++;
  }
  if (errors.length) return { paid: 0, failed: 0, errors };
  await files.put(bytes);
  await db.transaction(async (tx) => {
    const toPaid = [...decisions].filter(([id, d]) => d.status === 'paid' && lines.find((l) => l.id === id)?.bankStatus === 'pending').map(([id]) => id);
    for (let i = 0; i < toPaid.length; i += 1000) await tx.update(payrollLines).set({ bankStatus: 'paid' }).where(and(inArray(payrollLines.id, toPaid.slice(i, i + 1000)), eq(payrollLines.bankStatus, 'pending')));
    for (const [id, d] of decisions) {
      if (d.status === 'failed') await tx.update(payrollLines).set({ bankStatus: 'failed', failureReason: d.reason }).where(and(eq(payrollLines.id, id), eq(payrollLines.bankStatus, 'pending')));
    }
    await tx.insert(payrollFiles).values({ payrollId: p.id, areaCode: p.areaCode, kind: 'return', format: fileKind(o.fileName), sha256: sha, bytes: bytes.length, result: { paid, failed }, actor: o.actor })
      .onConflictDoNothing();
    await appendAudit(tx, { actor: o.actor, action: 'payroll.returns', target: `payroll:${p.id}`, areaCode: p.areaCode || null, detail: { month: o.month, sha256: sha, paid, failed } });
  });
  return { paid, failed, errors: [] };
}
