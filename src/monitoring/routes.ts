/**
 * Monitoring routes (/api/monitoring/*): warnings (list by level and area, handle), reports, the
 * county's monitor run, monitored households and a household's whole chain, identification and
 * removal steps, notice objections, measures, cadres, visits (六看六查) with photos, compliance,
 * supervision (通报批评, 约谈), the dashboard and its xlsx export. Every route reads the actor's area
 * scope; writes need registry.write and are audited; replies are never cached; JSON bodies are
 * limited to 64 KB and files (streamed to disk, SHA-256, JPG/PNG/PDF by content) to 10 MB.
 */
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { SCOPE_LENGTH } from '../auth/roles.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { plainText, phoneSchema, todayInChina, yuanInput } from '../registry/model.ts';
import { AttachmentStore, acceptUploads, stagedFile } from '../cases/attachments.ts';
import { PROGRAMS } from '../cases/model.ts';
import { handleObjection, recordObjection } from '../workflow/noticeStore.ts';
import { addCadre, addCriticism, addRound, assignCadres, CADRE_KINDS, compliance, listCadres, recordVisit, supervision, visitInScope } from './cadres.ts';
import { dashboard, writeMonitoringExport } from './dashboard.ts';
import { HOUSEHOLD_TYPES, LEVELS, MEASURE_KINDS, NEGATIVE_DECISIONS, NEGATIVE_FACTORS, REPORT_CHANNELS, REPORT_KINDS, RISK_FACTORS, RULES, CHECKLIST_ITEMS, IMPROVEMENTS } from './rules.ts';
import { PROCEDURE_ACTIONS } from './flow.ts';
import { runMonitor, SUBJECT } from './signals.ts';
import {
  addFile, addMeasure, addNegativeFactor, createReport, decideNegativeFactor, fileInScope, handleWarning, householdChain, listMonitored, listWarnings, measureResult, procedureAct, procedureInScope, PROCEDURE_FILE_KINDS,
  startRemoval, WARNING_RESULTS,
} from './store.ts';
import { appendEvent } from '../workflow/events.ts';

const JSON_LIMIT = 64 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'];
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '编号无效');
const idParams = z.object({ id });
const date = (what: string) => z.string({ error: `请填写${what}` }).refine(isValidIsoDate, `${what}应为有效日期 YYYY-MM-DD`);
const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const oneOf = <T extends Record<string, string>>(o: T, what: string) => z.enum(keys(o), { error: `${what}应为：${Object.values(o).join('、')}` });
const area = z.string().regex(/^\d{6,12}$/, '区划代码无效').optional();
const page = { page: z.coerce.number().int().min(1, '页码应为正整数').default(1), pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50) };
const version = z.number().int().min(1).optional();

const reader = (req: FastifyRequest) => requirePermission(req, 'registry.read');
const writer = (req: FastifyRequest) => requirePermission(req, 'registry.write');

export interface MonitoringRoutesOptions { attachmentDir?: string }

/**
 * The monitoring routes. Long, and read whole on purpose: one registration per route, each with its own schema,
 * permission and scope; the route is the unit, and each calls the store in a few lines.
 */
