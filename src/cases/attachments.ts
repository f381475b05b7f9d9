/**
 * Case attachments on disk, content-addressed: a file is streamed to a temporary file while its
 * SHA-256 and size are counted (never held in memory), its type is decided by its first bytes (JPEG,
 * PNG or PDF only; the declared Content-Type is not trusted), and it is then renamed to
 * `<dir>/<sha[0..2]>/<sha>`; the same content uploaded twice is stored once. The directory is
 * `<data dir>/attachments` when serving; a server without one gets a temporary directory removed on
 * close. Reading is done only through the case routes, after the case's area check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';
import { MAX_ATTACHMENT_BYTES } from './model.ts';

export interface StoredFile { sha256: string; bytes: number; mime: 'image/jpeg' | 'image/png' | 'application/pdf' }

/** The type of a file by its magic bytes, or null when it is none of the accepted ones. */
export function sniffType(head: Buffer): StoredFile['mime'] | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
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

  /** Streams a body to the store: 413 above the limit, 415 for a type other than JPEG/PNG/PDF, 400 for an empty one. */
  async receive(body: Readable, declaredLength: number): Promise<StoredFile> {
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
    const sha256 = hash.digest('hex');
    const final = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const exists = await stat(final).then(() => true, () => false);
    if (exists) await rm(tmp, { force: true });
    else await rename(tmp, final);
    return { sha256, bytes, mime };
  }

  read(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  /** Removes the directory when it was a temporary one (a server without a data directory). */
  async close(): Promise<void> {
    if (this.ownsDir && this.made) await rm(this.dir, { recursive: true, force: true });
  }
}
