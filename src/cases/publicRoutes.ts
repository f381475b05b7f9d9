/**
 * 掌上办 routes, without a login or cookies (server.ts lets /api/public/ through without a session
 * and without CSRF: nothing here acts for a logged-in user). Each route has its own rate limit per
 * client address and a small body limit; photos are streamed to the attachment store like the staff's.
 * See public.ts for what is shown.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { AttachmentStore, acceptUploads } from './attachments.ts';
import { publicApplyInput, publicStatusInput } from './model.ts';
import { addPublicPhoto, applyPublic, publicCaseForUpload, publicStatus } from './public.ts';

export interface PublicRoutesOptions {
  attachmentDir?: string;
  /** Requests per client address and window (tests lower them). */
  limits?: { apply?: number; status?: number; photo?: number; windowMs?: number };
}

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'application/octet-stream'];
const number = z.string().trim().regex(/^[A-Z0-9]{6,32}$/, '申请编号格式不正确');

export const publicCaseRoutes = (db: Db, opts: PublicRoutesOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const files = AttachmentStore.open(opts.attachmentDir, 5 * 1024 * 1024);
  const windowMs = opts.limits?.windowMs ?? 15 * 60_000;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: windowMs } });
  // As for the staff's attachments: a photo body is read only for the photo route after its rate limit and checks.
  acceptUploads(app, files, PHOTO_TYPES);

  app.post('/api/public/applications', {
    bodyLimit: 16 * 1024, config: limit(opts.limits?.apply ?? 5),
    schema: { tags: ['public'], summary: '掌上办：提交救助申请（无需登录），返回申请编号和照片上传凭证', body: publicApplyInput },
  }, async (req, reply) => reply.status(201).send(await applyPublic(db, req.body)));

  app.post('/api/public/applications/:number/photos', {
    config: limit(opts.limits?.photo ?? 10),
    schema: { tags: ['public'], summary: '掌上办：上传照片（最多 3 张，JPG/PNG，不超过 5 MB；请求头 x-upload-token 为提交申请时返回的凭证）',
      params: z.object({ number }), headers: z.object({ 'x-upload-token': z.string({ error: '缺少上传凭证（x-upload-token）' }).min(10, '上传凭证无效').max(100, '上传凭证无效') }) },
    // The number, its token and the photo count are checked before the photo is read.
    preParsing: async (req) => {
      const token = req.headers['x-upload-token'];
      await publicCaseForUpload(db, (req.params as { number: string }).number, typeof token === 'string' ? token : '');
      req.caseUploadAllowed = true;
    },
  }, async (req, reply) => {
    const staged = req.caseUpload;
    if (!staged || req.body !== staged) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以图片本身作为请求体上传（JPG 或 PNG）', 'file', 415);
    if (staged.file.mime === 'application/pdf') throw new AppError('BAD_FILE_TYPE', '只接受 JPG、PNG 照片', 'file', 415);
    const added = await addPublicPhoto(db, req.params.number, req.headers['x-upload-token'], staged.file);
    await files.keep(staged);
    return reply.status(201).send(added);
  });

  app.post('/api/public/status', {
    bodyLimit: 1024, config: limit(opts.limits?.status ?? 10),
    schema: { tags: ['public'], summary: '掌上办：凭申请编号和身份证号后 6 位查询办理进度（限频）', body: publicStatusInput },
  }, async (req) => publicStatus(db, req.body.number, req.body.idLast6));
};
