/**
 * The coverage-gap routes of 督导 (issue 24 item 4; the last bullet of the supervision API): the gaps of the user's
 * area; the search over the county or one township as a background job with progress (county admins); closing a gap
 * (township or county officers in scope). Personal data: names masked, `Cache-Control: no-store`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { Jobs, type Job } from '../jobs.ts';
import { CLOSE_OUTCOMES, GAP_OUTCOMES } from './gaps.ts';
import { closeGap, gapArea, listGaps, runGapSearch, type GapRun } from './gapStore.ts';

const listQuery = z.object({
  kind: z.enum(['unserved', 'review'], { error: '类别应为 unserved（应保未保）或 review（待复核）' }).optional(),
  area: z.string().max(12, '区划代码应为 6、9 或 12 位数字').optional(),
  status: z.enum(['open', 'closed'], { error: '状态应为 open（待办）或 closed（已办结）' }).optional(),
  page: z.coerce.number({ error: '页码应为正整数' }).int('页码应为正整数').min(1, '页码应为正整数').default(1),
  pageSize: z.coerce.number({ error: '每页条数应为 1–500 的整数' }).int('每页条数应为 1–500 的整数').min(1, '每页条数应为 1–500 的整数').max(500, '每页条数应为 1–500 的整数').default(100),
});
const runBody = z.object({ area: z.string().regex(/^\d{6}(\d{3})?$/, '排查范围应为本县（6 位）或一个乡镇（9 位）的区划代码').optional() }).default({});
const closeBody = z.object({
  outcome: z.enum(CLOSE_OUTCOMES, { error: `办结方式应为：${CLOSE_OUTCOMES.map((o) => `${o}（${GAP_OUTCOMES[o]}）`).join('、')}` }),
  note: z.string({ error: '说明应为文字' }).max(500, '说明不能超过 500 字').optional(),
}).refine((b) => b.outcome !== 'not_a_gap' || (b.note ?? '').trim().length > 0, { message: '经核实不属于的，请填写核实情况', path: ['note'] });
const gapParams = z.object({ id: z.coerce.number({ error: '线索编号无效' }).int('线索编号无效').positive('线索编号无效').max(Number.MAX_SAFE_INTEGER, '线索编号无效') });
const jobParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, '任务编号无效') });

export interface GapJob extends Job<GapRun> { scope: string }

export const gapRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  const jobs = new Jobs<GapRun, GapJob>({ busy: '您已有一个排查任务正在运行，请等其完成', notFound: '排查任务不存在或已过期（保留 1 小时）',
    failed: '排查失败，请稍后重试，或联系管理员' }, (e) => app.log.error(e));
  app.addHook('onClose', async () => jobs.close());
  app.addHook('onSend', async (req, reply) => { if (req.url.startsWith('/api/supervision/gaps')) reply.header('cache-control', 'no-store'); });

  app.get('/api/supervision/gaps', {
    schema: { tags: ['supervision'], summary: '应保未保与待复核线索（本辖区，姓名脱敏）coverage gaps of the area', querystring: listQuery },
  }, async (req) => listGaps(db, requirePermission(req, 'registry.read'), req.query));

  app.post('/api/supervision/gaps/run', {
    schema: { tags: ['supervision'], summary: '重新排查应保未保（县级管理员；后台任务，按进度查询）search the registry for coverage gaps', body: runBody },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    if (actor.role !== 'county_admin') throw new AppError('FORBIDDEN', '应保未保排查由县级管理员发起', undefined, 403);
    const scope = gapArea(actor, req.body?.area);
    const job = jobs.start(actor, (progress) => runGapSearch(db, { scope, actor: actor.username, onProgress: progress }), { scope });
    return reply.status(202).send(Jobs.view(job));
  });

  app.get('/api/supervision/gaps/runs/:id', {
    schema: { tags: ['supervision'], summary: '排查任务进度与结果 progress of a coverage-gap search', params: jobParams },
  }, async (req) => Jobs.view(jobs.get(requirePermission(req, 'registry.read'), req.params.id)));

  app.post('/api/supervision/gaps/:id/close', {
    schema: { tags: ['supervision'], summary: '办结线索：已受理申请、已发起复核、经核实不属于（须填说明）close a coverage gap', params: gapParams, body: closeBody },
  }, async (req) => closeGap(db, requirePermission(req, 'registry.write'), req.params.id, req.body));
};
