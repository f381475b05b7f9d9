/**
 * The desk: what reads across the capabilities for one user. 工作台 (`GET /api/workbench`): what is
 * waiting for the user, in their area; the audit log for an auditor (`GET /api/audit`, its xlsx export,
 * audited, and the chain's verification state). Every answer is limited to the user's area.
 */
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit, verifyAudit } from '../auth/audit.ts';
import { AUDIT_GROUPS, type AuditGroup } from '../auth/auditLabels.ts';
import { actorOf, requirePermission } from '../http.ts';
import { todayInChina } from '../registry/model.ts';
import { auditPage, writeAuditXlsx } from './auditView.ts';
import { workbench } from './workbench.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

const filterShape = z.object({
  actor: z.string().trim().max(64).optional().describe('操作人：用户名，或姓名的一部分'),
  action: z.string().max(64).optional().describe('动作（或其前缀）'),
  group: z.enum(Object.keys(AUDIT_GROUPS) as [AuditGroup, ...AuditGroup[]], { error: `动作类别应为：${Object.keys(AUDIT_GROUPS).join('、')}` }).optional(),
  area: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '区划应为 6、9 或 12 位区划代码').optional(),
  target: z.string().max(100).optional(),
  from: z.iso.date({ error: '开始日期格式应为 YYYY-MM-DD' }).optional(), to: z.iso.date({ error: '结束日期格式应为 YYYY-MM-DD' }).optional(),
});
const datesInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const DATES_ORDER = { message: '开始日期不能晚于结束日期', path: ['from'] };
const auditFilters = filterShape.refine(datesInOrder, DATES_ORDER);

export interface DeskOptions {
  /** The append-only file of anchored chain heads that the verification checks too (none: links only). */
  auditAnchorFile?: string | null;
}

export const deskRoutes = (db: Db, opts: DeskOptions = {}): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/workbench', { schema: { tags: ['desk'], summary: '工作台：我的待办、即将到期、已逾期、待处置预警、待处理核对发现、待审批发放名册' } }, async (req, reply) => {
    const actor = actorOf(req);
    reply.header('cache-control', 'no-store');
    return workbench(db, { ...actor, department: req.user?.department ?? null });
  });

  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: '审计日志查询（动作、操作人、对象、区划均为可读的中文）',
      querystring: filterShape.extend({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }).refine(datesInOrder, DATES_ORDER),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'audit.read');
    const { page, pageSize, ...q } = req.query;
    reply.header('cache-control', 'no-store');
    return auditPage(db, { ...q, scope: actor.areaCode, limit: pageSize, offset: (page - 1) * pageSize });
  });

  app.get('/api/audit/export.xlsx', { schema: { tags: ['audit'], summary: '按筛选条件导出审计日志（xlsx，流式；导出本身记入审计日志）', querystring: auditFilters } }, async (req, reply) => {
    const actor = requirePermission(req, 'audit.read');
    const body = new PassThrough();
    const sheet = new PassThrough();
    sheet.pipe(body, { end: false });
    body.on('close', () => sheet.destroy());
    (async () => {
      let failure: unknown = null;
      let rows = 0;
      try { rows = await writeAuditXlsx(db, { ...req.query, scope: actor.areaCode }, sheet); await finished(sheet); } catch (e) { failure = e; }
      try {
        await appendAudit(db, { actor: actor.username, action: 'audit.export', target: null, areaCode: actor.areaCode, detail: { filters: req.query, rows, completed: !failure } });
      } catch (e) { failure ??= e; }
      if (failure) { req.log.error(failure); body.destroy(failure instanceof Error ? failure : undefined); } else body.end();
    })();
    return reply.header('content-type', XLSX).header('cache-control', 'no-store').header('content-disposition', attachment(`审计日志-${todayInChina()}.xlsx`)).send(body);
  });

  app.get('/api/audit/verify', { schema: { tags: ['audit'], summary: '校验审计日志哈希链（与 doudi audit verify 相同）：是否完整、最新记录的时间' } }, async (req, reply) => {
    requirePermission(req, 'audit.read');
    const r = await verifyAudit(db, { anchorFile: opts.auditAnchorFile ?? null });
    reply.header('cache-control', 'no-store');
    // The ids of the broken entries, not the problems' text (it names files of the server).
    return { ok: r.ok, checkedAt: new Date().toISOString(), headAt: r.head?.at ?? null, anchored: r.anchors > 0,
      problems: r.problems.length, problemIds: r.problems.flatMap((p) => (p.id === null ? [] : [p.id])).slice(0, 20) };
  });
};
