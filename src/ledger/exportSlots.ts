/**
 * How many registry exports are built at once, server-wide. Building an xlsx costs the HTTP server's
 * own thread (exceljs) and each batch of rows holds a database connection (PGlite has only one), so
 * exports in parallel without a limit would slow every other request in proportion to their number.
 * At most `running` exports are built at once (the server uses EXPORTS_RUNNING = 1 on both databases:
 * the xlsx is built on the main thread, so on PostgreSQL too a second builder doubles other requests'
 * wait — list p99 with 5 exports asked for was about 0.5 s with 2 builders and 0.1 s with 1, 5,000
 * households, bench/load.bench.ts); up to `waiting` more wait their turn in arrival order (their download starts when a slot frees);
 * past that an export is refused at once with 429 and a message to try later. A waiting export whose
 * client goes away leaves the queue.
 */
import { AppError } from '../errors.ts';

export const EXPORTS_BUSY_MESSAGE = '导出任务较多，请稍后再试';

/** Exports built at once, server-wide, on either database. */
export const EXPORTS_RUNNING = 1;

/** Exports that may wait for a slot, server-wide, before the next is refused. */
export const EXPORTS_WAITING = 4;

export class ExportSlots {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly running: number, readonly waiting: number) {
    if (!(running >= 1)) throw new Error('ExportSlots: running must be at least 1');
  }

  /** Exports being built now, and exports waiting for a slot. */
  get stats(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  /**
   * Resolves with the slot's release function (call it once, when the export has ended however it
   * ended) as soon as a slot is free. Throws a 429 AppError when `waiting` exports already wait;
   * rejects with `abandonedError()` if `signal` fires while waiting.
   */
  acquire(signal?: AbortSignal, abandonedError: () => Error = () => new AppError('REQUEST_ABANDONED', '请求已被客户端取消', undefined, 499)): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abandonedError());
    if (this.active < this.running) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.waiting) return Promise.reject(new AppError('EXPORT_BUSY', EXPORTS_BUSY_MESSAGE, undefined, 429));
    return new Promise((resolve, reject) => {
      // The slot is handed over directly by release(): `active` stays counted for the waiter.
      const grant = () => { signal?.removeEventListener('abort', onAbort); resolve(this.releaser()); };
      const onAbort = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abandonedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    };
  }
}
