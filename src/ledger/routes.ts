/** Ledger routes: upload and check, the error report, confirm the import, export the registry, the blank template. */
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { can } from '../auth/roles.ts';
import { requirePermission } from '../http.ts';
import { householdFilter } from '../registry/store.ts';
import { AppError } from '../errors.ts';
import { abandoned } from '../db/requestScope.ts';
import { exportRegistry, templateWorkbook, type ExportTally } from './export.ts';
import { ExportSlots, EXPORTS_RUNNING, EXPORTS_WAITING } from './exportSlots.ts';
import { LedgerJobs, type Upload } from './jobs.ts';
import { fileKind, LedgerFileError } from './read.ts';
import { writeErrorReport } from './report.ts';
import { todayInChina } from '../domain/dates.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

declare module 'fastify' {
  interface FastifyRequest { ledgerUpload?: Upload }
}

export interface LedgerRoutesOptions {
  /** Where uploads are written (the data directory's uploads/); without one, a temporary directory removed on close. */
  uploadDir?: string;
  /** How many registry exports are built at once and how many may wait (exportSlots.ts); default EXPORTS_RUNNING and EXPORTS_WAITING. */
  exportSlots?: ExportSlots;
}

export const ledgerRoutes = (db: Db, opts: LedgerRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const jobs = await LedgerJobs.open(db, { dir: opts.uploadDir, log: (e) => app.log.error(e) });
  const exportSlots = opts.exportSlots ?? new ExportSlots(EXPORTS_RUNNING, EXPORTS_WAITING);
  app.addHook('onClose', () => jobs.close());

  // The upload's body goes straight to a file, counted against the 50 MB limit as it arrives; no
  // other route of this plugin takes a file.
  app.addContentTypeParser('application/octet-stream', async (req: FastifyRequest, body: Readable) => {
    if (!req.ledgerUpload) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '此接口不接受文件上传', undefined, 415);
    return jobs.receive(req.ledgerUpload, body, Number(req.headers['content-length'] ?? 0));
  });
  const name = (req: FastifyRequest) => (req.query as { name?: unknown }).name;
  // Exports, reports, the template and job views carry personal data or are downloads: never cached.
  app.addHook('onSend', async (_req, reply) => { reply.header('cache-control', 'no-store'); });

  app.post('/api/ledger/jobs', {
    schema: { tags: ['ledger'], summary: '上传台账并校验（不写入）upload and check', description: `请求体为文件本身（Content-Type: application/octet-stream），不超过 ${jobs.maxBytes / 1024 / 1024} MB；每人同时最多保留 3 个任务。`, querystring: z.object({ name: z.string().min(1).max(200) }) },
    // Permission, file kind and the user's quota are checked before the body is read.
    preParsing: async (req) => {
      const actor = requirePermission(req, 'registry.write');
      const n = name(req);
      if (typeof n === 'string') { try { fileKind(n); } catch (e) { throw new AppError('BAD_FILE', (e as LedgerFileError).message, 'name'); } }
      req.ledgerUpload = jobs.reserve(actor);
    },
    onResponse: async (req) => jobs.cancel(req.ledgerUpload),
    onRequestAbort: async (req) => jobs.cancel(req.ledgerUpload),
  }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.write');
    const upload = req.ledgerUpload;
    if (!upload || req.body !== upload) {
      if (req.body === undefined || req.body === null) throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file');
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（Content-Type: application/octet-stream）', 'file', 415);
    }
    if (upload.bytes === 0) throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file');
    return reply.status(202).send(LedgerJobs.view(jobs.start(actor, upload, req.query.name)));
  });

  app.get('/api/ledger/jobs/:id', { schema: { tags: ['ledger'], summary: '校验/导入进度与结果', params: z.object({ id: z.string() }) } },
    async (req) => LedgerJobs.view(jobs.get(requirePermission(req, 'registry.write'), req.params.id)));

  app.post('/api/ledger/jobs/:id/commit', { schema: { tags: ['ledger'], summary: '确认导入（全部成功或全部不写入）', params: z.object({ id: z.string() }) } },
    async (req) => LedgerJobs.view(jobs.commit(requirePermission(req, 'registry.write'), req.params.id)));

  app.get('/api/ledger/jobs/:id/report.xlsx', { schema: { tags: ['ledger'], summary: '下载校验报告（原表加错误说明列）', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const job = jobs.get(requirePermission(req, 'registry.write'), req.params.id);
    if (!job.result) throw new AppError('NOT_READY', '校验尚未完成', 'id', 409);
    if (!job.path) throw new AppError('FILE_GONE', '导入已完成，上传的文件已删除；校验报告不再提供', 'id', 409);
    // Streamed as it is written: a report of a 50 MB ledger is never one Buffer.
    const stream = new PassThrough();
    writeErrorReport({ path: job.path }, job.fileName, job.result.errors, stream).then(() => stream.end(), (e: Error) => stream.destroy(e));
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`校验结果-${job.fileName.replace(/\.(csv|xlsx)$/i, '')}.xlsx`)).send(stream);
  });

  app.get('/api/ledger/export.xlsx', {
    schema: { tags: ['ledger'], summary: '导出花名册（按当前筛选条件，流式）',
      description: '默认脱敏（身份证号、电话脱敏，以年龄代替出生日期），不能重新导入。reveal=1 导出完整号码（仅限有查看完整号码权限的角色），可重新导入，作为批量查看记入审计日志（ledger.export.reveal，含筛选条件和导出人数）。全服务器同时生成的导出有上限，其余排队（排到后开始下载）；排队已满时返回 429“导出任务较多，请稍后再试”。',
      querystring: z.object({
        q: z.string().max(50).optional(), areaCode: z.string().regex(/^\d{6,12}$/, '区划代码无效').optional(), hukou: z.enum(['urban', 'rural']).optional(), status: z.enum(['active', 'closed']).optional(),
        reveal: z.enum(['0', '1'], { error: 'reveal 应为 0 或 1' }).optional(),
      }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    const { reveal: full, ...filters } = req.query;
    const reveal = full === '1';
    if (reveal && !can(actor.role, 'reveal')) throw new AppError('FORBIDDEN', '您的角色无权导出完整身份证号和电话', 'reveal', 403);
    householdFilter(actor, filters); // a refused search is a 4xx now, not a broken download later
    // Wait for an export slot (or a 429 when too many wait); a client that leaves while waiting leaves the queue.
    const gone = new AbortController();
    const onClose = () => { if (!reply.raw.writableFinished) gone.abort(); };
    reply.raw.once('close', onClose);
    const release = await exportSlots.acquire(gone.signal, abandoned);
    reply.raw.off('close', onClose);
    // The workbook is written into `sheet`, which feeds the response without ending it: the response
    // ends only after the audit entry (with the number of rows actually written) is stored.
    const body = new PassThrough();
    const sheet = new PassThrough();
    sheet.pipe(body, { end: false });
    body.on('close', () => sheet.destroy());
    const tally: ExportTally = { households: 0, people: 0, completed: false };
    (async () => {
      let failure: unknown = null;
      try {
        await exportRegistry(db, actor, filters, sheet, { reveal }, tally);
        if (tally.completed) await finished(sheet);
      } catch (e) { failure = e; }
      try {
        await appendAudit(db, { actor: actor.username, action: reveal ? 'ledger.export.reveal' : 'ledger.export', target: null, areaCode: actor.areaCode,
          detail: { filters, masked: !reveal, households: tally.households, people: tally.people, completed: tally.completed && !failure } });
      } catch (e) { failure ??= e; }
      release();
      if (failure || !tally.completed) { if (failure) req.log.error(failure); body.destroy(failure instanceof Error ? failure : undefined); } else body.end();
    })();
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`花名册${reveal ? '（完整号码）' : '（脱敏）'}-${todayInChina()}.xlsx`)).send(body);
  });

  app.get('/api/ledger/template.xlsx', { schema: { tags: ['ledger'], summary: '下载空白花名册模板（含下拉选项）' } }, async (req, reply) => {
    requirePermission(req, 'registry.read');
    return reply.header('content-type', XLSX).header('content-disposition', attachment('花名册模板.xlsx')).send(await templateWorkbook());
  });
};
