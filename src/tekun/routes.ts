/**
 * The routes of 特困供养 (issue 20): institutions (county admin: tekun.manage), admissions, discharges,
 * carers with their agreements, willingness and self-care assessments (township and county staff:
 * tekun.write), a person's records, the person list, the figures and their xlsx (tekun.read). Every query is
 * limited to the actor's area; personal data is sent with Cache-Control: no-store. Files (an assessment form,
 * a signed agreement) are stored like case attachments: streamed, typed by their first bytes, SHA-256.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { AttachmentStore, acceptUploads } from '../cases/attachments.ts';
import { ATTACHMENT_TYPES } from '../cases/model.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { todayInChina } from '../registry/model.ts';
import { countyPack, figuresWorkbook, tekunFigures, tekunPersons } from './figures.ts';
import { accountReveal, revealQuery } from '../payments/routes.ts';
import { admissionInput, assessmentInput, carerBankInput, carerInput, dischargeInput, fileQuery, institutionInput, willingnessInput } from './model.ts';
import {
  addTekunFile, admit, createInstitution, discharge, institutionResidents, listInstitutions, personRecords, recordAssessment, recordWillingness, setCarer, setCarerBank,
  tekunFileInScope, updateInstitution, type TekunActor,
} from './store.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const id = z.string().min(1).max(64);
const JSON_LIMIT = 64 * 1024;
/** As case attachments: the page sends the file as application/octet-stream; the type is read from its first bytes. */
const FILE_TYPES = [...ATTACHMENT_TYPES, 'application/octet-stream'];


export interface TekunRoutesOptions { attachmentDir?: string }

