/**
 * Workflow routes: the county's working-day calendar (national holidays, 调休 and the county's
 * overrides); a notice (公示) with its masked objections, as printable A4 HTML and as PDF. Cases and
 * monitoring have their own routes and call the workflow modules directly.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { plainText, todayInChina } from '../registry/model.ts';
import { addDays, COVERED_YEARS, explainRange } from './calendar.ts';
import { countyOf, countyOverrides, listOverrides, setOverride, uncoveredDeadlineYears } from './calendarStore.ts';
import { fullName } from '../domain/areas.ts';
import { renderNoticeHtml, renderNoticePdf } from './notices.ts';
import { getNotice, listObjections, noticeDoc } from './noticeStore.ts';

const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
const MAX_RANGE_DAYS = 400;

export const workflowRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/workflow/calendar', {
    schema: { tags: ['workflow'], summary: '本县工作日历：法定节假日、调休与本县调整',
      querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    const year = todayInChina().slice(0, 4);
    const from = req.query.from ?? `${year}-01-01`;
    const to = req.query.to ?? `${year}-12-31`;
    if (to < from) throw new AppError('INVALID_RANGE', '结束日期不能早于开始日期', 'to');
    if (addDays(from, MAX_RANGE_DAYS) < to) throw new AppError('RANGE_TOO_LONG', `一次最多查询 ${MAX_RANGE_DAYS} 天`, 'to');
    const county = countyOf(actor.areaCode);
    return { county, coveredYears: COVERED_YEARS, days: explainRange(from, to, await countyOverrides(db, county)),
      overrides: await listOverrides(db, county, from, to), uncoveredYears: await uncoveredDeadlineYears(db, actor.areaCode) };
  });

  app.post('/api/workflow/calendar', {
    schema: { tags: ['workflow'], summary: '调整本县某日为工作日或休息日（working 为 null 时恢复全国日历，留痕）',
      body: z.object({ date: isoDate, working: z.boolean({ error: 'working 应为 true、false 或 null' }).nullable(),
        note: plainText('说明', 200, { required: '请填写调整说明' }) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'policy.manage');
    return { override: await setOverride(db, actor, req.body) };
  });

  const noticeParams = z.object({ id: z.string().min(1).max(64) });

  app.get('/api/workflow/notices/:id', { schema: { tags: ['workflow'], summary: '公示（姓名、身份证号已遮蔽）及其异议（异议人遮蔽）', params: noticeParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    const row = await getNotice(db, actor.areaCode, req.params.id);
    reply.header('cache-control', 'no-store');
    return { ...noticeDoc(row), id: row.id, areaCode: row.areaCode, subjectType: row.subjectType, subjectId: row.subjectId,
      createdBy: row.createdBy, objections: await listObjections(db, actor.areaCode, row.id) };
  });

  app.get('/api/workflow/notices/:id/print', { schema: { tags: ['workflow'], summary: '公示的 A4 打印页（HTML）', params: noticeParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    const row = await getNotice(db, actor.areaCode, req.params.id);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderNoticeHtml(noticeDoc(row, fullName(row.areaCode))));
  });

  app.get('/api/workflow/notices/:id/pdf', { schema: { tags: ['workflow'], summary: '公示的 PDF（内嵌中文字体）', params: noticeParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    const row = await getNotice(db, actor.areaCode, req.params.id);
    const pdf = await renderNoticePdf(noticeDoc(row, fullName(row.areaCode)));
    return reply.header('cache-control', 'no-store').header('content-disposition', `inline; filename="notice-${row.id}.pdf"`).type('application/pdf').send(pdf);
  });
};
