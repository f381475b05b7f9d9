/**
 * Background jobs of the web UI: long work over a user's area (the registry re-check of src/verification/, the
 * coverage-gap search of src/supervision/) started by a request and run after its reply, with progress (done of
 * total) the page polls. A job runs in the async context the store was made in, not in the request that started it.
 * A user runs one job of a kind at a time; finished jobs are kept for an hour (their counts: what they wrote is stored).
 */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { AppError } from './errors.ts';
import type { Actor } from './registry/store.ts';

export interface Job<R> {
  id: string;
  owner: string;
  area: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: R | null;
  error: string | null;
  createdAt: number;
}

export interface JobWords {
  /** 409 when the user already runs one. */
  busy: string;
  /** 404 for an unknown or expired job (or another user's). */
  notFound: string;
  /** Shown for a failure that is not an AppError (the error itself is logged). */
  failed: string;
}

const HOUR = 3600_000;

export class Jobs<R, J extends Job<R> = Job<R>> {
  private readonly jobs = new Map<string, J>();
  private readonly detached = AsyncResource.bind(<T>(fn: () => T): T => fn());
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly words: JobWords, private readonly log: (e: unknown) => void = () => {}) {
    this.timer = setInterval(() => this.sweep(), 60_000).unref();
  }

  /**
   * Starts `work` for `actor` (refused while the actor runs another); `extra` adds the job's own fields. `work`
   * reports progress through its argument; an AppError it throws becomes the job's error message.
   */
  start(actor: Actor, work: (progress: (done: number, total: number) => void, job: J) => Promise<R>, extra: Omit<J, keyof Job<R>> = {} as Omit<J, keyof Job<R>>): J {
    for (const j of this.jobs.values()) {
      if (j.owner === actor.username && j.status === 'running') throw new AppError('JOB_RUNNING', this.words.busy, undefined, 409);
    }
    const job = { id: randomUUID(), owner: actor.username, area: actor.areaCode, status: 'running', done: 0, total: 0, result: null, error: null, createdAt: Date.now(), ...extra } as J;
    this.jobs.set(job.id, job);
    this.detached(async () => {
      job.result = await work((done, total) => { job.done = done; job.total = total; }, job);
      job.status = 'done';
    }).catch((e: unknown) => {
      job.status = 'failed';
      if (e instanceof AppError) job.error = e.message;
      else { this.log(e); job.error = this.words.failed; }
    });
    return job;
  }

  get(actor: Actor, id: string): J {
    const job = this.jobs.get(id);
    if (!job || job.owner !== actor.username) throw new AppError('NOT_FOUND', this.words.notFound, 'id', 404);
    return job;
  }

  private sweep(now = Date.now()) {
    for (const j of this.jobs.values()) if (j.status !== 'running' && now - j.createdAt > HOUR) this.jobs.delete(j.id);
  }

  close() { clearInterval(this.timer); }

  /** What the page sees: the job without its owner. */
  static view<J extends Job<unknown>>(job: J): Omit<J, 'owner'> {
    const { owner: _, ...view } = job;
    return view;
  }
}
