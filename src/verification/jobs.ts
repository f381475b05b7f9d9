/**
 * The whole-registry re-check of the web UI: `runVerify` over the user's area as a background job
 * (src/jobs.ts) whose progress (households done of the total) the page polls. A user runs one re-check
 * at a time; finished jobs are kept for an hour (their counts, not the findings, which are stored).
 */
import type { Db } from '../db/connection.ts';
import { appendAudit } from '../auth/audit.ts';
import { AppError } from '../errors.ts';
import { Jobs, type Job } from '../jobs.ts';
import type { Actor } from '../registry/store.ts';
import { runVerify, VerifyError } from './verify.ts';

/** Counts by kind and by state after the run. */
export interface VerifyResult { households: number; persons: number; byKind: Record<string, number>; open: number }

export interface VerifyJob extends Job<VerifyResult> {
  date: string;
}

export class VerifyJobs {
  private readonly jobs: Jobs<VerifyResult, VerifyJob>;

  constructor(private readonly db: Db, log: (e: unknown) => void = () => {}) {
    this.jobs = new Jobs({ busy: '您已有一个核对任务正在运行，请等其完成', notFound: '核对任务不存在或已过期（保留 1 小时）', failed: '核对失败，请稍后重试，或联系管理员' }, log);
  }

  start(actor: Actor, date: string): VerifyJob {
    return this.jobs.start(actor, async (progress) => {
      const r = await runVerify(this.db, { date, area: actor.areaCode, collect: true, onProgress: progress }).catch((e: unknown) => {
        throw e instanceof VerifyError ? new AppError('VERIFY_FAILED', e.message) : e;
      });
      const byKind: Record<string, number> = {};
      let open = 0;
      for (const f of r.findings) { byKind[f.kind] = (byKind[f.kind] ?? 0) + 1; if (f.state === 'open') open++; }
      progress(r.households, r.households);
      await appendAudit(this.db, { actor: actor.username, action: 'verify.run', target: null, areaCode: actor.areaCode, detail: { date, households: r.households, findings: r.findings.length, open } });
      return { households: r.households, persons: r.persons, byKind, open };
    }, { date });
  }

  get(actor: Actor, id: string): VerifyJob {
    return this.jobs.get(actor, id);
  }

  close() { this.jobs.close(); }

  static view(job: VerifyJob) {
    return Jobs.view(job);
  }
}
