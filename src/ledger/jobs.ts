/**
 * Import jobs of the web UI: an upload is streamed to a file in the upload directory (never held
 * in memory), checked (a dry run) in the background while the page polls its progress; the officer
 * reads the report, then confirms and the same file is imported. Jobs belong to the user who
 * uploaded and live for an hour; a user holds at most MAX_JOBS_PER_USER files at a time. A file is
 * deleted once its import is written, when its job expires or is displaced, and when the server
 * stops; a failed check keeps its file (for the error report) until then.
 */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';
import { importLedger, type ImportResult } from './importLedger.ts';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_JOBS_PER_USER = 3;
const HOUR = 3600_000;
const SUFFIX = '.upload';

export interface Job {
  id: string;
  owner: string;
  fileName: string;
  /** The uploaded file on disk; null once deleted. */
  path: string | null;
  status: 'checking' | 'checked' | 'importing' | 'imported' | 'failed';
  stage: string;
  rowsRead: number;
  result: ImportResult | null;
  createdAt: number;
}

/** An upload being received: a place in the user's quota and the file it is written to. */
export interface Upload { owner: string; path: string; createdAt: number; bytes: number }

export interface JobsOptions {
  /** Where upload files go (created if missing); without one, a temporary directory, made at the first upload and removed on close. */
  dir?: string;
  maxBytes?: number;
  maxPerUser?: number;
  ttlMs?: number;
  /** Logs an unexpected failure of a job (its message is not shown to the user). */
  log?: (err: unknown) => void;
}

const failedResult = (message: string): ImportResult => ({ rows: 0, households: 0, persons: 0, created: 0, updated: 0, imported: false, errors: [{ row: 0, column: '', message }] });

const removeFile = (path: string | null) => (path ? rm(path, { force: true }).catch(() => undefined) : Promise.resolve());

