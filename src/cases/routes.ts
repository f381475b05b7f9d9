/**
 * Case routes (issue 7, docs/cases.md): intake, the case page and timeline, actions on a program,
 * deadlines (pause, resume, one extension), objections, attachments (streamed, content-addressed,
 * served only inside the case's area), referrals and the department inbox, reviews, the random sample,
 * the township reserve, the staff-relatives register, and work queues. Every route checks the user's
 * area; every write is a timeline event and an audit entry (store.ts). The citizen's routes are in
 * publicRoutes.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { AppError, fieldPath } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { householdInput, plainText, phoneSchema, yuanInput } from '../registry/model.ts';
import { AttachmentStore } from './attachments.ts';
import {
  actionInputs, ATTACHMENT_KINDS, bankInput, caseInput, emergencyDocumentInput, emergencyPayInput, programInput, referralInput, referralResultInput,
  relativeInput, reviewDecisionInput, sampleResultInput, type ActionName,
} from './model.ts';
import { queue } from './queues.ts';
import { caseReferralsOf, completeReferral, referCase, referralInbox, referralTask } from './referrals.ts';
import { addRelative, listRelatives, removeRelative } from './relatives.ts';
import { allocateReserve, listReserves } from './reserve.ts';
import { decideReview, listReviews } from './reviews.ts';
import {
  act, addAttachment, addObjection, addPrograms, attachmentInScope, caseTimeline, createCase, createHouseholdForCase, drawSample, getCase, linkHousehold, listCases, recordSampleResult,
  setBank, taskControl,
} from './store.ts';
import { caseInScope, type CaseActor } from './lookups.ts';

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '编号无效');
const caseParams = z.object({ id });
const programParams = z.object({ id, programId: id });
const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
/** JSON bodies of these routes are small forms. */
const JSON_LIMIT = 64 * 1024;
const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'];
const attachmentQuery = z.object({ kind: z.enum(Object.keys(ATTACHMENT_KINDS) as [string, ...string[]], { error: `附件类型应为：${Object.keys(ATTACHMENT_KINDS).join('、')}` }),
  name: plainText('文件名', 200, { required: '请提供文件名' }) });

/** The acting user, with their county department (a department's staff work its referrals). */
function caseActor(req: FastifyRequest, write = false): CaseActor {
  const actor = requirePermission(req, write ? 'registry.write' : 'registry.read');
  return { ...actor, department: req.user?.department ?? null };
}

/** Parses an action's form with its own schema; errors name the field. */
function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError('INVALID_INPUT', issue.message, fieldPath(issue.path) || undefined);
  }
  return r.data;
}

const ACTION_FORMS: Record<string, z.ZodType> = { ...actionInputs, pay_advance: emergencyPayInput, document: emergencyDocumentInput };

export interface CaseRoutesOptions {
  /** Where attachments are stored (the data directory's attachments/); none: a temporary directory removed on close. */
  attachmentDir?: string;
}

/**
 * The case routes. Long, and read whole on purpose: one registration per route, each with its own schema,
 * permission and scope; the route is the unit, and each calls the store in a few lines.
 */
