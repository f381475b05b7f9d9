import { describe, expect, it } from 'vitest';
import { forEachInBatches } from './yielding.ts';

describe('forEachInBatches', () => {
  it('lets other callbacks run after each batch, not only at the end', async () => {
    const done: number[] = [];
    const seenByOthers: number[] = [];
    const other = () => { seenByOthers.push(done.length); if (done.length < 250) setImmediate(other); };
    setImmediate(other);
    await forEachInBatches(Array.from({ length: 250 }, (_, i) => i), 100, (i) => { done.push(i); });
    expect(done).toHaveLength(250);
    // Another callback ran after the first 100 and after 200, before the work ended.
    expect(seenByOthers).toContain(100);
    expect(seenByOthers).toContain(200);
  });
});
