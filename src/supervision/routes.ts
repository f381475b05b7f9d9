/**
 * The routes of 督导 (issue 24; the API shared with the leaders' page): the indicators of an area on a date,
 * an indicator's trend, its township ranking and the list behind it, the inspection pack (xlsx, PDF; audited
 * as supervision.export) and the monthly snapshots (a county admin takes one; audited supervision.snapshot).
 * Permission registry.read (auditors too), limited to the user's area; Cache-Control: no-store.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { todayInChina } from '../registry/model.ts';
import { appendAudit } from '../auth/audit.ts';
import { inspectionPack, packPdf, packWorkbook } from './pack.ts';
import { indicators, list, snapshots, takeSnapshot, townships, trend, type SupervisionActor } from './store.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const asOf = z.string().refine(isValidIsoDate, '统计日期应为有效日期 YYYY-MM-DD').optional();
const monthOf = (what: string) => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${what}应为 YYYY-MM 格式的月份`);
const area = z.string().max(12).optional();
const key = z.object({ key: z.string().min(1).max(80) });

export const supervisionRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  app.addHook('onSend', async (req, reply) => { if (req.url.startsWith('/api/supervision')) reply.header('cache-control', 'no-store'); });
  const read = (req: FastifyRequest) => requirePermission(req, 'registry.read') as SupervisionActor;

  app.get('/api/supervision/indicators', { schema: { tags: ['supervision'], summary: '督导指标：本辖区（或所选乡镇）截至统计日的各项指标、目标和红黄绿灯',
    querystring: z.object({ asOf, area }) } },
  async (req) => indicators(db, read(req), req.query.asOf ?? todayInChina(), req.query.area));

  app.get('/api/supervision/indicators/:key/trend', { schema: { tags: ['supervision'], summary: '督导指标走势：最近 12 个月或 8 个季度（有月度快照的取快照）',
    params: key, querystring: z.object({ area, by: z.enum(['month', 'quarter'], { error: '统计周期应为 month（月）或 quarter（季度）' }).default('month'), to: monthOf('截止月份').optional() }) } },
  async (req) => trend(db, read(req), req.params.key, req.query.by, req.query.to ?? todayInChina().slice(0, 7), req.query.area));

  app.get('/api/supervision/indicators/:key/townships', { schema: { tags: ['supervision'], summary: '督导指标乡镇排名（本辖区内各乡镇，好的在前）',
    params: key, querystring: z.object({ asOf }) } },
  async (req) => townships(db, read(req), req.params.key, req.query.asOf ?? todayInChina()));

  app.get('/api/supervision/indicators/:key/list', { schema: { tags: ['supervision'], summary: '指标背后的名单：未达标的家庭或人员（姓名脱敏）',
    params: key, querystring: z.object({ asOf, area, page: z.coerce.number({ error: '页码应为数字' }).int().min(1, '页码应从 1 开始').default(1),
      pageSize: z.coerce.number({ error: '每页条数应为数字' }).int().min(1, '每页条数应为 1-200').max(200, '每页条数应为 1-200').default(20) }) } },
  async (req) => list(db, read(req), req.params.key, req.query.asOf ?? todayInChina(), req.query.area, req.query.page, req.query.pageSize));

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(`/api/supervision/pack.${format}`, { schema: { tags: ['supervision'], summary: `督导检查材料（${format === 'xlsx' ? 'Excel' : 'A4 PDF'}）：全部指标及红灯指标背后的名单（姓名脱敏），记入审计`,
      querystring: z.object({ asOf, area }) } },
    async (req, reply) => {
      const actor = read(req);
      const day = req.query.asOf ?? todayInChina();
      const pack = await inspectionPack(db, actor, day, req.query.area);
      const body = format === 'xlsx' ? await packWorkbook(pack) : await packPdf(pack);
      await appendAudit(db, { actor: actor.username, action: 'supervision.export', target: `supervision:${pack.area.code}`, areaCode: pack.area.code,
        detail: { format, asOf: day, red: pack.lists.map((l) => l.key) } });
      const name = encodeURIComponent(`督导检查材料-${pack.area.name}-${day}.${format}`);
      return reply.header('content-type', format === 'xlsx' ? XLSX : 'application/pdf').header('content-disposition', `attachment; filename*=UTF-8''${name}`).send(body);
    });
  }

  app.get('/api/supervision/snapshots', { schema: { tags: ['supervision'], summary: '已保存的督导指标月度快照' } },
    async (req) => snapshots(db, read(req)));

  app.post('/api/supervision/snapshots', { bodyLimit: 4096, schema: { tags: ['supervision'], summary: '保存某月的督导指标快照（县级管理员；同一月份重复保存返回已存的快照）',
    body: z.object({ month: monthOf('快照月份') }) } },
  async (req) => {
    const actor = read(req);
    if (actor.role !== 'county_admin') throw new AppError('FORBIDDEN', '只有县级管理员可以保存督导指标快照', undefined, 403);
    if (req.body.month > todayInChina().slice(0, 7)) throw new AppError('FUTURE_MONTH', '不能保存尚未到来的月份的快照', 'month', 400);
    return takeSnapshot(db, actor.areaCode.slice(0, 6), req.body.month, actor.username);
  });
};
