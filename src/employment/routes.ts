/**
 * 就业救助 routes (docs/employment.md § HTTP API): who can work and who does, the 零就业家庭, services per
 * person typed or loaded from 人社's file, 公益性岗位 and their holders, the household page's block, the
 * figures by township. Everything scoped to the user's area, ID numbers masked, every write audited.
 * Services and jobs are entered by township staff or by county staff of 人社局 (and the county admin).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { fileKind } from '../ledger/read.ts';
import { todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { desc, like, or, sql } from 'drizzle-orm';
import { loadServiceFile } from './files.ts';
import { holderEndInput, holderInput, isoDate, jobInput, serviceInput, workshopInput, workshopMonthInput } from './model.ts';
import { createWorkshop, listWorkshops, recordWorkshopMonth } from './workshops.ts';
import { employmentFiles } from './schema.ts';
import { addService, assignHolder, createJob, endHolder, endPlacement, householdEmployment, listJobs, listServices, workforce, zeroHouseholds } from './store.ts';
import { figures, figuresXlsx } from './views.ts';
import { SERVICE_KIND_KEYS } from './vocabulary.ts';

export const MAX_SERVICE_FILE_BYTES = 10 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface EmploymentRoutesOptions {
  /** Where 人社's files are kept, content-addressed (the data directory's employment/); none: a temporary directory removed on close. */
  employmentDir?: string;
}

/** Who may enter services and jobs: township staff, the county admin, and county staff of 人社局. */
function manager(req: FastifyRequest): Actor {
  const actor = requirePermission(req, 'employment.manage');
  if (actor.role === 'county_staff' && req.user?.department !== '人社局') throw new AppError('FORBIDDEN', '就业服务和公益性岗位由乡镇（街道）工作人员或县人社局工作人员登记', undefined, 403);
  return actor;
}

const dateQuery = isoDate('日期').optional();
const yearQuery = z.coerce.number({ error: '年份应为 4 位数字' }).int('年份应为 4 位数字').min(1990, '年份无效').max(2100, '年份无效');
const page = { page: z.coerce.number().int().min(1, '页码无效').default(1), pageSize: z.coerce.number().int().min(1).max(500, '每页最多 500 条').default(50) };
const idParams = z.object({ id: z.string().max(64) });

