/**
 * Disaster relief routes (/api/disaster/*): events (record, change, confirm the level), affected households
 * (register from the village, list, photos), relief (propose, approve/review/reject, rebuild progress, in-kind
 * distribution and its signed receipt list), figures and the xlsx 灾情报告, emergency periods. Every route
 * reads the actor's area scope; writes need registry.write and are audited; replies are never cached; JSON
 * bodies are limited to 64 KB and files (streamed to disk, SHA-256, JPG/PNG/PDF by content) to 10 MB.
 */
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { plainText } from '../registry/model.ts';
import { AttachmentStore, acceptUploads, stagedFile } from '../cases/attachments.ts';
import { actInput, affectedInput, confirmInput, distributionInput, emergencyInput, eventInput, objectionInput, objectionResultInput, progressInput, RELIEF_ACTIONS, reliefInput } from './model.ts';
import {
  actRelief, addFile, addReliefObjection, affectedInScope, handleReliefObjection, confirmLevel, createEvent, declareEmergency, distributionInScope, eventInScope, fileInScope, listAffected, listEmergencies, listEvents,
  proposeRelief, recordDistribution, recordProgress, registerAffected, updateEvent,
} from './store.ts';
import { eventFigures, eventReportXlsx } from './views.ts';

const JSON_LIMIT = 64 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'];
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '编号无效');
const idParams = z.object({ id });
const fileName = z.object({ name: plainText('文件名', 200, { required: '请提供文件名' }) });

const reader = (req: FastifyRequest) => requirePermission(req, 'registry.read');
const writer = (req: FastifyRequest) => requirePermission(req, 'registry.write');


export interface DisasterRoutesOptions { attachmentDir?: string }

