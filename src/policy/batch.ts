/**
 * Batch evaluation of JSONL: lines go in chunks to worker threads (one per core) and the results
 * come back out in input order, so a county's whole registry uses every core of the machine. The
 * workers start first and load the rules while this thread checks the pack; this thread itself only
 * moves bytes and never loads the rules.
 */
import { availableParallelism } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { loadPack, resolvePack } from './pack.ts';

export interface BatchOptions {
  packText: string;
  packFile: string;
  date: string;
  workers?: number;
}

/** One chunk of the input, whole lines only, as bytes a worker decodes and splits itself. */
function* wholeLines(chunk: Buffer, carry: { rest: Buffer }): Generator<Uint8Array> {
  const data = carry.rest.length ? Buffer.concat([carry.rest, chunk]) : chunk;
  const end = data.lastIndexOf(10) + 1;
  carry.rest = Buffer.from(data.subarray(end));
  if (end > 0) yield new Uint8Array(data.subarray(0, end)); // a copy with its own memory, transferable
}

/**
 * Streams `input` to `output`; throws PolicyError, before reading any input, when the pack does not
 * resolve on the date. The main thread only moves bytes: it cuts the input at line ends
 * and hands the pieces to workers, then writes their output in input order. Resolves true when
 * every line evaluated cleanly.
 */
export async function evaluateStream(input: Readable, output: Writable, opts: BatchOptions): Promise<boolean> {
  const n = Math.max(1, opts.workers ?? availableParallelism());
  const pool = Array.from({ length: n }, () => new Worker(new URL('./batchWorkerEntry.cjs', import.meta.url), {
    workerData: { packText: opts.packText, packFile: opts.packFile, date: opts.date },
  }));
  const pending = new Map<number, { out: Uint8Array; failed: boolean }>();
  let nextToWrite = 0;
  let sent = 0;
  let failed = false;
  let wake: (() => void) | null = null;
  let crash: Error | null = null;
  for (const w of pool) {
    w.on('message', (m: { seq: number; out: Uint8Array; failed: boolean }) => { pending.set(m.seq, m); wake?.(); });
    w.on('error', (e) => { crash = e as Error; wake?.(); });
  }
  // Writes finished chunks in order; returns once at most `maxInFlight` chunks are still out.
  const drain = async (maxInFlight: number) => {
    while (sent - nextToWrite > maxInFlight) {
      if (crash) throw crash;
      const r = pending.get(nextToWrite);
      if (!r) { await new Promise<void>((resolve) => { wake = resolve; }); wake = null; continue; }
      pending.delete(nextToWrite++);
      failed ||= r.failed;
      if (!output.write(r.out)) await new Promise((resolve) => output.once('drain', resolve));
    }
  };
  const send = async (bytes: Uint8Array) => {
    pool[sent % n].postMessage({ seq: sent, bytes }, [bytes.buffer as ArrayBuffer]);
    sent++;
    await drain(n * 4);
  };
  try {
    // The pack is checked here while the workers start; a bad pack is the caller's PolicyError.
    resolvePack(loadPack(opts.packText, opts.packFile), opts.date);
    const carry = { rest: Buffer.alloc(0) };
    for await (const chunk of input) {
      for (const bytes of wholeLines(chunk as Buffer, carry)) await send(bytes);
    }
    if (carry.rest.length) await send(new Uint8Array(Buffer.concat([carry.rest, Buffer.from('\n')])));
    await drain(0);
    return !failed;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