export const caseRoutes = (db: Db, opts: CaseRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const files = AttachmentStore.open(opts.attachmentDir);
  app.addHook('onClose', () => files.close());
  // A file body is read only for the attachment route, after all of its checks (its preParsing hook sets
  // caseUploadAllowed); any other route, or a refused request, gets 415 before a byte is read. The body
  // goes to a temporary file (counted, hashed, typed by its first bytes), enters the store only when the
  // attachment is recorded, and is removed before the response is sent otherwise.
  for (const type of ATTACHMENT_TYPES) {
    app.addContentTypeParser(type, async (req: FastifyRequest, body: Readable) => {
      if (!req.caseUploadAllowed) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '此接口不接受文件上传', undefined, 415);
      req.caseUpload = await files.stage(body, Number(req.headers['content-length'] ?? 0));
      return req.caseUpload;
    });
  }
  const dropUpload = async (req: FastifyRequest) => { await files.discard(req.caseUpload); };
  app.addHook('onSend', async (req, _reply, payload) => { await dropUpload(req); return payload; });
  app.addHook('onRequestAbort', dropUpload);
  // Case pages and files carry personal data: never cached.
  app.addHook('onSend', async (_req, reply) => { reply.header('cache-control', 'no-store'); });

  app.get('/api/cases', {
    schema: { tags: ['cases'], summary: '案件列表（本辖区）', querystring: z.object({ status: z.enum(['open', 'closed']).optional(), program: z.string().max(20).optional(),
      q: plainText('检索词', 40).optional(), householdId: id.optional(), ...page }) },
  }, async (req) => listCases(db, caseActor(req), req.query));

  app.post('/api/cases', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '受理登记：窗口、村级报告、热线、数据预警；一案可含多个救助项目', body: caseInput },
  }, async (req, reply) => reply.status(201).send(await createCase(db, caseActor(req, true), req.body)));

  app.get('/api/cases/queues', {
    schema: { tags: ['cases'], summary: '工作队列：我的待办、即将到期、已逾期、公示中（含数量）', querystring: z.object({ view: z.enum(['mine', 'dueSoon', 'overdue', 'notices']).default('mine'), ...page }) },
  }, async (req) => queue(db, caseActor(req), req.query.view, req.query.page, req.query.pageSize));

  app.get('/api/cases/:id', { schema: { tags: ['cases'], summary: '案件详情：家庭（脱敏）、各救助项目的步骤与可办理操作、附件、时限', params: caseParams } },
    async (req) => getCase(db, caseActor(req), req.params.id));

  app.get('/api/cases/:id/timeline', { schema: { tags: ['cases'], summary: '案件时间线（只增不改的办理记录）', params: caseParams } },
    async (req) => caseTimeline(db, caseActor(req), req.params.id));

  app.post('/api/cases/:id/programs', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '添加救助项目（综合救助意见）', params: caseParams, body: z.object({ programs: z.array(programInput).min(1, '请至少选择一个救助项目').max(8) }) },
  }, async (req) => ({ programs: await addPrograms(db, caseActor(req, true), req.params.id, req.body.programs) }));

  app.post('/api/cases/:id/household', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '关联家庭档案（热线、预警、掌上办的申请）', params: caseParams, body: z.object({ householdId: id }) },
  }, async (req) => linkHousehold(db, caseActor(req, true), req.params.id, req.body.householdId));

  app.post('/api/cases/:id/household/new', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '按申请新建家庭档案并关联本案件（首位成员未填身份证号、电话时取申请人的）', params: caseParams, body: householdInput },
  }, async (req, reply) => reply.status(201).send(await createHouseholdForCase(db, caseActor(req, true), req.params.id, req.body)));

  app.put('/api/cases/:id/bank', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '登记待遇发放银行账户', params: caseParams, body: bankInput },
  }, async (req) => setBank(db, caseActor(req, true), req.params.id, req.body));

  app.post('/api/cases/:id/programs/:programId/actions/:action', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '办理一个步骤（受理、入户调查、核对、公示结束、民主评议、审核、批准、不予批准、复议、先行救助、补齐手续…）',
      description: `action 与请求体：${Object.keys(ACTION_FORMS).join('、')}；各步骤的表单见 docs/cases.md。步骤顺序、角色与层级由案件受理时复制的流程决定。`,
      params: programParams.extend({ action: z.enum(Object.keys(ACTION_FORMS) as [string, ...string[]], { error: '未知的办理操作' }) }),
      body: z.record(z.string(), z.unknown()).optional() },
  }, async (req) => {
    const actor = caseActor(req, true);
    const form = parseForm(ACTION_FORMS[req.params.action], req.body) as Record<string, unknown>;
    return act(db, actor, req.params.id, req.params.programId, req.params.action as ActionName, form);
  });

  app.post('/api/cases/:id/programs/:programId/deadline/:what', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '办理时限：暂停（等待申请人）、恢复、延期一次（须说明理由）', params: programParams.extend({ what: z.enum(['pause', 'resume', 'extend']) }),
      body: z.object({ reason: plainText('理由', 500, { required: '请填写理由' }), workingDays: z.number().int().min(1).max(60).optional() }) },
  }, async (req) => taskControl(db, caseActor(req, true), req.params.id, req.params.programId, req.params.what, req.body.reason, req.body.workingDays));

  app.post('/api/cases/:id/programs/:programId/objections', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '登记公示异议', params: programParams,
      body: z.object({ byName: plainText('反映人', 50).optional(), byPhone: phoneSchema.optional(), content: plainText('异议内容', 2000, { multiline: true, required: '请填写异议内容' }) }) },
  }, async (req, reply) => reply.status(201).send(await addObjection(db, caseActor(req, true), req.params.id, req.params.programId, req.body)));

  app.post('/api/cases/:id/attachments', {
    schema: { tags: ['cases'], summary: '上传附件（JPG/PNG/PDF，不超过 10 MB；请求体为文件本身）',
      description: 'Content-Type 为 image/jpeg、image/png、application/pdf 或 application/octet-stream；文件类型按内容判断。kind=authorization 为《家庭经济状况核对授权书》，核对前必须上传。',
      params: caseParams, querystring: attachmentQuery },
    // Role, the case's area and the query are checked before a byte of the body is read.
    preParsing: async (req) => {
      const actor = caseActor(req, true);
      parseForm(caseParams, req.params);
      parseForm(attachmentQuery, req.query);
      await attachmentCaseCheck(db, actor, (req.params as { id: string }).id);
      req.caseUploadAllowed = true;
    },
  }, async (req, reply) => {
    const actor = caseActor(req, true);
    const staged = req.caseUpload;
    if (!staged || req.body !== staged) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（JPG、PNG 或 PDF）', 'file', 415);
    const added = await addAttachment(db, actor, req.params.id, req.query.kind, req.query.name, staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.get('/api/cases/:id/attachments/:attachmentId', {
    schema: { tags: ['cases'], summary: '下载附件（仅本辖区）', params: caseParams.extend({ attachmentId: id }) },
  }, async (req, reply) => {
    const a = await attachmentInScope(db, caseActor(req), req.params.id, req.params.attachmentId);
    return reply.header('content-type', a.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .header('x-content-type-options', 'nosniff').send(await files.open(a.sha256));
  });

  app.post('/api/cases/:id/referrals', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '转办：案件或其中一个项目转县级部门，附办结时限', params: caseParams, body: referralInput },
  }, async (req, reply) => reply.status(201).send(await referCase(db, caseActor(req, true), req.params.id, req.body)));

  app.get('/api/cases/:id/referrals', { schema: { tags: ['cases'], summary: '案件的转办记录', params: caseParams } },
    async (req) => ({ rows: await caseReferralsOf(db, caseActor(req), req.params.id) }));

  app.get('/api/referrals', {
    schema: { tags: ['cases'], summary: '部门收件箱：转办本部门的事项（含时限与督办）', querystring: z.object({ status: z.enum(['open', 'done']).optional(), ...page }) },
  }, async (req) => referralInbox(db, caseActor(req), req.query));

  app.post('/api/referrals/:id/result', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '部门办结，结果回到案件（由部门审批的项目须选择批准或不予批准）', params: caseParams,
      body: referralResultInput.extend({ decision: z.enum(['approve', 'reject'], { error: 'decision 应为 approve 或 reject' }).optional(), amountYuan: yuanInput('批准金额', { positive: true, max: 1e7 }).optional() }) },
  }, async (req) => completeReferral(db, caseActor(req, true), req.params.id, req.body));

  app.post('/api/referrals/:id/deadline/:what', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '转办时限暂停（等待申请人）或恢复', params: caseParams.extend({ what: z.enum(['pause', 'resume']) }), body: z.object({ reason: plainText('理由', 500, { required: '请填写理由' }) }) },
  }, async (req) => referralTask(db, caseActor(req, true), req.params.id, req.params.what, req.body.reason));

  app.get('/api/reviews', {
    schema: { tags: ['cases'], summary: '复核事项（到期与已办）', querystring: z.object({ status: z.enum(['due', 'done']).optional(), ...page }) },
  }, async (req) => listReviews(db, caseActor(req), req.query));

  app.post('/api/reviews/:id/decision', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '复核结论：继续、调整（新快照）、渐退、停止（次月起终止待遇），按复核日重新测算', params: caseParams, body: reviewDecisionInput },
  }, async (req) => decideReview(db, caseActor(req, true), req.params.id, req.body));

  app.post('/api/cases/samples/draw', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '县级随机抽查：按政策包比例从期间内的案件中抽取（双随机）', body: z.object({ from: isoDate, to: isoDate }) },
  }, async (req) => drawSample(db, caseActor(req, true), req.body.from, req.body.to));

  app.post('/api/cases/:id/sample-result', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '登记随机抽查入户结果', params: caseParams, body: sampleResultInput },
  }, async (req) => recordSampleResult(db, caseActor(req, true), req.params.id, req.body));

  app.get('/api/reserves', { schema: { tags: ['cases'], summary: '乡镇临时救助备用金余额与收支' } }, async (req) => listReserves(db, caseActor(req)));

  app.post('/api/reserves/allocate', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '县级拨付乡镇备用金（余额不超过 temporary.reserveFundLimit）',
      body: z.object({ townshipCode: z.string().regex(/^\d{9}$/, '乡镇代码应为 9 位'), amountYuan: yuanInput('拨付金额', { positive: true, max: 1e8 }), note: plainText('说明', 500, { required: '请填写拨付说明' }) }) },
  }, async (req) => allocateReserve(db, caseActor(req, true), req.body.townshipCode, req.body.amountYuan, req.body.note));

  app.get('/api/staff-relatives', { schema: { tags: ['cases'], summary: '近亲属备案（县级）' } }, async (req) => listRelatives(db, caseActor(req)));

  app.post('/api/staff-relatives', { bodyLimit: JSON_LIMIT, schema: { tags: ['cases'], summary: '新增近亲属备案（县级管理员）', body: relativeInput } },
    async (req, reply) => reply.status(201).send(await addRelative(db, caseActor(req, true), req.body)));

  app.post('/api/staff-relatives/:id/remove', {
    bodyLimit: JSON_LIMIT,
    schema: { tags: ['cases'], summary: '移除近亲属备案（留痕）', params: z.object({ id: z.coerce.number().int().min(1) }), body: z.object({ reason: plainText('原因', 500, { required: '请填写原因' }) }) },
  }, async (req) => removeRelative(db, caseActor(req, true), req.params.id, req.body.reason));
};

async function attachmentCaseCheck(db: Db, actor: CaseActor, caseId: string) {
  if (actor.role === 'auditor') throw new AppError('FORBIDDEN', '您的角色无权上传附件', undefined, 403);
  await caseInScope(db, actor, caseId);
}