export const disasterRoutes = (db: Db, opts: DisasterRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const files = AttachmentStore.open(opts.attachmentDir);
  acceptUploads(app, files, FILE_TYPES);
  const fileBody = stagedFile;
  const tags = ['disaster'];

  app.get('/api/disaster/events', { schema: { tags, summary: '灾害事件（本县）' } }, async (req) => listEvents(db, reader(req)));

  app.post('/api/disaster/events', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '登记灾害事件（县级；按政策包响应条件表建议响应级别）', body: eventInput },
  }, async (req, reply) => reply.status(201).send(await createEvent(db, writer(req), req.body)));

  app.patch('/api/disaster/events/:id', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '修改灾害事件的观测值、结束日期、受灾区域（重新建议响应级别）', params: idParams,
      body: z.object({ observations: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/, '观测项无效'), z.number({ error: '观测值应为数字' }).min(0, '观测值不能为负数').max(1e6)).optional(),
        endedOn: z.iso.date({ error: '结束日期格式应为 YYYY-MM-DD' }).optional(), areas: z.array(z.string().regex(/^\d{9}(\d{3})?$/, '受灾区域应为乡镇（9 位）或村（12 位）区划代码')).min(1).max(500).optional(),
        description: plainText('灾情描述', 5000, { multiline: true }).optional(), version: z.number().int().min(1).optional() }) },
  }, async (req) => updateEvent(db, writer(req), req.params.id, req.body));

  app.post('/api/disaster/events/:id/confirm', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '确认响应级别（县级，署名确认；I 级须报州人民政府批准）', params: idParams, body: confirmInput },
  }, async (req) => confirmLevel(db, writer(req), req.params.id, req.body));

  app.get('/api/disaster/events/:id/households', { schema: { tags, summary: '受灾家庭（本辖区，户主姓名脱敏）', params: idParams } },
    async (req) => listAffected(db, reader(req), req.params.id));

  app.post('/api/disaster/events/:id/households', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '登记受灾家庭（村、乡镇；已在档家庭或新建家庭；同一身份证号不能重复登记）', params: idParams, body: affectedInput },
  }, async (req, reply) => reply.status(201).send(await registerAffected(db, writer(req), req.params.id, req.body)));

  app.post('/api/disaster/households/:id/photos', {
    schema: { tags, summary: '上传受灾家庭照片（JPG/PNG，不超过 10 MB；请求体为文件本身）', params: idParams, querystring: fileName },
    preParsing: async (req) => { await affectedInScope(db, writer(req), (req.params as { id: string }).id); req.caseUploadAllowed = true; },
  }, async (req, reply) => {
    const actor = writer(req);
    const a = await affectedInScope(db, actor, req.params.id);
    const staged = fileBody(req);
    if (staged.file.mime === 'application/pdf') throw new AppError('BAD_FILE_TYPE', '受灾照片只接受 JPG、PNG 图片', 'file', 415);
    const added = await addFile(db, actor, { type: 'affected', id: a.id, areaCode: a.areaCode, eventTarget: `disaster:${a.eventId}` }, req.query.name, staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.get('/api/disaster/files/:id', { schema: { tags, summary: '下载受灾照片或签收单（仅本辖区）', params: idParams } }, async (req, reply) => {
    const f = await fileInScope(db, reader(req), req.params.id);
    return reply.header('content-type', f.mime).header('content-disposition', attachment(f.fileName)).header('x-content-type-options', 'nosniff').send(await files.open(f.sha256));
  });

  app.post('/api/disaster/relief', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '申报受灾人员救助（金额按政策包；按金额由乡镇或县级审批）', body: reliefInput },
  }, async (req, reply) => reply.status(201).send(await proposeRelief(db, writer(req), req.body)));

  app.post('/api/disaster/relief/:id/act', {
    bodyLimit: JSON_LIMIT,
    schema: { tags, summary: '审核、审批或不予批准受灾人员救助', params: idParams, body: actInput.extend({ action: z.enum(RELIEF_ACTIONS, { error: '办理事项应为 approve（批准）、review（乡镇审核）、reject（不予批准）或 close_notice（公示结束）' }) }) },
  }, async (req) => actRelief(db, writer(req), req.params.id, req.body.action, req.body));

  app.post('/api/disaster/relief/:id/objections', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '登记救助公示期内的异议', params: idParams, body: objectionInput },
  }, async (req, reply) => reply.status(201).send(await addReliefObjection(db, writer(req), req.params.id, req.body)));

  app.post('/api/disaster/relief/:id/objections/:objectionId/handle', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '登记救助公示异议的核实结果', params: z.object({ id, objectionId: id }), body: objectionResultInput },
  }, async (req) => handleReliefObjection(db, writer(req), req.params.id, req.params.objectionId, req.body.result));

  app.post('/api/disaster/relief/:id/progress', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '登记倒损民房恢复重建进度（拨付下一期补助）', params: idParams, body: progressInput },
  }, async (req) => recordProgress(db, writer(req), req.params.id, req.body.note));

  app.post('/api/disaster/relief/:id/distributions', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '登记实物发放（签收人；签收单照片随后上传）', params: idParams, body: distributionInput },
  }, async (req, reply) => reply.status(201).send(await recordDistribution(db, writer(req), req.params.id, req.body)));

  app.post('/api/disaster/distributions/:id/receipt', {
    schema: { tags, summary: '上传实物发放签收单（JPG/PNG/PDF，不超过 10 MB；请求体为文件本身）', params: idParams, querystring: fileName },
    preParsing: async (req) => { await distributionInScope(db, writer(req), (req.params as { id: string }).id); req.caseUploadAllowed = true; },
  }, async (req, reply) => {
    const actor = writer(req);
    const d = await distributionInScope(db, actor, req.params.id);
    const staged = fileBody(req);
    const added = await addFile(db, actor, { type: 'distribution', id: d.id, areaCode: d.areaCode, eventTarget: `disaster:${d.eventId}` }, req.query.name, staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.get('/api/disaster/events/:id/figures', { schema: { tags, summary: '灾情统计：受灾户数人数、按类别和乡镇的救助（已发、待发）、实物发放', params: idParams } },
    async (req) => eventFigures(db, reader(req), req.params.id));

  app.get('/api/disaster/events/:id/report.xlsx', { schema: { tags, summary: '导出灾情报告（xlsx，本辖区）', params: idParams } }, async (req, reply) => {
    const actor = reader(req);
    const e = await eventInScope(db, actor, req.params.id);
    const r = await eventReportXlsx(db, actor, e.id);
    await appendAudit(db, { actor: actor.username, action: 'disaster.report.export', target: `disaster:${e.id}`, areaCode: actor.areaCode, detail: { name: r.name } });
    return reply.header('content-type', XLSX).header('content-disposition', attachment(r.name)).send(r.body);
  });

  app.get('/api/disaster/emergencies', { schema: { tags, summary: '应急期（重大突发公共事件）' } }, async (req) => listEmergencies(db, reader(req)));

  app.post('/api/disaster/emergencies', {
    bodyLimit: JSON_LIMIT, schema: { tags, summary: '启动应急期（县级；应急期内提高低保特困标准或发放临时生活补贴，迟报的月份补发）', body: emergencyInput },
  }, async (req, reply) => reply.status(201).send(await declareEmergency(db, writer(req), req.body)));
};
