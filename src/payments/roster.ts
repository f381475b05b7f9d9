/**
 * `doudi recipients import` (PAYROLL.md): a county's existing recipients (在保对象花名册) become
 * entitlements. The households must already be in the registry (matched by 户编号 inside the area);
 * each row's snapshot is the household as stored now (registry/toEvaluation.ts). All or nothing: any
 * bad row and nothing is written. A row whose 原保障金额 differs from the amount computed for the
 * current month is listed under `differences`, not rejected. An open entitlement for the same
 * household and program is left as it is, so re-importing the same file creates nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, inArray, isNull, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { entitlements, entitlementSnapshots } from './schema.ts';
import { households } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { fenToYuan } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { normaliseHeader } from '../ledger/template.ts';
import { csvRows, fileKind, LedgerFileError, sourceBytes, xlsxSheets, type Cell, type SheetRow, type Source } from '../ledger/read.ts';
import { loadSnapshots } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { AmountCalculator, sha256 } from './amounts.ts';
import { isProgram, type Program } from './entitlements.ts';
import { currentMonth, parseMonth } from './months.ts';
import type { PolicySource } from './policySource.ts';

export const ROSTER_COLUMNS = ['户编号', '救助项目', '起始年月', '开户银行', '银行账号', '账户名', '原保障金额'] as const;
const REQUIRED = ROSTER_COLUMNS.slice(0, 6);

export interface RosterError { row: number; column: string; message: string }
export interface RosterDifference { householdNo: string; program: string; previousYuan: number; computedYuan: number }
export interface RosterResult { rows: number; entitlements: number; created: number; errors: RosterError[]; differences: RosterDifference[] }

interface RosterRow { row: number; householdNo: string; program: Program; startMonth: string; bankName: string; accountNo: string; accountName: string; previousFen: number | null }

const blank = (c: Cell | undefined) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

function text(c: Cell | undefined): string {
  if (blank(c)) return '';
  if (typeof c === 'object' && c !== null && !(c instanceof Date)) return '';
  if (c instanceof Date) return `${c.getUTCFullYear()}-${String(c.getUTCMonth() + 1).padStart(2, '0')}`;
  return String(c).normalize('NFKC').trim();
}

/** Checks the rows of a roster (pure): the parsed rows and every error by row and column. */
export function parseRoster(rows: SheetRow[]): { rows: RosterRow[]; errors: RosterError[]; dataRows: number } {
  let index: Map<string, number> | null = null;
  let headerRow = 0;
  let best: string[] = [...REQUIRED];
  for (const r of rows.filter((x) => x.row <= 5)) {
    const m = new Map<string, number>();
    r.cells.forEach((c, i) => { const n = typeof c === 'string' ? normaliseHeader(c) : ''; if (n && !m.has(n)) m.set(n, i); });
    const missing = REQUIRED.filter((c) => !m.has(c));
    if (missing.length === 0) { index = m; headerRow = r.row; break; }
    if (missing.length < best.length) best = missing;
  }
  if (!index) return { rows: [], dataRows: 0, errors: [{ row: 0, column: '', message: `前 5 行中未找到表头：缺少必填列 ${best.join('、')}` }] };
  const errors: RosterError[] = [];
  const out: RosterRow[] = [];
  const seen = new Map<string, number>();
  let dataRows = 0;
  for (const r of rows) {
    if (r.row <= headerRow || r.cells.every(blank)) continue;
    dataRows++;
    const cell = (c: string) => r.cells[index.get(c) ?? -1];
    const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
    const before = errors.length;
    const householdNo = text(cell('户编号'));
    if (!householdNo) err('户编号', '必填，不能为空');
    const program = text(cell('救助项目'));
    if (!isProgram(program)) err('救助项目', '应为 低保、特困 或 残疾人两项补贴');
    const startText = text(cell('起始年月'));
    const startMonth = /^\d{6}$/.test(startText) ? parseMonth(`${startText.slice(0, 4)}-${startText.slice(4)}`) : parseMonth(startText);
    if (!startMonth) err('起始年月', '应为 YYYY-MM 或 YYYY年M月，如 2021-12 或 2021年12月');
    const bankName = text(cell('开户银行'));
    if (!bankName) err('开户银行', '必填，不能为空');
    const rawAccount = cell('银行账号');
    const accountNo = text(rawAccount).replace(/\s+/g, '');
    if (typeof rawAccount === 'number' && !Number.isSafeInteger(rawAccount)) err('银行账号', '账号在表格中被存成了数字，后几位已丢失：请把该列设为“文本”格式后重新填写');
    else if (!/^\d{12,30}$/.test(accountNo)) err('银行账号', '应为 12–30 位数字');
    const accountName = text(cell('账户名'));
    if (!accountName) err('账户名', '必填，不能为空');
    let previousFen: number | null = null;
    if (index.has('原保障金额') && !blank(cell('原保障金额'))) {
      const v = Number(text(cell('原保障金额')).replace(/[,元]/g, ''));
      if (!Number.isFinite(v) || v < 0) err('原保障金额', '应为不小于 0 的金额（元/月）');
      else if (Math.abs(v * 100 - Math.round(v * 100)) > 1e-6) err('原保障金额', '金额最多保留两位小数（到分）');
      else previousFen = Math.round(v * 100);
    }
    if (errors.length === before) {
      const k = `${householdNo}|${program}`;
      if (seen.has(k)) { err('救助项目', `与第 ${seen.get(k)} 行重复：同一户同一项目只能有一行`); continue; }
      seen.set(k, r.row);
      out.push({ row: r.row, householdNo, program: program as Program, startMonth: startMonth!, bankName, accountNo, accountName, previousFen });
    }
  }
  return { rows: out, errors, dataRows };
}

