/**
 * From a sheet's rows to households: finds the header among the first 5 rows, checks every cell
 * and every household (one 户主, one village, no repeated person) and lists every error with its
 * row and column. Pure apart from the national division data; the registry is checked later.
 */
import { findArea } from '../domain/areas.ts';
import { parseIdNumber } from '../domain/idNumber.ts';
import { phoneSchema, type MemberInput } from '../registry/model.ts';
import type { Cell, SheetRow } from './read.ts';
import { COLUMNS, DISABILITY_GRADES, ILLNESS_NAMES, normaliseHeader, REQUIRED, VALUES, type Column } from './template.ts';

export interface LedgerError { row: number; column: string; message: string }

/** A person as the ledger gives them; optional columns absent from the file are left out (the stored value stays). */
export interface LedgerMember {
  row: number;
  name: string;
  idNumber: string;
  relation: MemberInput['relation'];
  fields: Partial<Pick<MemberInput, 'laborCapacity' | 'disability' | 'illnesses' | 'schooling' | 'boarding' | 'employed' | 'monthlyIncomeYuan' | 'selfCare' | 'supporter' | 'phone'>>;
}

export interface LedgerHousehold {
  ledgerKey: string;
  areaCode: string;
  hukou: 'urban' | 'rural';
  members: LedgerMember[];
  /** The row that gave the household its village (where an error about the village belongs); 0 when none did. */
  areaRow: number;
  /** 建档立卡 (registeredPoor), the 户主's row's value (blank = 否); absent when the file has no such column. */
  registeredPoor?: boolean;
}

export interface ParsedLedger {
  headerRow: number;
  /** Header text as written, by column. */
  headers: Map<Column, string>;
  rows: number;
  households: LedgerHousehold[];
  errors: LedgerError[];
}

const MAX_CELL = 500;

/** The header: the first of rows 1-5 naming all the required columns. */
function findHeader(first: SheetRow[]): { row: SheetRow; index: Map<Column, number> } | null {
  for (const row of first) {
    const index = new Map<Column, number>();
    row.cells.forEach((c, i) => {
      const name = typeof c === 'string' ? normaliseHeader(c) : '';
      if ((COLUMNS as readonly string[]).includes(name) && !index.has(name as Column)) index.set(name as Column, i);
    });
    if ([...REQUIRED].every((c) => index.has(c))) return { row, index };
  }
  return null;
}

export function hasHeader(first: SheetRow[]): boolean {
  return findHeader(first.filter((r) => r.row <= 5)) !== null;
}

/** Whether none of the first rows is a header, and which required columns the best candidate lacks. */
export function headerProblem(first: SheetRow[]): string {
  let best: string[] = [...REQUIRED];
  for (const row of first) {
    const names = new Set(row.cells.map((c) => (typeof c === 'string' ? normaliseHeader(c) : '')));
    const missing = [...REQUIRED].filter((c) => !names.has(c));
    if (missing.length < best.length) best = missing;
  }
  return `前 5 行中未找到表头：缺少必填列 ${best.join('、')}`;
}

const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

/**
 * Validates the rows of one sheet. `rows` must yield the sheet's rows in order. Read whole on purpose: one
 * pass over a streamed sheet, finding the header, then checking each row against the households seen so far.
 */