export const tekunRoutes = (db: Db, opts: TekunRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const files = AttachmentStore.open(opts.attachmentDir);
  acceptUploads(app, files, FILE_TYPES);
  const read = (req: FastifyRequest) => requirePermission(req, 'tekun.read') as TekunActor;
  const write = (req: FastifyRequest) => requirePermission(req, 'tekun.write') as TekunActor;

  app.get('/api/tekun/institutions', { schema: { tags: ['tekun'], summary: '供养机构：床位、护理型床位、星级、在住人数（本辖区及上级机构）' } },
    async (req) => ({ rows: await listInstitutions(db, read(req)) }));

  app.post('/api/tekun/institutions', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '新建供养机构（县级管理员）', body: institutionInput } },
    async (req, reply) => reply.status(201).send(await createInstitution(db, requirePermission(req, 'tekun.manage') as TekunActor, req.body)));

  app.put('/api/tekun/institutions/:id', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '修改供养机构（县级管理员）', params: z.object({ id }), body: institutionInput } },
    async (req) => updateInstitution(db, requirePermission(req, 'tekun.manage') as TekunActor, req.params.id, req.body));

  app.get('/api/tekun/institutions/:id/residents', { schema: { tags: ['tekun'], summary: '供养机构在住人员（仅本辖区人员，姓名脱敏）', params: z.object({ id }) } },
    async (req) => ({ rows: await institutionResidents(db, read(req), req.params.id) }));

  app.post('/api/tekun/admissions', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '办理入住（集中供养）', body: admissionInput } },
    async (req, reply) => reply.status(201).send(await admit(db, write(req), req.body)));

  app.post('/api/tekun/stays/:id/discharge', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '办理离院', params: z.object({ id }), body: dischargeInput } },
    async (req) => discharge(db, write(req), req.params.id, req.body));

  app.get('/api/tekun/persons', { schema: { tags: ['tekun'], summary: '特困人员供养情况（集中/分散、评估、意愿、照料服务责任人；姓名脱敏）' } }, async (req) => {
    const actor = read(req);
    const today = todayInChina();
    return { today, rows: await tekunPersons(db, actor, await countyPack(db, actor, today), today) };
  });

  app.get('/api/tekun/persons/:memberId', { schema: { tags: ['tekun'], summary: '一名特困人员的供养记录（照料服务责任人银行账号脱敏；reveal=1 显示完整账号并记入审计）',
    params: z.object({ memberId: id }), querystring: z.object({ reveal: revealQuery }) } }, async (req) => {
    const actor = read(req);
    const reveal = accountReveal(actor, req.query.reveal);
    const r = await personRecords(db, actor, req.params.memberId, reveal);
    if (reveal) {
      await appendAudit(db, { actor: actor.username, action: 'account.reveal', target: `member:${r.member.id}`, areaCode: actor.areaCode,
        detail: { carers: r.carers.filter((c) => c.bank).map((c) => c.id) } });
    }
    return r;
  });

  app.put('/api/tekun/carers/:id/bank', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '登记或修改照料服务责任人的银行账户（分散供养照料护理费的收款账户）', params: z.object({ id }), body: carerBankInput } },
    async (req) => setCarerBank(db, write(req), req.params.id, req.body.bank));

  app.post('/api/tekun/persons/:memberId/carer', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '登记照料服务责任人及协议（分散供养）', params: z.object({ memberId: id }), body: carerInput } },
    async (req, reply) => reply.status(201).send(await setCarer(db, write(req), req.params.memberId, req.body)));

  app.post('/api/tekun/persons/:memberId/willingness', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '登记集中供养意愿', params: z.object({ memberId: id }), body: willingnessInput } },
    async (req, reply) => reply.status(201).send(await recordWillingness(db, write(req), req.params.memberId, req.body)));

  app.post('/api/tekun/persons/:memberId/assessments', { bodyLimit: JSON_LIMIT, schema: { tags: ['tekun'], summary: '登记生活自理能力评估（照料护理费自评估当月起按新等级计发）', params: z.object({ memberId: id }), body: assessmentInput } },
    async (req, reply) => reply.status(201).send(await recordAssessment(db, write(req), req.params.memberId, req.body, todayInChina())));

  app.post('/api/tekun/files/:ownerId', {
    schema: { tags: ['tekun'], summary: '上传评估表或照料服务协议（JPG、PNG、PDF，请求体为文件本身）', params: z.object({ ownerId: id }), querystring: fileQuery },
    preParsing: async (req) => {
      write(req);
      fileQuery.parse(req.query);
      req.caseUploadAllowed = true;
    },
  }, async (req, reply) => {
    const actor = write(req);
    const staged = req.caseUpload;
    if (!staged || req.body !== staged) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（JPG、PNG 或 PDF）', 'file', 415);
    const added = await addTekunFile(db, actor, req.query.kind, req.params.ownerId, req.query.name, staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.get('/api/tekun/files/:id', { schema: { tags: ['tekun'], summary: '下载评估表或协议（仅本辖区）', params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req, reply) => {
    const f = await tekunFileInScope(db, read(req), req.params.id);
    return reply.header('content-type', f.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .header('x-content-type-options', 'nosniff').send(await files.open(f.sha256));
  });

  app.get('/api/tekun/figures', { schema: { tags: ['tekun'], summary: '特困供养统计：集中供养率、床位利用率、入住率目标、意愿、评估、协议（按乡镇、机构）' } }, async (req) => {
    const actor = read(req);
    const today = todayInChina();
    return tekunFigures(db, actor, await countyPack(db, actor, today), today);
  });

  app.get('/api/tekun/figures.xlsx', { schema: { tags: ['tekun'], summary: '特困供养统计导出 xlsx（仅数量，无个人信息）' } }, async (req, reply) => {
    const actor = read(req);
    const today = todayInChina();
    const f = await tekunFigures(db, actor, await countyPack(db, actor, today), today);
    await appendAudit(db, { actor: actor.username, action: 'tekun.figures.export', areaCode: actor.areaCode, detail: { persons: f.total.persons } });
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`特困供养统计-${today}.xlsx`)}`).send(await figuresWorkbook(f));
  });
};
