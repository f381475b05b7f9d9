/**
 * Ledgers out: the registry (with the list page's filters) as an xlsx in the import template's
 * columns, streamed in keyset pages so 100,000 households never sit in memory at once and other
 * requests run between pages; and the blank template with the allowed values as drop-down lists.
 *
 * Masking follows domain/mask.ts: an export is masked (ID and phone masked, age instead of the
 * birth date the ID would give) unless the caller asks for the full numbers, which only roles with
 * `reveal` may, and the route audits as a bulk reveal. Only a full export re-imports as a ledger.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { households, members } from '../registry/schema.ts';
import { todayInChina } from '../domain/dates.ts';
import { maskMember } from '../domain/mask.ts';
import { DISABILITY_KINDS, ILLNESSES, RELATIONS, SCHOOLING, SELF_CARE } from '../registry/model.ts';
import { householdFilter, type Actor, type ListQuery } from '../registry/store.ts';
import { CANONICAL, COLUMNS } from './template.ts';

/** The registry's labels (子女, 父母, 孙子女…), which the import reads back. */
const RELATION_WORD: Record<string, string> = RELATIONS;
const LABOR_WORD: Record<string, string> = { full: '有', partial: '部分', none: '无' };
const SUPPORTER_WORD: Record<string, string> = { able: '有', unable: '无能力', none: '无' };
const GRADE_WORD = ['', '一级', '二级', '三级', '四级'];
const yesNo = (b: boolean) => (b ? '是' : '否');

type MemberRow = typeof members.$inferSelect;
type HouseholdRow = typeof households.$inferSelect;

/** A row in the template's columns; `today` set means masked (domain/mask.ts), with the age in an extra last column. */
function ledgerRow(h: HouseholdRow, member: MemberRow, today: string | null): (string | number)[] {
  const m = today === null ? member : maskMember(member, today);
  return [
    h.ledgerKey ?? h.id, m.name, m.idNumber, RELATION_WORD[m.relation] ?? '其他', h.hukou === 'urban' ? '城镇' : '农村', h.areaCode,
    LABOR_WORD[m.laborCapacity] ?? '', m.disabilityGrade ? GRADE_WORD[m.disabilityGrade] : '', m.disabilityKind ? DISABILITY_KINDS[m.disabilityKind as keyof typeof DISABILITY_KINDS] : '',
    m.illnesses.map((i) => ILLNESSES[i as keyof typeof ILLNESSES] ?? i).join('、'), SCHOOLING[m.schooling as keyof typeof SCHOOLING] ?? '',
    yesNo(m.boarding), yesNo(m.employed), m.monthlyIncomeFen / 100, SELF_CARE[m.selfCare as keyof typeof SELF_CARE] ?? '', m.phone ?? '', SUPPORTER_WORD[m.supporter] ?? '有',
    // 建档立卡 is the household's value: written on the 户主's row only (IMPORT.md).
    m.relation === 'head' ? yesNo(h.registeredPoor) : '',
    ...('age' in m ? [m.age] : []),
  ];
}

/** The masked export's extra column: the age it shows instead of the birth date. */
export const AGE_COLUMN = '年龄';

const TEXT_COLUMNS = ['户编号', '身份证号', '行政区划代码', '联系电话'];

/** ID numbers and ledger keys as text, so Excel never turns them into rounded numbers. */
function styleColumns(ws: ExcelJS.Worksheet, extra: string[] = []) {
  ws.columns = [...COLUMNS, ...extra].map((header) => ({ header, width: header === '身份证号' ? 22 : header === '行政区划代码' ? 16 : 10, style: TEXT_COLUMNS.includes(header) ? { numFmt: '@' } : {} }));
}

/**
 * The column styles as shared objects, one per column. exceljs gives every new cell its own copy of the
 * column's style and then serializes that copy to find its style id; a cell holding the column's own
 * object is looked up by identity instead, which halves the main thread's work per row of an export.
 */
function sharedStyles(ws: ExcelJS.Worksheet): Partial<ExcelJS.Style>[] {
  const styles: Partial<ExcelJS.Style>[] = [];
  ws.columns.forEach((column, i) => { styles[i + 1] = { ...column.style }; });
  return styles;
}

/** The notes sheet after the data: what the file holds and whether it re-imports. */
function exportNotes(reveal: boolean): string[][] {
  return reveal
    ? [['兜底 · 家庭成员花名册（完整号码）'], ['本表含完整身份证号和联系电话，导出已作为批量查看记入审计日志。请妥善保管，用后删除，不得外传。'],
      ['本表可修改后作为台账重新导入（第一个工作表；本说明页不会被导入）。']]
    : [['兜底 · 家庭成员花名册（已脱敏）'], ['身份证号、联系电话已脱敏，出生日期不导出，以导出当日的年龄代替。'],
      ['本表不能作为台账重新导入（身份证号不完整）。需要可导入的花名册，请由有“查看完整号码”权限的人员导出完整号码版（会记入审计日志）。']];
}

export type ExportFilters = Omit<ListQuery, 'page' | 'pageSize'>;

/** Households written between two turns of the event loop (about 10-20 ms of work on a busy two-core machine). */
const YIELD_EVERY = 50;

export interface ExportOptions {
  /** Full ID and phone numbers (the caller checks the role and audits a bulk reveal); otherwise masked. */
  reveal: boolean;
  /** Households per query; 250 by default. */
  batch?: number;
  /** The day ages are counted on in a masked export; today by default. */
  today?: string;
}