export const employmentRoutes = (db: Db, opts: EmploymentRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const ownDir = join(tmpdir(), `doudi-employment-${randomUUID()}`);
  const dir = opts.employmentDir ?? join(ownDir, 'kept');
  app.addHook('onClose', async () => { await rm(ownDir, { recursive: true, force: true }); });
  app.addHook('onSend', async (_req, reply) => { reply.header('cache-control', 'no-store'); });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_SERVICE_FILE_BYTES }, (_req, body, done) => done(null, body));

  app.get('/api/employment/workforce', {
    schema: { tags: ['employment'], summary: '劳动年龄内有劳动能力的人员及其就业状况（本辖区）working-age people able to work',
      querystring: z.object({ date: dateQuery, employed: z.enum(['0', '1'], { error: 'employed 应为 0 或 1' }).optional(), ...page }) },
  }, async (req) => {
    const actor = requirePermission(req, 'employment.read');
    return workforce(db, actor.areaCode, req.query.date ?? todayInChina(), { employed: req.query.employed === undefined ? undefined : req.query.employed === '1', page: req.query.page, pageSize: req.query.pageSize });
  });

  app.get('/api/employment/zero-households', {
    schema: { tags: ['employment'], summary: '零就业家庭（本辖区，按乡镇，含持续天数）zero-employment households', querystring: z.object({ date: dateQuery }) },
  }, async (req) => zeroHouseholds(db, requirePermission(req, 'employment.read').areaCode, req.query.date ?? todayInChina()));

  app.post('/api/employment/services', {
    schema: { tags: ['employment'], summary: '登记一项就业服务（岗位推荐、职业指导、技能培训、“两后生”、就业安置）record a service',
      description: '就业安置登记后，家庭档案中该成员记为就业并更新月收入；该户有已批准的低保时生成一项复核（由乡镇决定继续、调整、渐退或停止）。', body: serviceInput },
  }, async (req) => addService(db, manager(req), req.body, { today: todayInChina(), source: 'entry' }));

  app.post('/api/employment/services/:id/end', {
    schema: { tags: ['employment'], summary: '登记就业安置或“两后生”学历教育结束 end a placement or schooling', params: idParams, body: z.object({ endDate: isoDate('结束日期') }).strict() },
  }, async (req) => endPlacement(db, manager(req), req.params.id, req.body.endDate, todayInChina()));

  app.get('/api/employment/services', {
    schema: { tags: ['employment'], summary: '就业服务记录（本辖区，身份证号脱敏）services in scope',
      querystring: z.object({ memberId: z.string().max(64).optional(), householdId: z.string().max(64).optional(), year: yearQuery.optional(),
        kind: z.enum(SERVICE_KIND_KEYS, { error: '服务类型无效' }).optional(), ...page }) },
  }, async (req) => listServices(db, requirePermission(req, 'employment.read').areaCode, req.query));

  app.post('/api/employment/files', {
    schema: { tags: ['employment'], summary: '导入人社就业服务文件 load 人社\'s service file',
      description: `请求体为文件本身（Content-Type: application/octet-stream，.csv 或 .xlsx，不超过 ${MAX_SERVICE_FILE_BYTES / 1024 / 1024} MB）。全部正确才写入；有错误的行列在 errors 中（422），不写入任何数据。同一文件再次导入返回 409。`,
      querystring: z.object({ name: z.string().min(1, '请提供文件名').max(200, '文件名过长') }) },
  }, async (req, reply) => {
    const actor = manager(req);
    try { fileKind(req.query.name); } catch (e) { throw new AppError('BAD_FILE', (e as Error).message, 'name'); }
    const body = req.body as unknown;
    if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（Content-Type: application/octet-stream）', 'file', 415);
    if (body.length === 0) throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file');
    await mkdir(ownDir, { recursive: true, mode: 0o700 });
    const path = join(ownDir, `${randomUUID()}.upload`);
    await writeFile(path, body, { mode: 0o600 });
    try {
      const r = await loadServiceFile(db, actor, { path, fileName: req.query.name, dir, today: todayInChina() });
      if (r.errors.length) return reply.status(422).send({ error: { code: 'ROW_ERRORS', message: `文件有 ${r.errors.length} 处错误，未写入任何数据`, path: 'file' }, ...r, errors: r.errors.slice(0, 1000) });
      return r;
    } finally {
      await rm(path, { force: true });
    }
  });

  app.get('/api/employment/files', { schema: { tags: ['employment'], summary: '已导入的人社就业服务文件 files loaded' } }, async (req) => {
    const actor = requirePermission(req, 'employment.read');
    const rows = await db.select({ id: employmentFiles.id, fileName: employmentFiles.fileName, sha256: employmentFiles.sha256, bytes: employmentFiles.bytes, loadedBy: employmentFiles.loadedBy,
      loadedAt: employmentFiles.loadedAt, rows: employmentFiles.rows, loaded: employmentFiles.loaded }).from(employmentFiles)
      .where(or(like(employmentFiles.areaCode, `${actor.areaCode}%`),
        sql`exists (select 1 from employment_services s where s.file_id = ${employmentFiles.id} and s.area_code like ${`${actor.areaCode}%`})`)).orderBy(desc(employmentFiles.loadedAt)).limit(500);
    return { rows };
  });

  app.post('/api/employment/jobs', { schema: { tags: ['employment'], summary: '开发公益性岗位 create a public-welfare job', body: jobInput } },
    async (req) => createJob(db, manager(req), req.body));

  app.get('/api/employment/jobs', {
    schema: { tags: ['employment'], summary: '公益性岗位及在岗人员（本辖区）public-welfare jobs and holders', querystring: z.object({ date: dateQuery }) },
  }, async (req) => listJobs(db, requirePermission(req, 'employment.read').areaCode, req.query.date ?? todayInChina()));

  app.post('/api/employment/jobs/:id/holders', {
    schema: { tags: ['employment'], summary: '安排人员到公益性岗位（按出生日期和政策包的退休年龄核定补贴期限）place a person on a job',
      description: '补贴期限按政策包：累计最长年数（employment.welfareJob.termYears）；上岗时距法定退休年龄不足规定年数（employment.welfareJob.nearRetirementYears）的可延长至退休。计划离岗日期超过期限返回 422。', params: idParams, body: holderInput },
  }, async (req) => assignHolder(db, manager(req), req.params.id, req.body, todayInChina()));

  app.post('/api/employment/holders/:id/end', {
    schema: { tags: ['employment'], summary: '公益性岗位人员离岗 a holder leaves', params: idParams, body: holderEndInput },
  }, async (req) => endHolder(db, manager(req), req.params.id, req.body));

  app.post('/api/employment/workshops', { schema: { tags: ['employment'], summary: '登记以工代训车间（名称、企业、乡镇、企业收款账户）record a 以工代训 workshop', body: workshopInput } },
    async (req) => createWorkshop(db, manager(req), req.body));
  app.get('/api/employment/workshops', { schema: { tags: ['employment'], summary: '以工代训车间及各月补贴（本辖区，账号脱敏）workshops and their months' } },
    async (req) => listWorkshops(db, requirePermission(req, 'employment.read').areaCode));
  app.post('/api/employment/workshops/:id/months', {
    schema: { tags: ['employment'], summary: '登记以工代训车间的一个月及学员 record a workshop month with its trainees',
      description: '补贴按政策包 employment.workTraining.perMonth（元/车间/月），每个车间最多 employment.workTraining.maxMonths 个月；付给企业，不进入以户为单位的发放名册。', params: idParams, body: workshopMonthInput },
  }, async (req) => recordWorkshopMonth(db, manager(req), req.params.id, req.body, todayInChina()));
  app.get('/api/households/:id/employment', {
    schema: { tags: ['employment'], summary: '家庭就业情况：成员就业、服务记录、零就业状态和待办复核 a household\'s employment', params: idParams, querystring: z.object({ date: dateQuery }) },
  }, async (req) => householdEmployment(db, requirePermission(req, 'registry.read').areaCode, req.params.id, req.query.date ?? todayInChina()));

  app.get('/api/employment/figures', {
    schema: { tags: ['employment'], summary: '就业救助统计（按乡镇）figures by township',
      querystring: z.object({ year: yearQuery, format: z.enum(['json', 'xlsx'], { error: 'format 应为 json 或 xlsx' }).default('json') }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'employment.read');
    const today = todayInChina();
    const f = await figures(db, actor.areaCode, req.query.year, `${req.query.year}` < today.slice(0, 4) ? `${req.query.year}-12-31` : today);
    if (req.query.format === 'json') return f;
    await appendAudit(db, { actor: actor.username, action: 'employment.figures.export', target: null, areaCode: actor.areaCode, detail: { year: req.query.year } });
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`就业救助统计-${req.query.year}.xlsx`)}`).send(await figuresXlsx(f));
  });
};
