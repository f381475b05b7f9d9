/**
 * Medical-assistance routes (docs/medical.md § HTTP API): a hospital's system posts one settlement and
 * gets the assistance back at once (一站式 at discharge); county staff upload the insurance platform's
 * settlement file (streamed to disk, all or nothing); lists of files and settlements; the monthly
 * statements owed to hospitals; the premium and identity lists with their downloads; the household
 * page's summary; the leader's figures. Everything is scoped to the user's area, ID numbers masked
 * unless a role that may reveal downloads a list (audited as a bulk reveal); every write is audited.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { can, SCOPE_LENGTH } from '../auth/roles.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { maskIdNumber } from '../domain/mask.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { fileKind } from '../ledger/read.ts';
import { PolicySource } from '../payments/policySource.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { sha256File } from '../verification/feeds.ts';
import type { RowError } from '../verification/sources.ts';
import { countyOf, peopleByIdNumber } from './facts.ts';
import { identityFile, identityList, premiumList } from './lists.ts';
import { CATEGORIES, CATEGORY_LABELS, HOSPITAL_LEVELS, METHODS, VISIT_TYPES } from './model.ts';
import { checkSettlementValues, readSettlementFile, SettlementFileError } from './read.ts';
import { settle, type SettleResult } from './store.ts';
import { figures, householdMedical, listSettlements, statements, statementXlsx, storedResult } from './views.ts';
import ExcelJS from 'exceljs';
import { safeCell } from '../payments/bankFile.ts';
import { PREMIUM_CATEGORIES } from './rules.ts';
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { medicalFiles } from './schema.ts';

export const MAX_SETTLEMENT_FILE_BYTES = 50 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** What an account of role `hospital` may call: its settlements, its statements, and its own session. */
const HOSPITAL_ROUTES = new Set(['POST /api/medical/settlements', 'GET /api/medical/statements', 'GET /api/medical/statements.xlsx', 'GET /api/me', 'POST /api/logout']);
export function hospitalMayCall(method: string, url: string): boolean {
  return HOSPITAL_ROUTES.has(`${method} ${url.split('?')[0]}`);
}

export interface MedicalRoutesOptions {
  /** Where settlement files are kept, content-addressed (the data directory's medical/, as `doudi medical settle` keeps them); none: a temporary directory removed on close. */
  medicalDir?: string;
}

/** The settlement file's columns under their JSON names (the hospital route's body). */
const FIELDS: Record<string, string> = {
  settlementNo: '结算编号', idNumber: '身份证号', name: '姓名', visitType: '就诊类型', hospitalLevel: '医院级别', hospitalName: '医院名称', date: '结算日期',
  totalYuan: '医疗总费用', policyYuan: '政策范围内费用', basicYuan: '基本医保支付', seriousYuan: '大病保险支付', recordedYuan: '医疗救助支付', disease: '病种', method: '结算方式',
};
const COLUMN_FIELD = Object.fromEntries(Object.entries(FIELDS).map(([f, c]) => [c, f]));
Object.assign(COLUMN_FIELD, { 开户银行: 'bank.bankName', 银行账号: 'bank.accountNo', 账户名: 'bank.accountName' });

const yuan = (label: string) => z.number({ error: `${label}应为金额（元）` }).min(0, `${label}不能为负数`).max(1e10, `${label}过大`);
const settlementBody = z.object({
  settlementNo: z.string({ error: '请填写结算编号' }).trim().min(1, '请填写结算编号').max(64, '结算编号过长'),
  idNumber: z.string({ error: '请填写身份证号' }).max(32, '身份证号无效'),
  name: z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(50, '姓名过长'),
  visitType: z.enum(VISIT_TYPES, { error: `就诊类型应为 ${VISIT_TYPES.join('、')} 之一` }),
  hospitalLevel: z.enum(HOSPITAL_LEVELS, { error: `医院级别应为 ${HOSPITAL_LEVELS.join('、')} 之一` }),
  hospitalName: z.string().max(100, '医院名称过长').optional(),
  date: z.string({ error: '请填写结算日期' }).refine(isValidIsoDate, '结算日期应为有效日期 YYYY-MM-DD'),
  totalYuan: yuan('医疗总费用'), policyYuan: yuan('政策范围内费用'), basicYuan: yuan('基本医保支付'), seriousYuan: yuan('大病保险支付'),
  recordedYuan: yuan('医疗救助支付').optional(),
  disease: z.string().max(64, '病种代码过长').nullable().optional(),
  method: z.enum(METHODS, { error: `结算方式应为 ${METHODS.join('、')} 之一` }),
  bank: z.object({ bankName: z.string().max(100), accountNo: z.string().max(40), accountName: z.string().max(50) }).nullable().optional(),
}).strict();

