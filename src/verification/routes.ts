/**
 * Verification routes: county staff upload department feeds (the file is the request body, streamed
 * to disk, at most 50 MB) and read the row errors; the whole-registry re-check as a background job
 * with progress; the township report (xlsx); a household's findings; confirm or dismiss one.
 * Every route is area-scoped and audited where it changes something; replies are never cached.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { SCOPE_LENGTH } from '../auth/roles.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../http.ts';
import { plainText, todayInChina } from '../registry/model.ts';
import type { Actor } from '../registry/store.ts';
import { checkFeedFileName, FeedFileError, feedFileName, listFeedFiles, loadFeed } from './feeds.ts';
import { householdFindings } from './findings.ts';
import { VerifyJobs } from './jobs.ts';
import { writeTownshipReport } from './report.ts';
import { confirmFinding, dismissFinding, getFinding } from './resolve.ts';
import { SOURCES } from './sources.ts';

export const MAX_FEED_BYTES = 50 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export interface VerificationRoutesOptions {
  /** Where loaded feed files are kept, content-addressed (the data directory's feeds/); none: a temporary directory removed on close. */
  feedDir?: string;
}

const idParams = z.object({ id: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '编号无效') });

/** Feeds are the county's: only county-level roles that may write the registry load them. */
function countyWriter(req: FastifyRequest): Actor {
  const actor = requirePermission(req, 'registry.write');
  if (SCOPE_LENGTH[actor.role] !== 6) throw new AppError('FORBIDDEN', '部门核对数据由县级工作人员载入', undefined, 403);
  return actor;
}

declare module 'fastify' {
  interface FastifyRequest { feedUploadPath?: string }
}

