/**
 * Long synchronous work in small batches, letting the event loop run between them: the what-if
 * preview evaluates a whole county, and other users' requests must not wait for all of it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Calls `fn` on each item, `batch` items at a time, with one event-loop turn between batches. */
export async function forEachInBatches<T>(items: readonly T[], batch: number, fn: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % batch === 0) await nextTurn();
    fn(items[i]);
  }
}