declare module 'fastify' {
  interface FastifyRequest { medicalUploadPath?: string }
}

function countyRole(req: FastifyRequest, permission: 'medical.manage' | 'medical.read' | 'medical.statements'): Actor {
  const actor = requirePermission(req, permission);
  if (SCOPE_LENGTH[actor.role] !== 6) throw new AppError('FORBIDDEN', '此功能由县级工作人员使用', undefined, 403);
  return actor;
}

const monthQuery = z.string({ error: '请提供月份 month' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM');
const yearQuery = z.coerce.number({ error: '年份应为 4 位数字' }).int('年份应为 4 位数字').min(1990, '年份无效').max(2100, '年份无效');
const dateQuery = z.string({ error: '请提供日期 date' }).refine(isValidIsoDate, '日期应为有效日期 YYYY-MM-DD');

export const medicalRoutes = (db: Db, opts: MedicalRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const ownDir = join(tmpdir(), `doudi-medical-${randomUUID()}`);
  const dir = opts.medicalDir ?? join(ownDir, 'kept');
  const ownUploads = join(ownDir, 'uploads');
  app.addHook('onClose', async () => { await rm(ownDir, { recursive: true, force: true }); });
  app.addHook('onSend', async (_req, reply) => { reply.header('cache-control', 'no-store'); });

  // The settlement file goes straight to disk, counted against the limit as it arrives.
  app.addContentTypeParser('application/octet-stream', async (req: FastifyRequest, body: Readable) => {
    if (!req.medicalUploadPath) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '此接口不接受文件上传', undefined, 415);
    const tooLarge = () => new AppError('FILE_TOO_LARGE', `文件过大：结算数据文件不能超过 ${MAX_SETTLEMENT_FILE_BYTES / 1024 / 1024} MB，请拆分后分批上传`, 'file', 413);
    if (Number(req.headers['content-length'] ?? 0) > MAX_SETTLEMENT_FILE_BYTES) throw tooLarge();
    let bytes = 0;
    const limit = new Transform({ transform: (chunk: Buffer, _e, cb) => { bytes += chunk.length; cb(bytes > MAX_SETTLEMENT_FILE_BYTES ? tooLarge() : null, chunk); } });
    await mkdir(ownUploads, { recursive: true, mode: 0o700 });
    try {
      await pipeline(body, limit, createWriteStream(req.medicalUploadPath, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      if (e instanceof AppError) throw e;
      if ((e as NodeJS.ErrnoException).syscall) throw e;
      throw new AppError('UPLOAD_FAILED', '文件上传中断，请重新上传', 'file', 400);
    }
    return { bytes };
  });
  const cleanup = async (req: FastifyRequest) => { if (req.medicalUploadPath) await rm(req.medicalUploadPath, { force: true }); };

  app.post('/api/medical/settlements', {
    schema: {
      tags: ['medical'], summary: '一站式结算：医院提交一笔结算，立即返回医疗救助金额 one settlement from a hospital',
      description: '仅限定点医疗机构账号（角色 hospital）。字段与结算数据文件的列相同；同一结算编号以相同数值再次提交返回已存结果（replayed: true），数值不同返回 409。不是本县登记对象的患者不予一站式结算（422，不保存）。',
      body: settlementBody,
    },
  }, async (req) => {
    const actor = requirePermission(req, 'medical.settle');
    const b = req.body;
    const hospitalName = req.user?.displayName ?? b.hospitalName ?? null;
    const values: Record<string, unknown> = { ...Object.fromEntries(Object.entries(FIELDS).map(([f, c]) => [c, (b as Record<string, unknown>)[f] ?? null])), 医院名称: hospitalName,
      开户银行: b.bank?.bankName ?? null, 银行账号: b.bank?.accountNo ?? null, 账户名: b.bank?.accountName ?? null };
    const checked = checkSettlementValues((c) => values[c] ?? null, 0, todayInChina());
    if (!checked.ok) {
      const e = checked.errors[0];
      throw new AppError('INVALID_INPUT', e.message, COLUMN_FIELD[e.column] ?? e.column);
    }
    const person = (await peopleByIdNumber(db, [checked.row.idNumber])).get(checked.row.idNumber);
    if (!person || countyOf(person.household) !== actor.areaCode) {
      throw new AppError('NOT_IN_COUNTY', '该患者不是本县（区）登记的救助对象，不能在本院一站式结算医疗救助；请按普通结算办理，由其户籍所在地受理', 'idNumber', 422);
    }
    const r = await settle(db, [checked.row], { policy: PolicySource.published(db), actor: actor.username, channel: 'hospital', county: actor.areaCode });
    if (r.errors.length) {
      const e = r.errors[0];
      if (e.column === '结算编号') throw new AppError('SETTLEMENT_CONFLICT', `结算编号 ${checked.row.settlementNo} 已结算，本次提交的数值与已结算的不同；更正结算请联系县医保局`, 'settlementNo', 409);
      throw new AppError('INVALID_INPUT', e.message, COLUMN_FIELD[e.column] ?? e.column);
    }
    if (r.settlements.length) return { ...r.settlements[0], replayed: false };
    const stored = await storedResult(db, checked.row.settlementNo);
    if (!stored || !stored.areaCode?.startsWith(actor.areaCode)) throw new AppError('SETTLEMENT_CONFLICT', `结算编号 ${checked.row.settlementNo} 已由其他机构结算`, 'settlementNo', 409);
    const { areaCode: _a, ...result } = stored;
    await appendAudit(db, { actor: actor.username, action: 'medical.settle.replay', target: `medical-settlement:${stored.settlementNo}`, areaCode: actor.areaCode, detail: { channel: 'hospital' } });
    return { ...result, replayed: true };
  });

  app.post('/api/medical/files', {
    schema: {
      tags: ['medical'], summary: '上传医保结算数据文件 upload a settlement file',
      description: `请求体为文件本身（Content-Type: application/octet-stream，.csv 或 .xlsx，不超过 ${MAX_SETTLEMENT_FILE_BYTES / 1024 / 1024} MB）。全部正确才写入；有错误的行列在 errors 中（422），不写入任何数据。同一文件再次上传不产生变化。`,
      querystring: z.object({ name: z.string().min(1, '请提供文件名').max(200, '文件名过长'), dryRun: z.enum(['0', '1'], { error: 'dryRun 应为 0 或 1' }).optional() }),
    },
    preParsing: async (req) => {
      countyRole(req, 'medical.manage');
      const n = (req.query as { name?: unknown }).name;
      if (typeof n === 'string') { try { fileKind(n); } catch (e) { throw new AppError('BAD_FILE', (e as Error).message, 'name'); } }
      req.medicalUploadPath = join(ownUploads, `${randomUUID()}.upload`);
    },
    onResponse: async (req) => cleanup(req),
    onRequestAbort: async (req) => cleanup(req),
  }, async (req, reply) => {
    const actor = countyRole(req, 'medical.manage');
    const body = req.body as { bytes?: number } | undefined;
    if (!body || typeof body.bytes !== 'number') throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（Content-Type: application/octet-stream）', 'file', 415);
    if (body.bytes === 0) throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file');
    const path = req.medicalUploadPath!;
    let read;
    try {
      read = await readSettlementFile(path, req.query.name, todayInChina());
    } catch (e) {
      if (e instanceof SettlementFileError) throw new AppError('BAD_FILE', e.message, 'file');
      throw e;
    }
    // A person registered in another county is not this county's to settle.
    const people = await peopleByIdNumber(db, read.settlements.map((s) => s.idNumber));
    const outside: RowError[] = read.settlements.filter((s) => { const p = people.get(s.idNumber); return p && countyOf(p.household) !== actor.areaCode; })
      .map((s) => ({ row: s.row, column: '身份证号', message: '该人员登记在其他县（区），不在您的管辖范围内，请由其所在县（区）结算' }));
    const readErrors = [...read.errors, ...outside].sort((a, b) => a.row - b.row);
    const { sha256, bytes } = await sha256File(path);
    const r: SettleResult = await settle(db, read.settlements, { policy: PolicySource.published(db), actor: actor.username, channel: 'file', county: actor.areaCode,
      dryRun: req.query.dryRun === '1', rowCount: read.rows, readErrors, file: { path, fileName: req.query.name, sha256, bytes, dir } });
    if (r.errors.length) {
      return reply.status(422).send({ error: { code: 'ROW_ERRORS', message: `结算数据有 ${r.errors.length} 处错误，未写入任何数据`, path: 'file' }, ...r, errors: r.errors.slice(0, 1000), errorCount: r.errors.length });
    }
    return { ...r, errorCount: 0 };
  });

  app.get('/api/medical/files', { schema: { tags: ['medical'], summary: '已上传的结算数据文件 settlement files loaded' } }, async (req) => {
    const actor = countyRole(req, 'medical.read');
    const rows = await db.select({ id: medicalFiles.id, fileName: medicalFiles.fileName, sha256: medicalFiles.sha256, bytes: medicalFiles.bytes, loadedBy: medicalFiles.loadedBy,
      loadedAt: medicalFiles.loadedAt, rows: medicalFiles.rows, settled: medicalFiles.settled, skipped: medicalFiles.skipped }).from(medicalFiles)
      .where(or(eq(medicalFiles.areaCode, actor.areaCode),
        and(eq(medicalFiles.areaCode, ''), sql`exists (select 1 from medical_settlements s where s.file_id = ${medicalFiles.id} and s.area_code like ${`${actor.areaCode}%`})`)))
      .orderBy(desc(medicalFiles.loadedAt), desc(medicalFiles.id)).limit(500);
    return { rows };
  });

  app.get('/api/medical/settlements', {
    schema: {
      tags: ['medical'], summary: '医疗救助结算记录（本辖区，身份证号脱敏）settlements in scope',
      querystring: z.object({
        year: yearQuery.optional(), month: monthQuery.optional(), method: z.enum(METHODS, { error: `结算方式应为 ${METHODS.join('、')} 之一` }).optional(),
        category: z.enum([...CATEGORIES, 'none'] as [string, ...string[]], { error: '救助类别无效' }).optional(), householdId: z.string().max(64).optional(),
        page: z.coerce.number().int().min(1, '页码无效').default(1), pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50),
      }),
    },
  }, async (req) => listSettlements(db, requirePermission(req, 'medical.read').areaCode, req.query));

  const statementQuery = z.object({ month: monthQuery, hospital: z.string().max(100).optional() });
  /** A hospital reads only its own statement (its account's name); county roles any in their county. */
  const statementScope = (req: FastifyRequest, hospital: string | undefined) => {
    const actor = countyRole(req, 'medical.statements');
    return { actor, hospital: actor.role === 'hospital' ? req.user!.displayName : hospital };
  };
  app.get('/api/medical/statements', { schema: { tags: ['medical'], summary: '一站式结算应付定点医疗机构月结算单 monthly statements owed to hospitals', querystring: statementQuery } }, async (req) => {
    const { actor, hospital } = statementScope(req, req.query.hospital);
    return statements(db, actor.areaCode, req.query.month, hospital);
  });
  app.get('/api/medical/statements.xlsx', { schema: { tags: ['medical'], summary: '月结算单 xlsx statements as xlsx', querystring: statementQuery } }, async (req, reply) => {
    const { actor, hospital } = statementScope(req, req.query.hospital);
    const s = await statements(db, actor.areaCode, req.query.month, hospital);
    await appendAudit(db, { actor: actor.username, action: 'medical.statements.export', target: null, areaCode: actor.areaCode, detail: { month: req.query.month, hospital: hospital ?? null, hospitals: s.hospitals.length, totalYuan: s.totalYuan } });
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`医疗救助一站式结算单-${req.query.month}.xlsx`)).send(await statementXlsx(s));
  });

  const download = async (reply: FastifyReply, name: string, type: string, body: Buffer) => reply.header('content-type', type).header('content-disposition', attachment(name)).send(body);

  app.get('/api/medical/premium', {
    schema: {
      tags: ['medical'], summary: '资助参保名单（本辖区）premium subsidies',
      description: 'format=xlsx 下载 Excel：有查看完整号码权限的角色得到完整身份证号（供医保经办/税务机构使用），作为批量查看记入审计日志；其他角色脱敏。',
      querystring: z.object({ year: yearQuery, date: dateQuery, format: z.enum(['json', 'xlsx'], { error: 'format 应为 json 或 xlsx' }).default('json') }),
    },
  }, async (req, reply) => {
    const actor = countyRole(req, 'medical.read');
    const list = await premiumList(db, { year: req.query.year, date: req.query.date, policy: PolicySource.published(db), area: actor.areaCode, actor: actor.username });
    if (req.query.format === 'json') return { ...list, rows: list.rows.map((r) => ({ ...r, idNumber: maskIdNumber(r.idNumber) })) };
    const reveal = can(actor.role, 'reveal');
    const wb = new ExcelJS.Workbook();
    wb.creator = 'doudi';
    const ws = wb.addWorksheet(`${list.year}年资助参保`);
    ws.addRow(['身份证号', '户编号', '资助类别', '资助金额（元）']).font = { bold: true };
    const labels: Record<string, string> = { tekun: '特困供养人员', dibao: '低保对象', lowIncome: '低收入家庭重病重残老幼', severeDisability: '重度残疾人', monitored: '防返贫监测对象' };
    for (const r of list.rows) ws.addRow([reveal ? r.idNumber : maskIdNumber(r.idNumber), safeCell(r.householdNo), labels[r.category] ?? r.category, r.subsidyYuan]);
    ws.addRow(['合计', `${list.persons} 人`, '', list.totalYuan]).font = { bold: true };
    for (const c of PREMIUM_CATEGORIES) if (list.byCategory[c] !== undefined) ws.addRow([labels[c] ?? c, '', '', list.byCategory[c]]);
    [22, 16, 24, 14].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
    await appendAudit(db, { actor: actor.username, action: reveal ? 'medical.premium.export.reveal' : 'medical.premium.export', target: null, areaCode: actor.areaCode,
      detail: { year: list.year, date: list.date, persons: list.persons, masked: !reveal } });
    return download(reply, `资助参保名单-${list.year}.xlsx`, XLSX, Buffer.from(await wb.xlsx.writeBuffer()));
  });

  app.get('/api/medical/identities', {
    schema: {
      tags: ['medical'], summary: '医疗救助身份标识名单（本辖区）identity list',
      description: 'format=xlsx 或 csv 下载医保平台导入的文件：有查看完整号码权限的角色得到完整身份证号，记入审计日志；其他角色脱敏。',
      querystring: z.object({ date: dateQuery, format: z.enum(['json', 'xlsx', 'csv'], { error: 'format 应为 json、xlsx 或 csv' }).default('json') }),
    },
  }, async (req, reply) => {
    const actor = countyRole(req, 'medical.read');
    const list = await identityList(db, { date: req.query.date, policy: PolicySource.published(db), area: actor.areaCode, actor: actor.username });
    if (req.query.format === 'json') return { ...list, rows: list.rows.map((r) => ({ ...r, idNumber: maskIdNumber(r.idNumber), categoryLabel: CATEGORY_LABELS[r.category] })) };
    const reveal = can(actor.role, 'reveal');
    const rows = reveal ? list.rows : list.rows.map((r) => ({ ...r, idNumber: maskIdNumber(r.idNumber) }));
    await appendAudit(db, { actor: actor.username, action: reveal ? 'medical.identities.export.reveal' : 'medical.identities.export', target: null, areaCode: actor.areaCode,
      detail: { date: list.date, persons: list.persons, format: req.query.format, masked: !reveal } });
    const format = req.query.format;
    return download(reply, `医疗救助身份标识-${list.date}.${format}`, format === 'csv' ? 'text/csv; charset=utf-8' : XLSX, await identityFile(rows, format));
  });

  app.get('/api/households/:id/medical', {
    schema: { tags: ['medical'], summary: '家庭医疗救助概况 a household\'s medical assistance', params: z.object({ id: z.string().max(64) }), querystring: z.object({ year: yearQuery.optional() }) },
  }, async (req) => householdMedical(db, requirePermission(req, 'registry.read').areaCode, req.params.id, req.query.year));

  app.get('/api/medical/figures', {
    schema: { tags: ['medical'], summary: '医疗救助统计（本辖区）figures', querystring: z.object({ year: yearQuery }) },
  }, async (req) => { const actor = requirePermission(req, 'medical.read'); return figures(db, actor.areaCode, req.query.year, actor.username); });
};
