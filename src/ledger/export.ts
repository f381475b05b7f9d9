/**
 * Ledgers out: the registry (with the list page's filters) as an xlsx in the import template's
 * columns, streamed page by page so 100,000 households never sit in memory at once; and the blank
 * template with the allowed values as drop-down lists.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { households, members } from '../db/schema.ts';
import { DISABILITY_KINDS, ILLNESSES, RELATIONS, SCHOOLING, SELF_CARE } from '../registry/model.ts';
import { householdFilter, type Actor, type ListQuery } from '../registry/store.ts';
import { CANONICAL, COLUMNS } from './template.ts';

/** The registry's labels (子女, 父母, 孙子女…), which the import reads back. */
const RELATION_WORD: Record<string, string> = RELATIONS;
const LABOR_WORD: Record<string, string> = { full: '有', partial: '部分', none: '无' };
const GRADE_WORD = ['', '一级', '二级', '三级', '四级'];
const yesNo = (b: boolean) => (b ? '是' : '否');

type MemberRow = typeof members.$inferSelect;
type HouseholdRow = typeof households.$inferSelect;

function ledgerRow(h: HouseholdRow, m: MemberRow): (string | number)[] {
  return [
    h.ledgerKey ?? h.id, m.name, m.idNumber, RELATION_WORD[m.relation] ?? '其他', h.hukou === 'urban' ? '城镇' : '农村', h.areaCode,
    LABOR_WORD[m.laborCapacity] ?? '', m.disabilityGrade ? GRADE_WORD[m.disabilityGrade] : '', m.disabilityKind ? DISABILITY_KINDS[m.disabilityKind as keyof typeof DISABILITY_KINDS] : '',
    m.illnesses.map((i) => ILLNESSES[i as keyof typeof ILLNESSES] ?? i).join('、'), SCHOOLING[m.schooling as keyof typeof SCHOOLING] ?? '',
    yesNo(m.boarding), yesNo(m.employed), m.monthlyIncomeFen / 100, SELF_CARE[m.selfCare as keyof typeof SELF_CARE] ?? '', m.phone ?? '',
  ];
}

/** ID numbers and ledger keys as text, so Excel never turns them into rounded numbers. */
function styleColumns(ws: ExcelJS.Worksheet) {
  ws.columns = COLUMNS.map((header) => ({ header, width: header === '身份证号' ? 22 : header === '行政区划代码' ? 16 : 10, style: ['户编号', '身份证号', '行政区划代码', '联系电话'].includes(header) ? { numFmt: '@' } : {} }));
}

export type ExportFilters = Omit<ListQuery, 'page' | 'pageSize'>;

/**
 * Streams the households in scope (an Actor, or just an area-code prefix such as '430525') that
 * match the list page's filters (areaCode prefix, hukou, status, q: name or ID-number prefix) as
 * an xlsx in the template's columns, 2,000 households a page; returns the number of people written.
 * The caller ends nothing: the workbook's commit ends `output`.
 */
export async function exportRegistry(db: Db, scope: Actor | string, filters: ExportFilters, output: Writable): Promise<number> {
  const actor: Actor = typeof scope === 'string' ? { username: 'export', role: 'auditor', areaCode: scope } : scope;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const ws = workbook.addWorksheet('家庭成员花名册');
  styleColumns(ws);
  ws.getRow(1).commit();
  const conds = householdFilter(actor, filters);
  let lastId = '';
  let people = 0;
  for (;;) {
    const page = await db.select().from(households).where(and(...conds, gt(households.id, lastId))).orderBy(asc(households.id)).limit(2000);
    if (page.length === 0) break;
    lastId = page[page.length - 1].id;
    const ms = await db.select().from(members).where(and(inArray(members.householdId, page.map((h) => h.id)), eq(members.status, filters.status === 'closed' ? 'closed' : 'active')))
      .orderBy(asc(members.householdId), asc(members.position));
    const byId = new Map(page.map((h) => [h.id, h]));
    for (const m of ms) {
      ws.addRow(ledgerRow(byId.get(m.householdId)!, m)).commit();
      people++;
    }
  }
  ws.commit();
  await workbook.commit();
  return people;
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
    [],
    ['重病病种目录：' + Object.values(ILLNESSES).join('、') + '（也可填常见名称，如尿毒症、癌症、白血病）'],
  ]);
  notes.getColumn(1).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