export class LedgerJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly uploads = new Set<Upload>();
  private readonly timer: NodeJS.Timeout;
  readonly maxBytes: number;
  private readonly maxPerUser: number;
  private readonly ttl: number;
  /** Whether a temporary directory was made (at the first upload), to remove on close. */
  private made = false;
  /**
   * Runs a job in the async context the store was made in, not in the request that started it: a
   * check or import outlives the upload or commit request, and must not inherit that request's
   * state (such as an abort signal fired when its connection closes).
   */
  private readonly detached = AsyncResource.bind(<T>(fn: () => T): T => fn());

  private constructor(private readonly db: Db, readonly dir: string, private readonly ownsDir: boolean, private readonly opts: JobsOptions) {
    this.maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
    this.maxPerUser = opts.maxPerUser ?? MAX_JOBS_PER_USER;
    this.ttl = opts.ttlMs ?? HOUR;
    this.timer = setInterval(() => void this.sweep(), Math.min(60_000, this.ttl)).unref();
  }

  static async open(db: Db, opts: JobsOptions = {}): Promise<LedgerJobs> {
    if (!opts.dir) return new LedgerJobs(db, join(tmpdir(), `doudi-uploads-${randomUUID()}`), true, opts);
    await mkdir(opts.dir, { recursive: true, mode: 0o700 });
    const jobs = new LedgerJobs(db, opts.dir, false, opts);
    await jobs.sweep(); // files an earlier run left behind
    return jobs;
  }

  private held(owner: string): number {
    let n = 0;
    for (const j of this.jobs.values()) if (j.owner === owner && j.path) n++;
    for (const u of this.uploads) if (u.owner === owner) n++;
    return n;
  }

  /**
   * Takes a place for an upload before its body is read. A user at the limit displaces their
   * oldest finished job (checked or failed); with all places busy (uploading, checking,
   * importing) the upload is refused with 429.
   */
  reserve(actor: Actor): Upload {
    if (this.held(actor.username) >= this.maxPerUser) {
      const finished = [...this.jobs.values()].filter((j) => j.owner === actor.username && j.path && (j.status === 'checked' || j.status === 'failed'));
      const oldest = finished.sort((a, b) => a.createdAt - b.createdAt)[0];
      if (!oldest) throw new AppError('TOO_MANY_JOBS', `您已有 ${this.maxPerUser} 个台账正在上传、校验或导入，请等其完成后再上传`, 'file', 429);
      this.drop(oldest);
    }
    const upload: Upload = { owner: actor.username, path: join(this.dir, `${randomUUID()}${SUFFIX}`), createdAt: Date.now(), bytes: 0 };
    this.uploads.add(upload);
    return upload;
  }

  /** Gives the place back and deletes the file, unless a job was started from the upload. */
  cancel(upload: Upload | undefined): void {
    if (!upload || !this.uploads.delete(upload)) return;
    void removeFile(upload.path);
  }

  /** Writes the request body to the upload's file, refusing more than maxBytes (413). */
  async receive(upload: Upload, body: Readable, declaredLength: number): Promise<Upload> {
    const tooLarge = () => new AppError('FILE_TOO_LARGE', `文件过大：台账文件不能超过 ${Math.round(this.maxBytes / 1024 / 1024)} MB，请拆分后分批导入`, 'file', 413);
    if (declaredLength > this.maxBytes) { this.cancel(upload); throw tooLarge(); }
    let bytes = 0;
    const limit = new Transform({
      transform: (chunk: Buffer, _enc, callback) => {
        bytes += chunk.length;
        callback(bytes > this.maxBytes ? tooLarge() : null, chunk);
      },
    });
    try {
      this.made = true;
      await mkdir(this.dir, { recursive: true, mode: 0o700 }); // also if it was removed while running
      await pipeline(body, limit, createWriteStream(upload.path, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      this.cancel(upload);
      if (e instanceof AppError) throw e;
      // The server's own disk (full, not writable) is a server error; anything else is the upload breaking off.
      if ((e as NodeJS.ErrnoException).syscall) throw e;
      throw new AppError('UPLOAD_FAILED', '文件上传中断，请重新上传', 'file', 400);
    }
    upload.bytes = bytes;
    return upload;
  }

  /** Starts checking a received upload; the job now owns its file. */
  start(actor: Actor, upload: Upload, fileName: string): Job {
    if (!this.uploads.delete(upload)) throw new AppError('UPLOAD_EXPIRED', '上传已失效，请重新上传', 'file', 409);
    const job: Job = { id: randomUUID(), owner: actor.username, fileName, path: upload.path, status: 'checking', stage: 'reading', rowsRead: 0, result: null, createdAt: Date.now() };
    this.jobs.set(job.id, job);
    this.run(job, actor, true);
    return job;
  }

  get(actor: Actor, id: string): Job {
    const job = this.jobs.get(id);
    if (!job || job.owner !== actor.username) throw new AppError('NOT_FOUND', '导入任务不存在或已过期（保留 1 小时），请重新上传', 'id', 404);
    return job;
  }

  commit(actor: Actor, id: string): Job {
    const job = this.get(actor, id);
    if (job.status !== 'checked' || !job.path) throw new AppError('NOT_CHECKED', job.status === 'failed' ? '文件有错误，不能导入；请修改后重新上传' : '请等待校验完成后再确认导入', 'id', 409);
    job.result = null;
    this.run(job, actor, false);
    return job;
  }

  private run(job: Job, actor: Actor, dryRun: boolean): void {
    job.status = dryRun ? 'checking' : 'importing';
    this.detached(() => importLedger(this.db, { path: job.path! }, job.fileName, {
      dryRun, actor: actor.username, scope: actor.areaCode,
      onProgress: (rows, stage) => { job.stage = stage; job.rowsRead = rows; },
    })).then((r) => {
      job.result = r;
      job.status = r.errors.length ? 'failed' : dryRun ? 'checked' : 'imported';
    }).catch((e: unknown) => {
      this.opts.log?.(e);
      job.result = failedResult('导入失败，未写入任何数据；请稍后重试，或联系管理员');
      job.status = 'failed';
    }).finally(() => {
      if (job.status === 'imported') void this.release(job);
      else if (!this.jobs.has(job.id)) void removeFile(job.path); // displaced or closed while running
    });
  }

  /** Deletes a job's file; the job stays readable (its result) until it expires. */
  private async release(job: Job): Promise<void> {
    const path = job.path;
    job.path = null;
    await removeFile(path);
  }

  private drop(job: Job): void {
    this.jobs.delete(job.id);
    if (job.status !== 'checking' && job.status !== 'importing') void this.release(job);
  }

  /** Drops expired jobs and uploads, and deletes files of the upload directory that nothing holds. */
  async sweep(now = Date.now()): Promise<void> {
    for (const j of this.jobs.values()) if (now - j.createdAt > this.ttl && j.status !== 'checking' && j.status !== 'importing') this.drop(j);
    for (const u of this.uploads) if (now - u.createdAt > this.ttl) this.cancel(u);
    const held = new Set([...[...this.jobs.values()].map((j) => j.path), ...[...this.uploads].map((u) => u.path)]);
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(this.dir, name);
      if (!name.endsWith(SUFFIX) || held.has(path)) continue;
      const st = await stat(path).catch(() => null);
      if (st?.isFile() && now - st.mtimeMs > this.ttl) await removeFile(path);
    }
  }

  /** Stops the timer and deletes every file (and the directory when it was a temporary one). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const paths = [...[...this.jobs.values()].map((j) => j.path), ...[...this.uploads].map((u) => u.path)];
    this.jobs.clear();
    this.uploads.clear();
    await Promise.all(paths.map(removeFile));
    if (this.ownsDir && this.made) await rm(this.dir, { recursive: true, force: true });
  }

  /** What the UI sees of a job. */
  static view(job: Job) {
    const { path: _, owner: __, ...view } = job;
    return { ...view, errorsShown: job.result?.errors.slice(0, 500) ?? [], result: job.result && { ...job.result, errors: undefined, errorCount: job.result.errors.length } };
  }
}
