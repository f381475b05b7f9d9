/**
 * The whole-registry re-check of the web UI: `runVerify` over the user's area as a background job
 * whose progress (households done of the total) the page polls, as ledger jobs do (src/ledger/jobs.ts).
 * A job runs in the async context the store was made in, not in the request that started it. A user
 * runs one re-check at a time; finished jobs are kept for an hour (their counts, not the findings,
 * which are stored).
 */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../registry/store.ts';
import { runVerify, VerifyError } from './verify.ts';

export interface VerifyJob {
  id: string;
  owner: string;
  area: string;
  date: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  /** Counts by kind and by state after the run. */
  result: { households: number; persons: number; byKind: Record<string, number>; open: number } | null;
  error: string | null;
  createdAt: number;
}

const HOUR = 3600_000;

export class VerifyJobs {
  private readonly jobs = new Map<string, VerifyJob>();
  private readonly detached = AsyncResource.bind(<T>(fn: () => T): T => fn());
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly db: Db, private readonly log: (e: unknown) => void = () => {}) {
    this.timer = setInterval(() => this.sweep(), 60_000).unref();
  }

  start(actor: Actor, date: string): VerifyJob {
    for (const j of this.jobs.values()) {
      if (j.owner === actor.username && j.status === 'running') throw new AppError('JOB_RUNNING', '您已有一个核对任务正在运行，请等其完成', 'date', 409);
    }
    const job: VerifyJob = { id: randomUUID(), owner: actor.username, area: actor.areaCode, date, status: 'running', done: 0, total: 0, result: null, error: null, createdAt: Date.now() };
    this.jobs.set(job.id, job);
    this.detached(async () => {
      const r = await runVerify(this.db, { date, area: actor.areaCode, collect: true, onProgress: (done, total) => { job.done = done; job.total = total; } });
      const byKind: Record<string, number> = {};
      let open = 0;
      for (const f of r.findings) { byKind[f.kind] = (byKind[f.kind] ?? 0) + 1; if (f.state === 'open') open++; }
      job.result = { households: r.households, persons: r.persons, byKind, open };
      job.total = r.households;
      job.done = r.households;
      await appendAudit(this.db, { actor: actor.username, action: 'verify.run', target: null, areaCode: actor.areaCode, detail: { date, households: r.households, findings: r.findings.length, open } });
      job.status = 'done';
    }).catch((e: unknown) => {
      job.status = 'failed';
      if (e instanceof VerifyError) job.error = e.message;
      else { this.log(e); job.error = '核对失败，请稍后重试，或联系管理员'; }
    });
    return job;
  }

  get(actor: Actor, id: string): VerifyJob {
    const job = this.jobs.get(id);
    if (!job || job.owner !== actor.username) throw new AppError('NOT_FOUND', '核对任务不存在或已过期（保留 1 小时）', 'id', 404);
    return job;
  }

  private sweep(now = Date.now()) {
    for (const j of this.jobs.values()) if (j.status !== 'running' && now - j.createdAt > HOUR) this.jobs.delete(j.id);
  }

  close() { clearInterval(this.timer); }

  static view(job: VerifyJob) {
    const { owner: _, ...view } = job;
    return view;
  }
}