async function readAll(source: Source, fileName: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  if (fileKind(fileName) === 'csv') { for await (const r of csvRows(source)) rows.push(r); return rows; }
  for await (const sheet of xlsxSheets(source)) {
    if (rows.length === 0) for await (const r of sheet.rows) rows.push(r);
    else for await (const _ of sheet.rows) { /* read to the end */ }
  }
  return rows;
}

export async function importRoster(db: Db, o: { source: Source; fileName: string; policy: PolicySource; dryRun: boolean; actor: string; scope?: string; month?: string }): Promise<RosterResult> {
  const fail = (message: string): RosterResult => ({ rows: 0, entitlements: 0, created: 0, errors: [{ row: 0, column: '', message }], differences: [] });
  let sheet: SheetRow[];
  let fileSha: string;
  try {
    fileKind(o.fileName);
    const bytes = await sourceBytes(o.source);
    fileSha = sha256(bytes);
    sheet = await readAll({ buffer: bytes }, o.fileName);
  } catch (e) {
    if (e instanceof LedgerFileError) return fail(e.message);
    throw e;
  }
  const parsed = parseRoster(sheet);
  const scope = o.scope ?? '';
  const errors = [...parsed.errors];
  // Households by 户编号 inside the scope; a number used in two counties is ambiguous.
  const numbers = [...new Set(parsed.rows.map((r) => r.householdNo))];
  const found = new Map<string, { id: string; areaCode: string; status: string }[]>();
  for (let i = 0; i < numbers.length; i += 5000) {
    const hs = await db.select({ id: households.id, areaCode: households.areaCode, status: households.status, ledgerKey: households.ledgerKey }).from(households)
      .where(and(inArray(households.ledgerKey, numbers.slice(i, i + 5000)), like(households.areaCode, `${scope}%`)));
    for (const h of hs) { const l = found.get(h.ledgerKey!); if (l) l.push(h); else found.set(h.ledgerKey!, [h]); }
  }
  const rowsOk: (RosterRow & { householdId: string; areaCode: string })[] = [];
  for (const r of parsed.rows) {
    const hs = found.get(r.householdNo) ?? [];
    if (hs.length === 0) errors.push({ row: r.row, column: '户编号', message: `户编号 ${r.householdNo} 不在家庭档案中：请先导入家庭台账` });
    else if (hs.length > 1) errors.push({ row: r.row, column: '户编号', message: `户编号 ${r.householdNo} 在多个县（区）中都有，无法确定是哪一户` });
    else if (hs[0].status !== 'active') errors.push({ row: r.row, column: '户编号', message: `户编号 ${r.householdNo} 的家庭已注销` });
    else rowsOk.push({ ...r, householdId: hs[0].id, areaCode: hs[0].areaCode });
  }
  const snapshots = new Map<string, Record<string, unknown>>();
  const ids = [...new Set(rowsOk.map((r) => r.householdId))];
  for (let i = 0; i < ids.length; i += 5000) {
    for (const [id, s] of await loadSnapshots(db, ids.slice(i, i + 5000))) snapshots.set(id, toEvaluationInput(s.household, s.members) as unknown as Record<string, unknown>);
  }
  // Differences: the amount the engine computes now against 原保障金额.
  const differences: RosterDifference[] = [];
  const month = o.month ?? currentMonth();
  const calc = new AmountCalculator();
  const withPrevious = rowsOk.filter((r) => r.previousFen !== null);
  try {
    for (const c of new Set(withPrevious.map((r) => r.areaCode.slice(0, 6)))) await o.policy.forCounty(c);
  } catch (e) {
    if (e instanceof AppError) return { ...fail(e.message), rows: parsed.dataRows };
    throw e;
  }
  withPrevious.forEach((r, i) => {
    const a = calc.amount(o.policy.loaded(r.areaCode.slice(0, 6)).pack, month, i, snapshots.get(r.householdId), r.program);
    const computed = a.ok ? a.fen : 0;
    if (computed !== r.previousFen) differences.push({ householdNo: r.householdNo, program: r.program, previousYuan: fenToYuan(r.previousFen!), computedYuan: fenToYuan(computed) });
  });
  // Open entitlements already there are left alone.
  const open = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.select({ householdId: entitlements.householdId, program: entitlements.program }).from(entitlements)
      .where(and(inArray(entitlements.householdId, ids.slice(i, i + 5000)), isNull(entitlements.endMonth)));
    for (const r of rows) open.add(`${r.householdId}|${r.program}`);
  }
  const toCreate = rowsOk.filter((r) => !open.has(`${r.householdId}|${r.program}`));
  const result: RosterResult = { rows: parsed.dataRows, entitlements: parsed.rows.length, created: errors.length ? 0 : toCreate.length, errors, differences };
  if (errors.length || o.dryRun) return result;

  await db.transaction(async (tx) => {
    for (let i = 0; i < toCreate.length; i += 1000) {
      const chunk = toCreate.slice(i, i + 1000).map((r) => ({ r, id: randomUUID() }));
      await tx.insert(entitlements).values(chunk.map(({ r, id }) => ({ id, householdId: r.householdId, areaCode: r.areaCode, program: r.program, startMonth: r.startMonth,
        bank: { bankName: r.bankName, accountNo: r.accountNo, accountName: r.accountName }, source: { kind: 'roster', fileSha256: fileSha, row: r.row }, createdBy: o.actor })));
      await tx.insert(entitlementSnapshots).values(chunk.map(({ r, id }) => ({ entitlementId: id, areaCode: r.areaCode, fromMonth: r.startMonth,
        snapshot: snapshots.get(r.householdId)!, reason: '在保对象花名册导入', actor: o.actor })));
    }
    await appendAudit(tx, { actor: o.actor, action: 'recipients.import', target: `file:${fileSha}`, areaCode: scope || null,
      detail: { fileName: o.fileName, sha256: fileSha, rows: result.rows, created: toCreate.length, householdIds: toCreate.map((r) => r.householdId) } });
  });
  return result;
}