export const verificationRoutes = (db: Db, opts: VerificationRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const ownDir = opts.feedDir ? null : join(tmpdir(), `doudi-feeds-${randomUUID()}`);
  const feedDir = opts.feedDir ?? ownDir!;
  const uploadDir = join(feedDir, 'uploads');
  const jobs = new VerifyJobs(db, (e) => app.log.error(e));
  app.addHook('onClose', async () => { jobs.close(); if (ownDir) await rm(ownDir, { recursive: true, force: true }); });
  app.addHook('onSend', async (_req, reply) => { reply.header('cache-control', 'no-store'); });

  // The body goes straight to a file, counted against the limit as it arrives.
  app.addContentTypeParser('application/octet-stream', async (req: FastifyRequest, body: Readable) => {
    if (!req.feedUploadPath) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '此接口不接受文件上传', undefined, 415);
    const tooLarge = () => new AppError('FILE_TOO_LARGE', `文件过大：部门数据文件不能超过 ${MAX_FEED_BYTES / 1024 / 1024} MB，请拆分后分批载入`, 'file', 413);
    if (Number(req.headers['content-length'] ?? 0) > MAX_FEED_BYTES) throw tooLarge();
    let bytes = 0;
    const limit = new Transform({ transform: (chunk: Buffer, _e, cb) => { bytes += chunk.length; cb(bytes > MAX_FEED_BYTES ? tooLarge() : null, chunk); } });
    await mkdir(uploadDir, { recursive: true, mode: 0o700 });
    try {
      await pipeline(body, limit, createWriteStream(req.feedUploadPath, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      if (e instanceof AppError) throw e;
      if ((e as NodeJS.ErrnoException).syscall) throw e;
      throw new AppError('UPLOAD_FAILED', '文件上传中断，请重新上传', 'file', 400);
    }
    return { bytes };
  });
  const cleanup = async (req: FastifyRequest) => { if (req.feedUploadPath) await rm(req.feedUploadPath, { force: true }); };

  app.post('/api/feeds', {
    schema: {
      tags: ['verification'], summary: '载入部门核对数据 upload a department feed',
      description: `请求体为文件本身（Content-Type: application/octet-stream，.csv 或 .xlsx，不超过 ${MAX_FEED_BYTES / 1024 / 1024} MB）。有错误的行列在 errors 中且不载入，其余行载入；同一文件再次载入不产生变化。`,
      querystring: z.object({
        name: feedFileName,
        source: z.enum(SOURCES, { error: `数据来源应为 ${SOURCES.join('、')} 之一` }),
        period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '数据期别应为 YYYY-MM'),
      }),
    },
    preParsing: async (req) => {
      countyWriter(req);
      // The name is checked before a byte of the body is read (query validation comes after parsing).
      try { checkFeedFileName((req.query as { name?: unknown }).name); } catch (e) { throw new AppError('BAD_FILE', (e as Error).message, 'name'); }
      req.feedUploadPath = join(uploadDir, `${randomUUID()}.upload`);
    },
    onResponse: async (req) => cleanup(req),
    onRequestAbort: async (req) => cleanup(req),
  }, async (req) => {
    const actor = countyWriter(req);
    const body = req.body as { bytes?: number } | undefined;
    if (!body || typeof body.bytes !== 'number') throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（Content-Type: application/octet-stream）', 'file', 415);
    if (body.bytes === 0) throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file');
    try {
      const r = await loadFeed(db, { path: req.feedUploadPath!, fileName: req.query.name, source: req.query.source, period: req.query.period, actor: actor.username, areaCode: actor.areaCode, dir: feedDir });
      return { ...r, errorCount: r.errors.length, errors: r.errors.slice(0, 1000) };
    } catch (e) {
      if (e instanceof FeedFileError) throw new AppError('BAD_FEED', e.message, e.path);
      throw e;
    }
  });

  app.get('/api/feeds', { schema: { tags: ['verification'], summary: '已载入的部门数据文件 loaded feed files' } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    return { rows: await listFeedFiles(db, actor.areaCode) };
  });

  app.post('/api/verify/jobs', {
    schema: { tags: ['verification'], summary: '全量核对（后台任务）re-check the registry in scope', body: z.object({ date: z.string().refine(isValidIsoDate, '核对日期应为有效日期 YYYY-MM-DD').optional() }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.write');
    return reply.status(202).send(VerifyJobs.view(jobs.start(actor, req.body.date ?? todayInChina())));
  });

  app.get('/api/verify/jobs/:id', { schema: { tags: ['verification'], summary: '核对任务进度 progress of a re-check', params: idParams } },
    async (req) => VerifyJobs.view(jobs.get(requirePermission(req, 'registry.write'), req.params.id)));

  app.get('/api/verify/report.xlsx', { schema: { tags: ['verification'], summary: '核对结果报表（按乡镇，xlsx）township report' } }, async (req, reply) => {
    const actor = requirePermission(req, 'registry.read');
    const body = new PassThrough();
    writeTownshipReport(db, actor.areaCode, body)
      .then((n) => appendAudit(db, { actor: actor.username, action: 'verify.report', target: null, areaCode: actor.areaCode, detail: { findings: n } }))
      .catch((e: Error) => { req.log.error(e); body.destroy(e); });
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`核对结果-${todayInChina()}.xlsx`)).send(body);
  });

  app.get('/api/households/:id/findings', { schema: { tags: ['verification'], summary: '家庭的核对结果 findings of a household', params: idParams } }, async (req) => {
    const actor = requirePermission(req, 'registry.read');
    return { rows: await householdFindings(db, actor.areaCode, req.params.id) };
  });

  app.get('/api/findings/:id', { schema: { tags: ['verification'], summary: '核对结果及确认后的登记更正 a finding with the correction confirming makes', params: idParams } },
    async (req) => getFinding(db, requirePermission(req, 'registry.read'), req.params.id));

  app.post('/api/findings/:id/confirm', {
    schema: { tags: ['verification'], summary: '确认核对结果并更正登记信息 confirm', params: idParams,
      body: z.object({ version: z.number().int(), householdVersion: z.number().int(), note: plainText('说明', 500).nullable().optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'registry.write');
    return confirmFinding(db, actor, req.params.id, req.body.version, req.body.householdVersion, req.body.note ?? null);
  });

  app.post('/api/findings/:id/dismiss', {
    schema: { tags: ['verification'], summary: '忽略核对结果（须说明原因）dismiss with a reason', params: idParams,
      body: z.object({ version: z.number().int(), reason: plainText('忽略原因', 500, { required: '忽略核对结果须填写原因' }) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'registry.write');
    await dismissFinding(db, actor, req.params.id, req.body.version, req.body.reason);
    return { ok: true };
  });
};