/** How far an export got, updated as rows are written, so the caller can audit one that failed or was abandoned. */
export interface ExportTally {
  households: number;
  people: number;
  completed: boolean;
}

/**
 * Streams the households in scope (an Actor, or just an area-code prefix such as '430525') that
 * match the list page's filters (areaCode prefix, hukou, status, q: name or ID-number prefix) as
 * an xlsx in the template's columns, masked unless `reveal`. Reads keyset pages of `batch`
 * households ordered by (area_code, id), waits for `output` to drain and yields to the event loop
 * between pages and every YIELD_EVERY households (so one export never holds the database connection
 * or the HTTP server's thread for long; the route also limits how many run at once), and stops when `output` is destroyed (the client went away). The workbook's commit
 * ends `output`; `tally` (also returned) counts what was written.
 */
export async function exportRegistry(db: Db, scope: Actor | string, filters: ExportFilters, output: Writable, opts: ExportOptions,
  tally: ExportTally = { households: 0, people: 0, completed: false }): Promise<ExportTally> {
  const actor: Actor = typeof scope === 'string' ? { username: 'export', role: 'auditor', areaCode: scope } : scope;
  const today = opts.reveal ? null : opts.today ?? todayInChina();
  const batch = opts.batch ?? 250;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const ws = workbook.addWorksheet('家庭成员花名册');
  styleColumns(ws, opts.reveal ? [] : [AGE_COLUMN]);
  ws.getRow(1).commit();
  const styles = sharedStyles(ws);
  const conds = householdFilter(actor, filters);
  const memberStatus = filters.status === 'closed' ? 'closed' : 'active';
  let last: HouseholdRow | null = null;
  for (;;) {
    const after: SQL[] = last ? [sql`(${households.areaCode}, ${households.id}) > (${last.areaCode}, ${last.id})`] : [];
    const page: HouseholdRow[] = await db.select().from(households).where(and(...conds, ...after)).orderBy(asc(households.areaCode), asc(households.id)).limit(batch);
    if (page.length === 0 || output.destroyed) break;
    last = page[page.length - 1];
    const ms = await db.select().from(members).where(and(inArray(members.householdId, page.map((h) => h.id)), eq(members.status, memberStatus)))
      .orderBy(asc(members.householdId), asc(members.position));
    const byHousehold = new Map<string, MemberRow[]>(page.map((h) => [h.id, []]));
    for (const m of ms) byHousehold.get(m.householdId)!.push(m);
    for (const [i, h] of page.entries()) {
      // Building rows is the main thread's work: other requests get a turn every YIELD_EVERY households.
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      for (const m of byHousehold.get(h.id)!) {
        const row = ws.addRow(ledgerRow(h, m, today));
        row.eachCell((cell, col) => { cell.style = styles[col]; });
        row.commit();
        tally.people++;
      }
      tally.households++;
    }
    if (page.length < batch) break;
    // Let the client catch up, and let other requests' queries run before the next page.
    if (output.writableNeedDrain) await Promise.race([once(output, 'drain'), once(output, 'close')]);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (output.destroyed) return tally;
  ws.commit();
  const notes = workbook.addWorksheet('说明');
  notes.columns = [{ width: 100 }];
  for (const line of exportNotes(opts.reveal)) notes.addRow(line).commit();
  notes.commit();
  // A client that leaves during the commit must not leave it waiting for a 'finish' that never comes.
  await Promise.race([workbook.commit(), once(output, 'close').catch(() => undefined)]);
  tally.completed = output.writableFinished;
  return tally;
}

/** The blank template: the header, text columns, and drop-down lists of the allowed words. */
export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('花名册');
  styleColumns(ws);
  ws.getRow(1).font = { bold: true };
  COLUMNS.forEach((column, i) => {
    const words = CANONICAL[column];
    if (!words) return;
    const letter = ws.getColumn(i + 1).letter;
    for (let r = 2; r <= 1000; r++) {
      ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${words.join(',')}"`], showErrorMessage: true, errorTitle: '取值无效', error: `请从下拉列表中选择：${words.join('、')}` };
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const notes = workbook.addWorksheet('填写说明');
  notes.addRows([
    ['兜底 · 困难群众家庭成员花名册模板'], ['每行一人；户编号相同的行为同一户；每户有且只有一名户主。'],
    ['必填列：户编号、姓名、身份证号、与户主关系、户籍性质、行政区划代码（12 位村/社区代码）。'],
    ['身份证号列已设为文本格式，请勿改为数字，否则末几位会丢失。'], ['重病可填多个，用顿号“、”分隔，须为重病病种目录中的名称。'],
    ['残疾等级留空表示无残疾；填写残疾等级时须填残疾类别。月收入以元为单位，不能为负数。'],
    ['赡养人：有（法定赡养、抚养、扶养人有能力）、无能力（有义务人但无履行能力）、无（无法定义务人）；留空为“有”。特困供养认定需要此列。'],
    ['建档立卡：是 / 否（建档立卡户、脱贫户），是全户的值，填在户主所在行，其他成员行留空或填相同的值；留空为“否”。医疗救助的类别和补足需要此列。'],
    [],
    ['重病病种目录：' + Object.values(ILLNESSES).join('、') + '（也可填常见名称，如尿毒症、癌症、白血病）'],
  ]);
  notes.getColumn(1).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
