/**
 * The department feeds of ../shared/contract/VERIFY.md (pure): each source's columns, which are
 * required, the values each column accepts, and the checking of one row. Headers are matched after
 * NFKC normalisation (full-width letters and digits become half-width) with every space removed, so
 * "身份证号 " and "身份证号" are one column, in any order.
 */
import { parseIdNumber } from '../domain/idNumber.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { hasAtMostTwoDecimals } from '../registry/model.ts';

export { SOURCES, SOURCE_LABELS, type SourceName } from './sourceNames.ts';
import { SOURCES, type SourceName } from './sourceNames.ts';

type ValueKind = 'text' | 'date' | 'money' | 'number' | { values: readonly string[] } | 'grade' | 'disabilityKind' | 'generation';

export interface ColumnDef { name: string; required: boolean; kind: ValueKind }

const col = (name: string, required: boolean, kind: ValueKind = 'text'): ColumnDef => ({ name, required, kind });
const ID = col('身份证号', true);
const NAME = col('姓名', true);

export const DISABILITY_KIND_WORDS: Record<string, string> = { 视力: 'visual', 听力: 'hearing', 言语: 'speech', 肢体: 'physical', 智力: 'intellectual', 精神: 'mental', 多重: 'multiple' };
const GRADE_WORDS: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, 1: 1, 2: 2, 3: 3, 4: 4, '1级': 1, '2级': 2, '3级': 3, '4级': 4 };
export const SCHOOL_STAGES = ['学前', '小学', '初中', '高中', '中职', '大专及以上'] as const;

export const SOURCE_COLUMNS: Record<SourceName, ColumnDef[]> = {
  death: [ID, NAME, col('死亡日期', true, 'date')],
  vehicle: [ID, NAME, col('号牌号码', true), col('车辆类型', false), col('初次登记日期', false, 'date'), col('残疾人专用车', true, { values: ['是', '否'] })],
  business: [ID, NAME, col('统一社会信用代码', true), col('主体名称', false), col('登记状态', true, { values: ['存续', '在业', '吊销', '注销'] })],
  property: [ID, NAME, col('不动产权证号', true), col('坐落', false), col('用途', true, { values: ['住宅', '商业', '工业', '其他'] }), col('建筑面积', false, 'number')],
  deposit: [ID, NAME, col('银行', false), col('余额', true, 'money')],
  payroll: [ID, NAME, col('单位', true), col('月工资', false, 'money')],
  wage: [ID, NAME, col('单位', false), col('月工资', true, 'money')],
  disability: [ID, NAME, col('残疾类别', true, 'disabilityKind'), col('残疾等级', true, 'grade'), col('证件代别', false, 'generation')],
  enrolment: [ID, NAME, col('学校', false), col('学段', true, { values: SCHOOL_STAGES }), col('在校状态', true, { values: ['在读', '休学', '退学', '毕业'] })],
};

export const isSource = (s: string): s is SourceName => (SOURCES as readonly string[]).includes(s);

/** A header or value as compared: NFKC (full-width → half-width), no spaces of any width. */
export const normalizeText = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');

/** 残疾等级 一级…四级 or 1…4 as 1…4; null when it is neither. */
export function parseGrade(s: string): number | null {
  return GRADE_WORDS[normalizeText(s)] ?? null;
}

/** 残疾类别 视力…多重 (also written 视力残疾) as the registry's key; null when unknown. */
export function parseDisabilityKind(s: string): string | null {
  return DISABILITY_KIND_WORDS[normalizeText(s).replace(/残疾$/, '')] ?? null;
}

/** A yuan amount written in a cell (commas allowed) as a number, or null. */
export function parseYuan(s: string): number | null {
  const t = normalizeText(s).replace(/,/g, '').replace(/元$/, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) && hasAtMostTwoDecimals(n) && n <= 1e12 ? n : null;
}

export function parseDate(cell: unknown): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const t = normalizeText(String(cell));
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/** The text of a cell as stored: numbers as written, dates as YYYY-MM-DD, everything trimmed. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'object' && 'error' in (cell as object)) return '';
  return String(cell).normalize('NFKC').trim();
}

export interface RowError { row: number; column: string; message: string }

/** Maps a header row to column positions; the missing required columns are listed. */
export function mapHeader(source: SourceName, header: unknown[]): { positions: Map<string, number>; missing: string[] } {
  const wanted = SOURCE_COLUMNS[source];
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const name = normalizeText(cellText(h));
    if (wanted.some((c) => c.name === name) && !positions.has(name)) positions.set(name, i);
  });
  return { positions, missing: wanted.filter((c) => c.required && !positions.has(c.name)).map((c) => c.name) };
}

export type CheckedRow = { ok: true; idNumber: string; name: string; data: Record<string, string> } | { ok: false; error: RowError };

/** Checks one data row of a source: the first problem found is the row's error. */
export function checkRow(source: SourceName, positions: Map<string, number>, row: number, cells: unknown[]): CheckedRow {
  const data: Record<string, string> = {};
  for (const c of SOURCE_COLUMNS[source]) {
    const i = positions.get(c.name);
    const raw = i === undefined ? null : cells[i];
    if (raw !== null && raw !== undefined && typeof raw === 'object' && 'error' in (raw as object)) {
      return { ok: false, error: { row, column: c.name, message: `${c.name}单元格有错误（${(raw as { error: string }).error}）` } };
    }
    const text = cellText(raw);
    if (text === '') {
      if (c.required) return { ok: false, error: { row, column: c.name, message: `${c.name}不能为空` } };
      continue;
    }
    let value = text;
    const bad = (what: string) => ({ ok: false as const, error: { row, column: c.name, message: `${c.name}“${text}”${what}` } });
    if (c.name === '身份证号') {
      const r = parseIdNumber(text);
      if (!r.ok) return { ok: false, error: { row, column: c.name, message: r.message } };
      value = r.value.idNumber;
    } else if (c.kind === 'date') {
      const d = parseDate(raw);
      if (!d) return bad('不是有效日期（应为 YYYY-MM-DD）');
      value = d;
    } else if (c.kind === 'money') {
      const n = typeof raw === 'number' ? (raw >= 0 && hasAtMostTwoDecimals(raw) ? raw : null) : parseYuan(text);
      if (n === null) return bad('应为不小于 0、最多两位小数的金额（元）');
      value = String(n);
    } else if (c.kind === 'number') {
      const n = typeof raw === 'number' ? raw : Number(normalizeText(text).replace(/,/g, ''));
      if (!Number.isFinite(n) || n < 0) return bad('应为不小于 0 的数字');
      value = String(n);
    } else if (c.kind === 'grade') {
      if (parseGrade(text) === null) return bad('不是有效的残疾等级（一级…四级 或 1…4）');
    } else if (c.kind === 'disabilityKind') {
      if (parseDisabilityKind(text) === null) return bad(`不是有效的残疾类别（${Object.keys(DISABILITY_KIND_WORDS).join('、')}）`);
    } else if (c.kind === 'generation') {
      if (!['1', '2'].includes(normalizeText(text))) return bad('应为 1 或 2');
      value = normalizeText(text);
    } else if (typeof c.kind === 'object') {
      value = normalizeText(text);
      if (!c.kind.values.includes(value)) return bad(`不是有效值（应为 ${c.kind.values.join('、')} 之一）`);
    }
    data[c.name] = value;
  }
  const { 身份证号: idNumber, 姓名: name, ...rest } = data;
  return { ok: true, idNumber, name, data: rest };
}

/** A period YYYY-MM. */
export const isPeriod = (s: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
