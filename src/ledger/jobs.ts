/**
 * Import jobs of the web UI: an upload is checked (a dry run) in the background while the page
 * polls its progress; the officer reads the report, then confirms and the same bytes are imported.
 * Jobs live in memory for an hour and belong to the user who uploaded.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';
import { importLedger, type ImportResult } from './importLedger.ts';

export interface Job {
  id: string;
  owner: string;
  fileName: string;
  buffer: Buffer;
  status: 'checking' | 'checked' | 'importing' | 'imported' | 'failed';
  stage: string;
  rowsRead: number;
  result: ImportResult | null;
  createdAt: number;
}

const jobs = new Map<string, Job>();
const HOUR = 3600_000;

function sweep() {
  for (const [id, j] of jobs) if (Date.now() - j.createdAt > HOUR) jobs.delete(id);
}

function runJob(db: Db, job: Job, actor: Actor, dryRun: boolean) {
  job.status = dryRun ? 'checking' : 'importing';
  importLedger(db, { buffer: job.buffer }, job.fileName, {
    dryRun, actor: actor.username, scope: actor.areaCode,
    onProgress: (rows, stage) => { job.stage = stage; job.rowsRead = rows; },
  }).then((r) => {
    job.result = r;
    job.status = r.errors.length ? 'failed' : dryRun ? 'checked' : 'imported';
  }).catch((e: Error) => {
    job.result = { rows: 0, households: 0, persons: 0, created: 0, updated: 0, imported: false, errors: [{ row: 0, column: '', message: `导入失败：${e.message}` }] };
    job.status = 'failed';
  });
}

export function startCheck(db: Db, actor: Actor, fileName: string, buffer: Buffer): Job {
  sweep();
  const job: Job = { id: randomUUID(), owner: actor.username, fileName, buffer, status: 'checking', stage: 'reading', rowsRead: 0, result: null, createdAt: Date.now() };
  jobs.set(job.id, job);
  runJob(db, job, actor, true);
  return job;
}

export function getJob(actor: Actor, id: string): Job {
  const job = jobs.get(id);
  if (!job || job.owner !== actor.username) throw new AppError('NOT_FOUND', '导入任务不存在或已过期（保留 1 小时），请重新上传', 'id', 404);
  return job;
}

export function commitJob(db: Db, actor: Actor, id: string): Job {
  const job = getJob(actor, id);
  if (job.status !== 'checked') throw new AppError('NOT_CHECKED', job.status === 'failed' ? '文件有错误，不能导入；请修改后重新上传' : '请等待校验完成后再确认导入', 'id', 409);
  job.result = null;
  runJob(db, job, actor, false);
  return job;
}

export function jobView(job: Job) {
  const { buffer: _, owner: __, ...view } = job;
  return { ...view, errorsShown: job.result?.errors.slice(0, 500) ?? [], result: job.result && { ...job.result, errors: undefined, errorCount: job.result.errors.length } };
}
