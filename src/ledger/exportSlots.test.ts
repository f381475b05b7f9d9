/** The server-wide export limit: at most `running` exports at once, the next `waiting` in arrival order, then a Chinese 429. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { ExportSlots, EXPORTS_BUSY_MESSAGE } from './exportSlots.ts';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('export slots', () => {
  it('lets at most `running` exports build at once and starts the waiting ones in arrival order as slots free', async () => {
    const slots = new ExportSlots(2, 3);
    const first = await slots.acquire();
    const second = await slots.acquire();
    const started: string[] = [];
    const waiting = ['a', 'b', 'c'].map((name) => slots.acquire().then((release) => { started.push(name); return release; }));
    await settled();
    expect(started).toEqual([]);
    expect(slots.stats).toEqual({ active: 2, queued: 3 });
    first();
    await settled();
    expect(started).toEqual(['a']);
    first(); // a second release of the same slot changes nothing
    await settled();
    expect(started).toEqual(['a']);
    second();
    await settled();
    expect(started).toEqual(['a', 'b']);
    for (const release of await Promise.all(waiting.slice(0, 2))) release();
    await settled();
    expect(started).toEqual(['a', 'b', 'c']);
    (await waiting[2])();
    expect(slots.stats).toEqual({ active: 0, queued: 0 });
  });

  it('refuses an export with 429 and a Chinese message when the queue is full, and takes exports again once it moves', async () => {
    const slots = new ExportSlots(1, 1);
    const running = await slots.acquire();
    const queued = slots.acquire();
    const refused = await slots.acquire().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429, code: 'EXPORT_BUSY', message: EXPORTS_BUSY_MESSAGE });
    expect(EXPORTS_BUSY_MESSAGE).toBe('导出任务较多，请稍后再试');
    running();
    (await queued)();
    (await slots.acquire())();
    expect(slots.stats).toEqual({ active: 0, queued: 0 });
  });

  it('drops a waiting export whose client went away, so it neither holds a place in the queue nor takes a slot later', async () => {
    const slots = new ExportSlots(1, 1);
    const running = await slots.acquire();
    const gone = new AbortController();
    const waiter = slots.acquire(gone.signal, () => new AppError('REQUEST_ABANDONED', '请求已被客户端取消', undefined, 499));
    gone.abort();
    await expect(waiter).rejects.toMatchObject({ status: 499 });
    expect(slots.stats).toEqual({ active: 1, queued: 0 });
    const next = slots.acquire(); // the freed place in the queue
    running();
    (await next)();
    expect(slots.stats).toEqual({ active: 0, queued: 0 });
    await expect(slots.acquire(gone.signal)).rejects.toMatchObject({ status: 499 });
  });
});