export const monitoringRoutes = (db: Db, opts: MonitoringRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const files = AttachmentStore.open(opts.attachmentDir);
  // A received file enters the store only when recorded (files.keep in the routes); otherwise it is removed before the response is sent.
  acceptUploads(app, files, FILE_TYPES);
  const tags = ['monitoring'];

  app.get('/api/monitoring/warnings', {
    schema: { tags, summary: '预警列表（按等级、区域、状态）', querystring: z.object({ level: oneOf(LEVELS, '预警等级').optional(), status: z.enum(['open', 'handled'], { error: '状态应为 open 或 handled' }).optional(),
      area, rule: oneOf(RULES, '预警规则').optional(), householdId: id.optional(), ...page }) },
  }, async (req) => listWarnings(db, reader(req), req.query));

  app.post('/api/monitoring/warnings/:id/handle', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '处置预警并登记结果', params: idParams, body: z.object({ result: oneOf(WARNING_RESULTS, '处置结果'), note: plainText('核实情况', 2000, { multiline: true, required: '请填写核实情况（实地核查的结果）' }), version }) },
  }, async (req) => handleWarning(db, writer(req), req.params.id, req.body));

  app.post('/api/monitoring/reports', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '报告风险（村级、帮扶干部、热线、本人申报）', body: z.object({
      householdId: id, channel: oneOf(REPORT_CHANNELS, '报告来源'), kind: oneOf(REPORT_KINDS, '风险类别'), memberId: id.optional(),
      amountYuan: yuanInput('金额', { positive: true, max: 1e8 }).optional(), occurredOn: date('发生日期'),
      description: plainText('情况说明', 2000, { multiline: true, required: '请填写情况说明' }), reporterName: plainText('报告人', 50).optional() }) },
  }, async (req, reply) => reply.status(201).send(await createReport(db, writer(req), req.body)));

  app.post('/api/monitoring/run', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '运行监测预警（本辖区；同日重复运行不重复预警）', body: z.object({ date: date('监测日期').optional() }) },
  }, async (req) => {
    const actor = writer(req);
    if (SCOPE_LENGTH[actor.role] !== 6) throw new AppError('FORBIDDEN', '监测预警由县级运行', undefined, 403);
    const d = req.body.date ?? todayInChina();
    if (d > todayInChina()) throw new AppError('INVALID_DATE', '监测日期不能晚于今天', 'date');
    return runMonitor(db, d, actor.areaCode, actor.username);
  });

  app.get('/api/monitoring/households', {
    schema: { tags, summary: '监测对象列表与正在办理的识别、风险消除', querystring: z.object({ status: z.enum(['monitored', 'removed'], { error: '状态应为 monitored 或 removed' }).optional(),
      type: z.enum(HOUSEHOLD_TYPES, { error: `类别应为：${HOUSEHOLD_TYPES.join('、')}` }).optional(), area, ...page }) },
  }, async (req) => listMonitored(db, reader(req), req.query));

  app.get('/api/monitoring/households/:id', { schema: { tags, summary: '一户一条帮扶链：预警、识别、措施、走访、时间线', params: idParams } },
    async (req) => householdChain(db, { ...reader(req), department: req.user?.department ?? null }, req.params.id));

  app.post('/api/monitoring/households/:id/removal', { bodyLimit: JSON_LIMIT, schema: { tags, summary: '启动风险消除（须符合政策包条件）', params: idParams } },
    async (req, reply) => reply.status(201).send(await startRemoval(db, writer(req), req.params.id)));

  app.post('/api/monitoring/households/:id/measures', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '落实帮扶措施（对应风险因子；社会救助转入救助申请）', params: idParams, body: z.object({
      riskFactor: oneOf(RISK_FACTORS, '风险因子'), kind: oneOf(MEASURE_KINDS, '措施类别'), description: plainText('措施内容', 1000, { multiline: true, required: '请填写措施内容' }),
      startOn: date('开始日期'), endOn: date('结束日期').nullable().optional(), program: z.enum(PROGRAMS, { error: `救助项目应为：${PROGRAMS.join('、')}` }).optional() }) },
  }, async (req, reply) => reply.status(201).send(await addMeasure(db, writer(req), req.params.id, req.body)));

  app.post('/api/monitoring/measures/:id/result', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记帮扶措施成效', params: idParams, body: z.object({ result: plainText('帮扶成效', 1000, { multiline: true, required: '请填写帮扶成效' }), resultOn: date('见效日期'), version }) },
  }, async (req) => measureResult(db, writer(req), req.params.id, req.body));

  app.post('/api/monitoring/procedures/:id/actions/:action', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '识别、风险消除的办理环节（入户核查、民主评议并公示、结束公示、乡镇初审、县级审定）', params: idParams.extend({ action: z.enum(PROCEDURE_ACTIONS as [string, ...string[]], { error: `办理事项无效，应为：${PROCEDURE_ACTIONS.join('、')}` }) }),
      body: z.object({ version, findings: plainText('入户核查情况', 2000, { multiline: true }).optional(), appraisal: plainText('民主评议结果', 2000, { multiline: true }).optional(),
        opinion: plainText('意见', 2000, { multiline: true }).optional(), reason: plainText('理由', 2000, { multiline: true }).optional(),
        type: z.enum(HOUSEHOLD_TYPES, { error: `类别应为：${HOUSEHOLD_TYPES.join('、')}` }).optional(), riskFactors: z.array(oneOf(RISK_FACTORS, '风险因子')).max(7).optional(),
        level: oneOf(LEVELS, '预警等级').optional() }) },
  }, async (req) => procedureAct(db, { ...writer(req), department: req.user?.department ?? null }, req.params.id, req.params.action, req.body));

  app.post('/api/monitoring/procedures/:id/objections', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记公示异议', params: idParams, body: z.object({ byName: plainText('异议人', 50).optional(), byPhone: phoneSchema.optional(), content: plainText('异议内容', 2000, { multiline: true, required: '请填写异议内容' }) }) },
  }, async (req, reply) => {
    const actor = writer(req);
    const p = await procedureInScope(db, actor, req.params.id);
    if (!p.noticeId || p.state !== 'notice') throw new AppError('NOT_IN_NOTICE', '该程序不在公示期', 'id', 409);
    const row = await db.transaction(async (tx) => {
      const o = await recordObjection(tx, { noticeId: p.noticeId!, areaCode: p.areaCode, byName: req.body.byName, byPhone: req.body.byPhone, content: req.body.content, actor: actor.username });
      await appendEvent(tx, { subjectType: SUBJECT, subjectId: p.householdId, areaCode: p.areaCode, actor: actor.username, action: 'notice.objection', detail: { procedureId: p.id, objectionId: o.id } });
      return o;
    });
    return reply.status(201).send({ id: row.id });
  });

  app.post('/api/monitoring/objections/:id/handle', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记公示异议的核实结果', params: idParams, body: z.object({ result: plainText('核实结果', 2000, { multiline: true, required: '请填写核实结果' }) }) },
  }, async (req) => {
    const actor = writer(req);
    await db.transaction(async (tx) => handleObjection(tx, req.params.id, { result: req.body.result, actor: actor.username, scope: actor.areaCode }));
    return { ok: true };
  });

  const upload = (what: 'procedure' | 'visit') => async (req: FastifyRequest) => {
    const actor = writer(req);
    const pid = (req.params as { id: string }).id;
    if (what === 'procedure') await procedureInScope(db, actor, pid); else await visitInScope(db, actor, pid);
    req.caseUploadAllowed = true;
  };
  const fileBody = stagedFile;

  app.post('/api/monitoring/procedures/:id/files', {
    schema: { tags, summary: '上传签字的授权书、承诺书（JPG/PNG/PDF，不超过 10 MB；请求体为文件本身）', params: idParams,
      querystring: z.object({ kind: oneOf(PROCEDURE_FILE_KINDS, '材料类别'), name: plainText('文件名', 200, { required: '请提供文件名' }) }) },
    preParsing: upload('procedure'),
  }, async (req, reply) => {
    const actor = writer(req);
    const p = await procedureInScope(db, actor, req.params.id);
    const staged = fileBody(req);
    const added = await addFile(db, actor, { type: 'procedure', id: p.id, householdId: p.householdId, areaCode: p.areaCode }, req.query.kind, req.query.name, staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.post('/api/monitoring/visits/:id/photos', {
    schema: { tags, summary: '上传走访照片（JPG/PNG，不超过 10 MB；请求体为文件本身）', params: idParams, querystring: z.object({ name: plainText('文件名', 200, { required: '请提供文件名' }) }) },
    preParsing: upload('visit'),
  }, async (req, reply) => {
    const actor = writer(req);
    const v = await visitInScope(db, actor, req.params.id);
    const staged = fileBody(req);
    if (staged.file.mime === 'application/pdf') throw new AppError('BAD_FILE_TYPE', '走访照片只接受 JPG、PNG 图片', 'file', 415);
    const added = await addFile(db, actor, { type: 'visit', id: v.id, householdId: v.householdId, areaCode: v.areaCode }, 'photo', req.query.name, staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.get('/api/monitoring/files/:id', { schema: { tags, summary: '下载授权书、承诺书或走访照片（仅本辖区）', params: idParams } }, async (req, reply) => {
    const f = await fileInScope(db, reader(req), req.params.id);
    return reply.header('content-type', f.mime).header('content-disposition', attachment(f.fileName)).header('x-content-type-options', 'nosniff').send(await files.open(f.sha256));
  });

  app.post('/api/monitoring/households/:id/negative-factors', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记负面因子（须有事实依据；是否影响纳入监测由县级审定部门决定，不影响低保等救助）', params: idParams,
      body: z.object({ factor: oneOf(NEGATIVE_FACTORS, '负面因子'), evidence: plainText('事实依据', 2000, { multiline: true, required: '请写明负面因子的事实依据（时间、经过、来源）' }) }) },
  }, async (req, reply) => reply.status(201).send(await addNegativeFactor(db, writer(req), req.params.id, req.body)));

  app.post('/api/monitoring/negative-factors/:id/decide', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '决定负面因子是否影响纳入监测（县级审定部门）', params: idParams,
      body: z.object({ decision: oneOf(NEGATIVE_DECISIONS, '决定'), reason: plainText('理由', 2000, { multiline: true, required: '请写明决定的理由' }), version }) },
  }, async (req) => decideNegativeFactor(db, { ...writer(req), department: req.user?.department ?? null }, req.params.id, req.body));

  app.get('/api/monitoring/cadres', { schema: { tags, summary: '监测帮扶干部、结对联系干部' } }, async (req) => ({ rows: await listCadres(db, reader(req)) }));

  app.post('/api/monitoring/cadres', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记干部', body: z.object({ name: plainText('姓名', 50, { required: '请填写姓名' }), kind: oneOf(CADRE_KINDS, '干部类别'), unit: plainText('单位', 100).default(''),
      phone: phoneSchema.nullable().optional(), areaCode: z.string().regex(/^\d{9}(\d{3})?$/, '干部所在区域应为乡镇（9 位）或村（社区，12 位）代码') }) },
  }, async (req, reply) => reply.status(201).send(await addCadre(db, writer(req), req.body)));

  app.post('/api/monitoring/households/:id/cadres', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '确定监测帮扶干部和结对联系干部', params: idParams, body: z.object({ monitoringCadreId: z.number().int().positive().nullable(), pairedCadreId: z.number().int().positive().nullable(), version }) },
  }, async (req) => assignCadres(db, writer(req), req.params.id, req.body));

  const checklistItem = z.object({ ok: z.boolean({ error: '请选择正常或有问题' }), note: plainText('情况', 500).optional() });
  app.post('/api/monitoring/households/:id/visits', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记走访（六看六查）', params: idParams, body: z.object({ cadreId: z.number({ error: '请选择走访干部' }).int().positive(), visitedOn: date('走访日期'),
      mode: z.enum(['visit', 'phone'], { error: '方式应为入户（visit）或电话（phone）' }), checklist: z.record(z.string().max(40), checklistItem).refine((c) => Object.keys(c).length <= Object.keys(CHECKLIST_ITEMS).length, '六看六查项目过多'),
      improvements: z.record(z.string().max(40), z.object({ done: z.boolean({ error: '请选择已落实或需整改' }), note: plainText('情况', 500).optional() }))
        .refine((c) => Object.keys(c).length <= Object.keys(IMPROVEMENTS).length, '四治三创项目过多').optional(),
      note: plainText('走访情况', 2000, { multiline: true }).default('') }) },
  }, async (req, reply) => reply.status(201).send(await recordVisit(db, writer(req), req.params.id, req.body)));

  app.get('/api/monitoring/compliance', { schema: { tags, summary: '走访合规：逾期未走访（按干部、村、乡镇）' } }, async (req) => compliance(db, reader(req)));

  app.get('/api/monitoring/supervision', { schema: { tags, summary: '督查考评、通报批评与约谈提示' } }, async (req) => supervision(db, reader(req)));

  app.post('/api/monitoring/rounds', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记一次督查考评', body: z.object({ name: plainText('名称', 100, { required: '请填写督查考评名称' }), heldOn: date('日期') }) },
  }, async (req, reply) => reply.status(201).send(await addRound(db, writer(req), req.body)));

  app.post('/api/monitoring/criticisms', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '登记通报批评（乡镇或村）', body: z.object({ roundId: z.number({ error: '请选择督查考评' }).int().positive(), areaCode: z.string().regex(/^\d{9}(\d{3})?$/, '应为乡镇（9 位）或村（社区，12 位）代码'),
      reason: plainText('通报事由', 1000, { multiline: true, required: '请填写通报事由' }) }) },
  }, async (req, reply) => reply.status(201).send(await addCriticism(db, writer(req), req.body)));

  app.get('/api/monitoring/dashboard', { schema: { tags, summary: '监测看板' } }, async (req) => dashboard(db, reader(req)));

  app.get('/api/monitoring/export.xlsx', { schema: { tags, summary: '导出监测对象与未处置预警（脱敏，流式）' } }, async (req, reply) => {
    const actor = reader(req);
    const body = new PassThrough();
    const sheet = new PassThrough();
    sheet.pipe(body, { end: false });
    body.on('close', () => sheet.destroy());
    (async () => {
      let failure: unknown = null;
      let rows = 0;
      try { rows = await writeMonitoringExport(db, actor, sheet); await finished(sheet); } catch (e) { failure = e; }
      try {
        await appendAudit(db, { actor: actor.username, action: 'monitoring.export', target: null, areaCode: actor.areaCode, detail: { households: rows, masked: true, completed: !failure } });
      } catch (e) { failure ??= e; }
      if (failure) { req.log.error(failure); body.destroy(failure instanceof Error ? failure : undefined); } else body.end();
    })();
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`防返贫监测对象（脱敏）-${todayInChina()}.xlsx`)).send(body);
  });
};