export async function parseLedger(rows: AsyncIterable<SheetRow> | Iterable<SheetRow>): Promise<ParsedLedger | { noHeader: string; firstRows: SheetRow[] }> {
  const first: SheetRow[] = [];
  let header: ReturnType<typeof findHeader> = null;
  const errors: LedgerError[] = [];
  const households = new Map<string, LedgerHousehold & { firstRow: number; poorValues: { row: number; value: boolean | null; head: boolean }[] }>();
  const seenIds = new Map<string, number>();
  let count = 0;
  let headers = new Map<Column, string>();

  for await (const r of rows) {
    if (!header) {
      if (r.row > 5) continue; // keep reading to the end: stopping a streamed sheet early is not safe
      first.push(r);
      header = findHeader([r]);
      if (header) headers = new Map([...header.index].map(([c, i]) => [c, String(header!.row.cells[i]).trim()]));
      continue;
    }
    if (r.cells.every(isBlank)) continue;
    count++;
    const h = header;
    const err = (column: Column, message: string) => errors.push({ row: r.row, column: headers.get(column) ?? column, message });
    const cell = (column: Column): Cell | undefined => (h.index.has(column) ? r.cells[h.index.get(column)!] ?? null : undefined);
    /** The cell as text: undefined when the file has no such column, null when its problem is already reported. */
    const text = (column: Column): string | undefined | null => {
      const c = cell(column);
      if (c === undefined || isBlank(c)) return c === undefined ? undefined : '';
      if (typeof c === 'object' && c !== null && 'error' in c) { err(column, `单元格有错误值 ${c.error}`); return null; }
      const s = (c instanceof Date ? c.toISOString().slice(0, 10) : String(c)).normalize('NFKC').trim();
      if (s.length > MAX_CELL) { err(column, `内容过长（${s.length} 个字符，最多 ${MAX_CELL}）`); return null; }
      return s;
    };
    const required = (column: Column): string | null => {
      const s = text(column);
      if (s === '' || s === undefined) err(column, '必填，不能为空');
      return s || null;
    };
    /** undefined: the file has no such column; null: blank (an error when required) or not a known word. */
    const coded = <T>(column: Column, map: Record<string, T>, what: string, isRequired = false): T | undefined | null => {
      const s = text(column);
      if (s === undefined || s === null) return s;
      if (s === '') { if (isRequired) err(column, '必填，不能为空'); return null; }
      const v = map[s.replace(/\s+/g, '')];
      if (v === undefined) { err(column, `无法识别的${what}“${s}”，可填：${Object.keys(map).slice(0, 16).join('、')}`); return null; }
      return v;
    };

    let key = required('户编号');
    if (key && key.length > 50) { err('户编号', '户编号过长（最多 50 个字符）'); key = null; }
    const name = required('姓名');
    if (name && name.length > 50) err('姓名', '姓名过长');

    let idNumber: string | null = null;
    const idCell = cell('身份证号');
    const idText = text('身份证号');
    if (typeof idCell === 'number' || (idText && /^\d(\.\d+)?e\+?\d+$/i.test(idText))) {
      err('身份证号', `身份证号被 Excel 存成了数字（${idText}），末几位已丢失：请把该列设为“文本”后重新录入`);
    } else if (idText) {
      const p = parseIdNumber(idText);
      if (!p.ok) err('身份证号', p.message);
      else if (seenIds.has(p.value.idNumber)) err('身份证号', `与第 ${seenIds.get(p.value.idNumber)} 行重复`);
      else { idNumber = p.value.idNumber; seenIds.set(idNumber, r.row); }
    } else if (idText !== null) {
      err('身份证号', '必填，不能为空');
    }

    const relation = coded('与户主关系', VALUES.与户主关系, '与户主关系', true);
    const hukou = coded('户籍性质', VALUES.户籍性质, '户籍性质', true);
    const areaText = required('行政区划代码');
    let areaCode: string | null = null;
    if (areaText) {
      const area = /^\d{12}$/.test(areaText) ? findArea(areaText) : undefined;
      if (!/^\d{12}$/.test(areaText)) err('行政区划代码', `应为 12 位村（社区）代码，实际为“${areaText}”`);
      else if (!area || area.level !== 'village') err('行政区划代码', `区划代码 ${areaText} 在国家区划数据中不存在`);
      else areaCode = areaText;
    }

    const fields: LedgerMember['fields'] = {};
    const labor = coded('劳动能力', VALUES.劳动能力, '劳动能力');
    if (labor !== undefined) fields.laborCapacity = labor ?? 'full';
    const grade = coded('残疾等级', DISABILITY_GRADES, '残疾等级');
    if (grade !== undefined) {
      const kind = grade ? coded('残疾类别', VALUES.残疾类别, '残疾类别', true) : null;
      if (grade && kind === undefined) err('残疾等级', '填写了残疾等级时须有“残疾类别”列');
      fields.disability = grade && kind ? { grade, kind, certGeneration: 2 } : null;
    }
    const ill = text('重病');
    if (ill !== undefined && ill !== null) {
      const names = ill.split(/[、,，;；\s]+/).filter(Boolean);
      const unknown = names.filter((n) => !ILLNESS_NAMES[n]);
      if (unknown.length) err('重病', `不在重病病种目录中：${unknown.join('、')}`);
      fields.illnesses = [...new Set(names.map((n) => ILLNESS_NAMES[n]).filter(Boolean))];
    }
    const schooling = coded('在校情况', VALUES.在校情况, '在校情况');
    if (schooling !== undefined) fields.schooling = schooling ?? 'none';
    const boarding = coded('是否寄宿', VALUES.是否, '值（是/否）');
    if (boarding !== undefined) fields.boarding = boarding ?? false;
    const employed = coded('是否就业', VALUES.是否, '值（是/否）');
    if (employed !== undefined) fields.employed = employed ?? false;
    const incomeCell = cell('月收入');
    const income = text('月收入');
    if (income !== undefined && income !== null) {
      const n = typeof incomeCell === 'number' ? incomeCell : income === '' ? 0 : /^-?\d+(\.\d+)?$/.test(income.replace(/,/g, '')) ? Number(income.replace(/,/g, '')) : NaN;
      if (Number.isNaN(n)) err('月收入', `月收入应为数字（元），实际为“${income}”`);
      else if (n < 0) err('月收入', '月收入不能为负数');
      else if (n > 1e8) err('月收入', '月收入过大');
      else fields.monthlyIncomeYuan = Math.round(n * 100) / 100;
    }
    const selfCare = coded('自理能力', VALUES.自理能力, '自理能力');
    if (selfCare !== undefined) fields.selfCare = selfCare ?? 'able';
    const supporter = coded('赡养人', VALUES.赡养人, '赡养人（有 / 无能力 / 无）');
    if (supporter !== undefined) fields.supporter = supporter ?? 'able'; // empty = 有 (IMPORT.md)
    const phone = text('联系电话');
    if (phone !== undefined && phone !== null) {
      if (phone && !phoneSchema.safeParse(phone).success) err('联系电话', `联系电话应为 11 位手机号或带区号的固话，实际为“${phone}”`);
      else fields.phone = phone || null;
    }

    // 建档立卡: a household's value, read on every row and checked against the 户主's row below.
    const poorText = text('建档立卡');
    let poor: boolean | null | undefined = poorText === undefined ? undefined : null;
    if (poorText) {
      poor = VALUES.是否[poorText.replace(/\s+/g, '')];
      if (poor === undefined) { err('建档立卡', `无法识别的值“${poorText}”，可填：是、否`); poor = null; }
    }

    if (!key) continue;
    let household = households.get(key);
    if (!household) households.set(key, (household = { ledgerKey: key, areaCode: areaCode ?? '', areaRow: areaCode ? r.row : 0, hukou: hukou ?? 'rural', members: [], firstRow: r.row, poorValues: [] }));
    if (poor !== undefined) household.poorValues.push({ row: r.row, value: poor, head: relation === 'head' });
    if (areaCode && household.areaCode && areaCode !== household.areaCode) {
      err('行政区划代码', `与同户第 ${household.firstRow} 行的村（社区）${household.areaCode} 不一致：同一户的成员须在同一村（社区）`);
    }
    if (!household.areaCode && areaCode) { household.areaCode = areaCode; household.areaRow = r.row; }
    if (relation === 'head' && hukou) household.hukou = hukou;
    if (name && idNumber && relation) household.members.push({ row: r.row, name, idNumber, relation, fields });
  }

  if (!header) return { noHeader: headerProblem(first), firstRows: first };
  const relationColumn = headers.get('与户主关系')!;
  for (const h of households.values()) {
    const heads = h.members.filter((m) => m.relation === 'head');
    if (heads.length === 0 && h.members.length > 0) errors.push({ row: h.firstRow, column: relationColumn, message: `户编号 ${h.ledgerKey} 没有户主` });
    for (const extra of heads.slice(1)) errors.push({ row: extra.row, column: relationColumn, message: `户编号 ${h.ledgerKey} 有多名户主（第 ${heads[0].row} 行已是户主）` });
    const headPoor = h.poorValues.find((v) => v.head);
    if (headPoor) {
      h.registeredPoor = headPoor.value ?? false;
      for (const v of h.poorValues) {
        if (!v.head && v.value !== null && v.value !== h.registeredPoor) {
          errors.push({ row: v.row, column: headers.get('建档立卡') ?? '建档立卡', message: `建档立卡与户主所在第 ${headPoor.row} 行（${h.registeredPoor ? '是' : '否'}）不一致：这是全户的值，写在户主行，其他行留空或相同` });
        }
      }
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { headerRow: header.row.row, headers, rows: count, households: [...households.values()].map(({ firstRow: _, poorValues: __, ...h }) => h), errors };
}
