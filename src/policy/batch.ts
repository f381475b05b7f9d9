/**
 * Batch evaluation of JSONL: lines go in chunks to worker threads (one per core) and the results
 * come back out in input order, so a county's whole registry uses every core of the machine. The
 * workers start first and load the rules while this thread reads and checks the pack, which they are
 * then sent already read (they load no YAML parser); this thread itself only moves bytes and never loads
 * the rules.
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

/**
 * Input goes to the workers in pieces of at least this many bytes, cut at a line end. Pieces of 1 MB made
 * fewer messages but the run slower on a busy machine (five paired runs of 10⁵ households, every one
 * slower, CPU time the same): a piece a worker is slow on holds up the ordered output longer.
 */
const PIECE_BYTES = 1 << 16;

/**
 * Collects the chunks read and cuts them into pieces of whole lines, each in memory of its own that can be
 * transferred to a worker (one copy per byte). `end` gives what is left, with a final line end added.
 */
class Pieces {
  private parts: Uint8Array[] = [];
  private size = 0;

  push(chunk: Uint8Array): Uint8Array | null {
    this.parts.push(chunk);
    this.size += chunk.length;
    return this.size >= PIECE_BYTES ? this.cut() : null;
  }

  end(): Uint8Array | null {
    if (this.size === 0) return null;
    const last = this.parts[this.parts.length - 1];
    if (last[last.length - 1] !== 10) { this.parts.push(Uint8Array.of(10)); this.size++; }
    return this.cut();
  }

  private cut(): Uint8Array | null {
    const data = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) { data.set(p, at); at += p.length; }
    const end = data.lastIndexOf(10) + 1;
    this.parts = end < data.length ? [data.slice(end)] : [];
    this.size = data.length - end;
    return end > 0 ? data.subarray(0, end) : null;
  }
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
    workerData: { date: opts.date },
  }));
  const pending = new Map<number, { out: Uint8Array; failed: boolean }>();
  let nextToWrite = 0;
  let sent = 0;
  // Pieces each worker has not answered yet: the next piece goes to the least busy one, so a worker the
  // machine gives less time to (other processes) gets less work and the others do not wait on it.
  const busy = new Map(pool.map((w) => [w, 0]));
  let failed = false;
  let wake: (() => void) | null = null;
  let crash: Error | null = null;
  for (const w of pool) {
    w.on('message', (m: { seq: number; out: Uint8Array; failed: boolean }) => { busy.set(w, busy.get(w)! - 1); pending.set(m.seq, m); wake?.(); });
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
    let w = pool[0];
    for (const x of pool) if (busy.get(x)! < busy.get(w)!) w = x;
    busy.set(w, busy.get(w)! + 1);
    w.postMessage({ seq: sent, bytes }, [bytes.buffer as ArrayBuffer]);
    sent++;
    await drain(n * 4);
  };
  try {
    // The pack is read and checked here while the workers start, and sent to them read; a bad pack is the caller's PolicyError.
    const pack = loadPack(opts.packText, opts.packFile);
    resolvePack(pack, opts.date);
    for (const w of pool) w.postMessage({ pack });
    const pieces = new Pieces();
    for await (const chunk of input) {
      const piece = pieces.push(chunk as Buffer);
      if (piece) await send(piece);
    }
    const last = pieces.end();
    if (last) await send(last);
    await drain(0);
    return !failed;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
