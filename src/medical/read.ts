/**
 * Reading the settlement file of the medical insurance platform (../shared/contract/MEDICAL.md
 * § Settlement file): .csv (UTF-8 with or without BOM, or GB18030/GBK) or .xlsx through the ledger
 * and feed readers; the header row is the first non-empty row, headers compared after NFKC with
 * spaces removed, in any order. Each row is checked (checkSettlementValues, also for one settlement
 * sent by a hospital's system) and every problem listed with its row and column; amounts become fen.
 */
import { parseIdNumber } from '../domain/idNumber.ts';
import { yuanToFen } from '../domain/money.ts';
import { LedgerFileError } from '../ledger/read.ts';
import { AppError } from '../errors.ts';
import { checkBank } from '../payments/entitlements.ts';
import { hasAtMostTwoDecimals } from '../registry/model.ts';
import { isEmptyRow, sheetRows } from '../verification/feeds.ts';
import { cellText, normalizeText, parseDate, parseYuan, type RowError } from '../verification/sources.ts';
import { HOSPITAL_LEVELS, METHODS, VISIT_TYPES, type Method, type SettlementRow, type VisitType } from './model.ts';

export const REQUIRED_COLUMNS = ['结算编号', '身份证号', '姓名', '就诊类型', '医院级别', '结算日期', '医疗总费用', '政策范围内费用', '基本医保支付', '大病保险支付', '结算方式'] as const;
export const OPTIONAL_COLUMNS = ['医院名称', '医疗救助支付', '病种', '开户银行', '银行账号', '账户名'] as const;
export const COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** The file could not be read as a settlement file at all (no header, a required column missing, damaged). */
export class SettlementFileError extends Error {}

export type CheckedSettlement = { ok: true; row: SettlementRow } | { ok: false; errors: RowError[] };

/**
 * Checks one settlement's values by column name (cells as read, or JSON values): every problem with
 * its column. The disease code is kept as written (the pack decides which codes are known).
 */
export function checkSettlementValues(get: (column: string) => unknown, row: number, today: string): CheckedSettlement {
  const errors: RowError[] = [];
  const fail = (column: string, message: string) => { errors.push({ row, column, message }); };
  const text = (column: string) => {
    const raw = get(column);
    if (raw !== null && typeof raw === 'object' && 'error' in (raw as object)) { fail(column, `${column}单元格有错误（${(raw as { error: string }).error}）`); return ''; }
    return cellText(raw);
  };
  const required = (column: string) => { const t = text(column); if (!t) fail(column, `${column}不能为空`); return t; };
  const oneOf = <T extends string>(column: string, values: readonly T[]): T | null => {
    const t = required(column);
    if (!t) return null;
    const v = normalizeText(t);
    if (!(values as readonly string[]).includes(v)) { fail(column, `${column}“${t}”不是有效值（应为 ${values.join('、')} 之一）`); return null; }
    return v as T;
  };
  const money = (column: string, optional = false): number | null => {
    const raw = get(column);
    const t = optional ? text(column) : required(column);
    if (!t) return optional ? 0 : null;
    const n = typeof raw === 'number' ? (raw >= 0 && hasAtMostTwoDecimals(raw) ? raw : null) : parseYuan(t);
    if (n === null) { fail(column, `${column}“${t}”应为不小于 0、最多两位小数的金额（元）`); return null; }
    return yuanToFen(n);
  };

  const settlementNo = normalizeText(required('结算编号'));
  const idText = required('身份证号');
  let idNumber = '';
  if (idText) {
    const r = parseIdNumber(idText);
    if (r.ok) idNumber = r.value.idNumber; else fail('身份证号', r.message);
  }
  const name = required('姓名');
  const visitType = oneOf<VisitType>('就诊类型', VISIT_TYPES);
  const hospitalLevel = oneOf('医院级别', HOSPITAL_LEVELS);
  const hospitalName = text('医院名称') || null;
  const dateText = required('结算日期');
  let date: string | null = null;
  if (dateText) {
    date = parseDate(get('结算日期'));
    if (!date) fail('结算日期', `结算日期“${dateText}”不是有效日期（应为 YYYY-MM-DD）`);
    else if (date > today) { fail('结算日期', `结算日期 ${date} 晚于今天 ${today}`); date = null; }
  }
  const totalFen = money('医疗总费用');
  const policyFen = money('政策范围内费用');
  const basicFen = money('基本医保支付');
  const seriousFen = money('大病保险支付');
  const recordedFen = money('医疗救助支付', true);
  if (totalFen !== null && policyFen !== null && policyFen > totalFen) fail('政策范围内费用', '政策范围内费用不能大于医疗总费用');
  if (totalFen !== null && basicFen !== null && seriousFen !== null && recordedFen !== null && basicFen + seriousFen + recordedFen > totalFen) {
    fail('基本医保支付', '基本医保支付 + 大病保险支付 + 医疗救助支付 不能大于医疗总费用');
  }
  const diseaseRaw = text('病种') || null;
  const method = oneOf<Method>('结算方式', METHODS);
  let bank: SettlementRow['bank'] = null;
  const bankName = text('开户银行');
  const accountNo = text('银行账号');
  const accountName = text('账户名');
  if (bankName || accountNo || accountName) {
    try {
      bank = checkBank({ bankName, accountNo, accountName });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const column = { 'bank.bankName': '开户银行', 'bank.accountNo': '银行账号', 'bank.accountName': '账户名' }[e.path ?? ''] ?? '银行账号';
      fail(column, e.message);
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, row: {
    settlementNo, idNumber, name, visitType: visitType!, hospitalLevel: hospitalLevel!, hospitalName, date: date!, totalFen: totalFen!, policyFen: policyFen!,
    basicFen: basicFen!, seriousFen: seriousFen!, recordedFen: recordedFen!, disease: null, diseaseRaw, method: method!, bank, row,
  } };
}

/** Reads and checks a whole settlement file; rows counts the data rows (empty rows are not rows). */
export async function readSettlementFile(path: string, fileName: string, today: string): Promise<{ rows: number; settlements: SettlementRow[]; errors: RowError[] }> {
  let positions: Map<string, number> | null = null;
  const settlements: SettlementRow[] = [];
  const errors: RowError[] = [];
  let rows = 0;
  try {
    for await (const r of sheetRows(path, fileName)) {
      if (isEmptyRow(r.cells)) continue;
      if (!positions) {
        const found = new Map<string, number>();
        r.cells.forEach((h, i) => { const n = normalizeText(cellText(h)); if ((COLUMNS as string[]).includes(n) && !found.has(n)) found.set(n, i); });
        const missing = REQUIRED_COLUMNS.filter((c) => !found.has(c));
        if (missing.length) throw new SettlementFileError(`缺少必需的列：${missing.join('、')}（表头应为第一个非空行，即第 ${r.row} 行）`);
        positions = found;
        continue;
      }
      rows++;
      const p = positions;
      const checked = checkSettlementValues((c) => { const i = p.get(c); return i === undefined ? null : r.cells[i] ?? null; }, r.row, today);
      if (checked.ok) settlements.push(checked.row); else errors.push(...checked.errors);
    }
  } catch (e) {
    if (e instanceof LedgerFileError) throw new SettlementFileError(e.message);
    throw e;
  }
  if (!positions) throw new SettlementFileError('文件中没有表头行（第一个非空行应为表头）');
  return { rows, settlements, errors };
}
