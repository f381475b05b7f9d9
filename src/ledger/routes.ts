/** Ledger routes: upload and check, the error report, confirm the import, export the registry, the blank template. */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { requirePermission } from '../http.ts';
import { AppError } from '../errors.ts';
import { exportRegistry, templateWorkbook } from './export.ts';
import { commitJob, getJob, jobView, startCheck } from './jobs.ts';
import { fileKind, LedgerFileError } from './read.ts';
import { errorReport } from './report.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export const ledgerRoutes = (db: Db): FastifyPluginAsyncZod => async (app) => {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/api/ledger/jobs', {
    schema: { tags: ['ledger'], summary: '上传台账并校验（不写入）upload and check', querystring: z.object({ name: z.string().min(1).max(200) }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.write');
    try { fileKind(req.query.name); } catch (e) { throw new AppError('BAD_FILE', (e as LedgerFileError).message, 'name'); }
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file');
    return reply.status(202).send(jobView(startCheck(db, actor, req.query.name, req.body)));
  });

  app.get('/api/ledger/jobs/:id', { schema: { tags: ['ledger'], summary: '校验/导入进度与结果', params: z.object({ id: z.string() }) } },
    async (req) => jobView(getJob(requirePermission(req, 'registry.write'), req.params.id)));

  app.post('/api/ledger/jobs/:id/commit', { schema: { tags: ['ledger'], summary: '确认导入（全部成功或全部不写入）', params: z.object({ id: z.string() }) } },
    async (req) => jobView(commitJob(db, requirePermission(req, 'registry.write'), req.params.id)));

  app.get('/api/ledger/jobs/:id/report.xlsx', { schema: { tags: ['ledger'], summary: '下载校验报告（原表加错误说明列）', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const job = getJob(requirePermission(req, 'registry.write'), req.params.id);
    if (!job.result) throw new AppError('NOT_READY', '校验尚未完成', 'id', 409);
    const buffer = await errorReport({ buffer: job.buffer }, job.fileName, job.result.errors);
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`校验结果-${job.fileName.replace(/\.(csv|xlsx)$/i, '')}.xlsx`)).send(buffer);
  });

  app.get('/api/ledger/export.xlsx', {
    schema: { tags: ['ledger'], summary: '导出花名册（按当前筛选条件，流式）', querystring: z.object({
      q: z.string().max(50).optional(), areaCode: z.string().regex(/^\d{6,12}$/).optional(), hukou: z.enum(['urban', 'rural']).optional(), status: z.enum(['active', 'closed']).optional(),
    }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    await appendAudit(db, { actor: actor.username, action: 'ledger.export', target: null, areaCode: actor.areaCode, detail: { filters: req.query } });
    const stream = new PassThrough();
    exportRegistry(db, actor, req.query, stream).catch((e) => stream.destroy(e));
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`花名册-${new Date().toISOString().slice(0, 10)}.xlsx`)).send(stream);
  });

  app.get('/api/ledger/template.xlsx', { schema: { tags: ['ledger'], summary: '下载空白花名册模板（含下拉选项）' } }, async (req, reply) => {
    requirePermission(req, 'registry.read');
    return reply.header('content-type', XLSX).header('content-disposition', attachment('花名册模板.xlsx')).send(await templateWorkbook());
  });
};
