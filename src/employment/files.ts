/**
 * 人社's service file (csv or xlsx, one service a row; columns vocabulary.ts FILE_COLUMNS): read with the
 * import helpers the feeds use, every row checked (the person registered in the loader's area with that
 * name, the kind, the dates, the numbers) before anything is written; all or nothing. The file is kept
 * under `<dir>/<sha256>`; the same file loaded again is refused.
 */
import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError, fieldPath } from '../errors.ts';
import { members } from '../registry/schema.ts';
import type { Actor } from '../registry/store.ts';
import { isEmptyRow, keepFile, sha256File, sheetRows } from '../verification/feeds.ts';
import { cellText, normalizeText, parseDate, parseYuan, type RowError } from '../verification/sources.ts';
import { serviceInput, type ServiceInput } from './model.ts';
import { employmentFiles } from './schema.ts';
import { addService } from './store.ts';
import { FILE_COLUMNS, REQUIRED_FILE_COLUMNS, SERVICE_KINDS } from './vocabulary.ts';
import { dateInChina } from '../domain/dates.ts';

const KIND_OF: Record<string, string> = Object.fromEntries(Object.entries(SERVICE_KINDS).flatMap(([k, v]) => [[normalizeText(v).replace(/[“”"]/g, ''), k], [k, k]]));
const COLUMN_OF_FIELD: Record<string, string> = { ...FILE_COLUMNS, monthlyWageYuan: FILE_COLUMNS.monthlyWage };
const yesNo = (t: string): boolean | null | undefined => (t === '' ? undefined : /^(是|已结业|结业|已就业|就业|y|yes|1)$/i.test(t) ? true : /^(否|未结业|未就业|n|no|0)$/i.test(t) ? false : null);

export interface FileResult { fileId: number | null; rows: number; loaded: number; errors: RowError[] }

export async function loadServiceFile(db: Db, actor: Actor, o: { path: string; fileName: string; dir: string; today: string }): Promise<FileResult> {
  const { sha256, bytes } = await sha256File(o.path);
  const [seen] = await db.select({ id: employmentFiles.id, at: employmentFiles.loadedAt }).from(employmentFiles)
    .where(and(eq(employmentFiles.sha256, sha256), like(employmentFiles.areaCode, `${actor.areaCode.slice(0, 6)}%`))).limit(1);
  if (seen) throw new AppError('DUPLICATE_FILE', `该文件已于 ${dateInChina(seen.at)} 导入过，未重复导入`, 'file', 409);

  const errors: RowError[] = [];
  const services: { row: number; input: ServiceInput }[] = [];
  let positions: Map<string, number> | null = null;
  let rows = 0;
  for await (const r of sheetRows(o.path, o.fileName)) {
    if (isEmptyRow(r.cells)) continue;
    if (!positions) {
      positions = new Map();
      r.cells.forEach((c, i) => { const n = normalizeText(cellText(c)); if (Object.values(FILE_COLUMNS).includes(n as never) && !positions!.has(n)) positions!.set(n, i); });
      const missing = REQUIRED_FILE_COLUMNS.filter((c) => !positions!.has(c));
      if (missing.length) throw new AppError('BAD_FILE', `文件缺少必需的列：${missing.join('、')}（第一行应为列名：${Object.values(FILE_COLUMNS).join('、')}）`, 'file');
      continue;
    }
    rows++;
    const cell = (c: string) => { const i = positions!.get(c); return i === undefined ? null : r.cells[i] ?? null; };
    const text = (c: string) => cellText(cell(c));
    const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
    const idNumber = text('身份证号').toUpperCase();
    const [m] = idNumber ? await db.select({ id: members.id, name: members.name }).from(members)
      .where(and(eq(members.idNumber, idNumber), eq(members.status, 'active'), like(members.areaCode, `${actor.areaCode}%`))).limit(1) : [];
    if (!m) { err('身份证号', idNumber ? '该身份证号不是您管辖范围内有效家庭的成员' : '身份证号不能为空'); continue; }
    if (normalizeText(text('姓名')) !== normalizeText(m.name)) { err('姓名', '姓名与家庭档案中该身份证号的姓名不一致'); continue; }
    const kind = KIND_OF[normalizeText(text('服务类型')).replace(/[“”"]/g, '')];
    if (!kind) { err('服务类型', `服务类型应为：${Object.values(SERVICE_KINDS).join('、')}`); continue; }
    const date = parseDate(cell('日期'));
    if (!date) { err('日期', '日期应为有效日期，如 2024-03-01'); continue; }
    const endText = text('结束日期');
    const endDate = endText ? parseDate(cell('结束日期')) : null;
    if (endText && !endDate) { err('结束日期', '结束日期应为有效日期，如 2024-03-15'); continue; }
    const daysText = text('培训天数');
    const days = daysText ? Number(daysText) : null;
    const completed = yesNo(text('是否结业'));
    const employedAfter = yesNo(text('培训后就业'));
    if (completed === null) { err('是否结业', '是否结业应填“是”或“否”'); continue; }
    if (employedAfter === null) { err('培训后就业', '培训后就业应填“是”或“否”'); continue; }
    const wageText = text('月工资');
    const wage = wageText ? parseYuan(wageText) : null;
    if (wageText && wage === null) { err('月工资', '月工资应为金额（元），最多两位小数'); continue; }
    const raw = {
      memberId: m.id, kind, date, endDate, course: text('培训项目') || null, days, completed: completed ?? null, employedAfter: employedAfter ?? null,
      employer: text('用工单位') || null, monthlyWageYuan: wage, broker: text('劳务经纪人') || null,
    };
    const parsed = serviceInput.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      err(COLUMN_OF_FIELD[fieldPath(issue.path)] ?? '服务类型', issue.message);
      continue;
    }
    if (parsed.data.broker) { err('劳务经纪人', '劳务经纪人的收款账户不在文件中：请在页面上逐条登记介绍就业的安置'); continue; }
    services.push({ row: r.row, input: parsed.data });
  }
  if (!positions) throw new AppError('BAD_FILE', '文件是空的，没有列名和数据', 'file');
  if (errors.length) return { fileId: null, rows, loaded: 0, errors };

  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [file] = await tx.insert(employmentFiles).values({ sha256, fileName: o.fileName, bytes, areaCode: actor.areaCode, loadedBy: actor.username, rows, loaded: services.length }).returning({ id: employmentFiles.id });
    for (const s of services) {
      try {
        await addService(tx, actor, s.input, { today: o.today, source: 'file', fileId: file.id });
      } catch (e) {
        if (e instanceof AppError && e.status < 500) throw new AppError(e.code, `第 ${s.row} 行：${e.message}`, 'file', e.status);
        throw e;
      }
    }
    await keepFile(o.path, o.dir, sha256);
    await appendAudit(tx, { actor: actor.username, action: 'employment.file', target: `employment-file:${file.id}`, areaCode: actor.areaCode, detail: { fileName: o.fileName, sha256, rows, loaded: services.length } });
    return { fileId: file.id, rows, loaded: services.length, errors: [] };
  });
}
