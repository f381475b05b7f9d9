/**
 * Case attachments on disk, content-addressed: a file is streamed to a temporary file while its
 * SHA-256 and size are counted (never held in memory), its type is decided by its first bytes (JPEG,
 * PNG or PDF only; the declared Content-Type is not trusted), and it is then renamed to
 * `<dir>/<sha[0..2]>/<sha>` once the request that brought it has succeeded (`stage`, then `keep` or
 * `discard`); the same content uploaded twice is stored once. The directory is
 * `<data dir>/attachments` when serving; a server without one gets a temporary directory removed on
 * close. Reading is done only through the case routes, after the case's area check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { MAX_ATTACHMENT_BYTES } from './model.ts';

export interface StoredFile { sha256: string; bytes: number; mime: 'image/jpeg' | 'image/png' | 'application/pdf' }
/** A received file not yet in the store: its temporary path, removed by `discard` unless `keep` moved it. */
export interface StagedFile { file: StoredFile; tmp: string }

/** The type of a file by its magic bytes, or null when it is none of the accepted ones. */
export function sniffType(head: Buffer): StoredFile['mime'] | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by an upload route (case attachments, citizen photos, monitoring files) once all its checks passed: only then is a file body read. */
    caseUploadAllowed?: boolean;
    /** The file this request received (case, citizen and monitoring uploads), removed before the response is sent unless it was kept. */
    caseUpload?: StagedFile;
  }
}

/**
 * The file bodies a route plugin accepts, in one place for every plugin that takes uploads: a body of one of
 * `types` is read only for a request whose route set `caseUploadAllowed` after all of its checks (login, role,
 * area, token, rate limit) — any other gets 415 before a byte is read; the body is staged in `files` (counted,
 * hashed, typed by its first bytes) and removed before the response is sent unless the route kept it. Also marks
 * every answer of the plugin `no-store` (uploads and their records carry personal data).
 */
export function acceptUploads(app: FastifyInstance, files: AttachmentStore, types: readonly string[]): void {
  app.addHook('onClose', () => files.close());
  for (const type of types) {
    app.addContentTypeParser(type, async (req: FastifyRequest, body: Readable) => {
      if (!req.caseUploadAllowed) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '此接口不接受文件上传', undefined, 415);
      req.caseUpload = await files.stage(body, Number(req.headers['content-length'] ?? 0));
      return req.caseUpload;
    });
  }
  const dropUpload = async (req: FastifyRequest) => { await files.discard(req.caseUpload); };
  app.addHook('onSend', async (req, reply, payload) => {
    await dropUpload(req);
    reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onRequestAbort', dropUpload);
}

/** The file a route received as its whole body (after `acceptUploads` staged it); 415 for any other body. */
export function stagedFile(req: FastifyRequest): StagedFile {
  if (!req.caseUpload || req.body !== req.caseUpload) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以文件本身作为请求体上传（JPG、PNG 或 PDF）', 'file', 415);
  return req.caseUpload;
}

export class AttachmentStore {
  private made = false;
  private constructor(readonly dir: string, private readonly ownsDir: boolean, readonly maxBytes: number) {}

  static open(dir?: string, maxBytes = MAX_ATTACHMENT_BYTES): AttachmentStore {
    return dir ? new AttachmentStore(dir, false, maxBytes) : new AttachmentStore(join(tmpdir(), `doudi-attachments-${randomUUID()}`), true, maxBytes);
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams a body to a temporary file of the store, counting, hashing and typing it: 413 above the
   * limit, 415 for a type other than JPEG/PNG/PDF, 400 for an empty one (the temporary file is removed
   * on every refusal). The file becomes part of the store only through `keep`; `discard` removes it,
   * so a request refused after its body was read leaves nothing behind.
   */
  async stage(body: Readable, declaredLength: number): Promise<StagedFile> {
    const mb = Math.round(this.maxBytes / 1024 / 1024);
    const tooLarge = () => new AppError('FILE_TOO_LARGE', `文件过大：每个附件不能超过 ${mb} MB`, 'file', 413);
    if (declaredLength > this.maxBytes) throw tooLarge();
    this.made = true;
    await mkdir(join(this.dir, 'tmp'), { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, 'tmp', `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    let head = Buffer.alloc(0);
    let mime: StoredFile['mime'] | null = null;
    const check = new Transform({
      transform: (chunk: Buffer, _enc, callback) => {
        bytes += chunk.length;
        if (bytes > this.maxBytes) return callback(tooLarge());
        if (head.length < 8) {
          head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
          if (head.length >= 8 || !mime) mime = sniffType(head);
          if (head.length >= 8 && !mime) return callback(new AppError('BAD_FILE_TYPE', '只接受 JPG、PNG 图片或 PDF 文件', 'file', 415));
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(body, check, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof AppError) throw e;
      if ((e as NodeJS.ErrnoException).syscall) throw e;
      throw new AppError('UPLOAD_FAILED', '文件上传中断，请重新上传', 'file', 400);
    }
    if (bytes === 0) { await rm(tmp, { force: true }); throw new AppError('EMPTY_FILE', '上传的文件是空的', 'file'); }
    mime = sniffType(head);
    if (!mime) { await rm(tmp, { force: true }); throw new AppError('BAD_FILE_TYPE', '只接受 JPG、PNG 图片或 PDF 文件', 'file', 415); }
    return { file: { sha256: hash.digest('hex'), bytes, mime }, tmp };
  }

  /** Moves a staged file into the store under its hash (the same content already there: the copy is dropped). */
  async keep(staged: StagedFile): Promise<StoredFile> {
    const { sha256 } = staged.file;
    const final = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const exists = await stat(final).then(() => true, () => false);
    if (exists) await rm(staged.tmp, { force: true });
    else await rename(staged.tmp, final);
    return staged.file;
  }

  /** Removes a staged file that was not kept (nothing happens when it was). */
  async discard(staged: StagedFile | undefined): Promise<void> {
    if (staged) await rm(staged.tmp, { force: true });
  }

  /** Streams a body straight into the store (`stage` then `keep`). */
  async receive(body: Readable, declaredLength: number): Promise<StoredFile> {
    return this.keep(await this.stage(body, declaredLength));
  }

  /** Opens a stored file; a file missing from the disk is a 404 (a record whose file was lost or never written). */
  async open(sha256: string): Promise<Readable> {
    const handle = await open(this.pathOf(sha256), 'r').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') throw new AppError('FILE_MISSING', '附件文件不存在（可能已丢失），请重新上传', 'attachmentId', 404);
      throw e;
    });
    return handle.createReadStream();
  }

  /** Removes the directory when it was a temporary one (a server without a data directory). */
  async close(): Promise<void> {
    if (this.ownsDir && this.made) await rm(this.dir, { recursive: true, force: true });
  }
}
