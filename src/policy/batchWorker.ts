/**
 * A worker of batch evaluation: given the pack already read (its first message), resolves it on the date
 * once, then evaluates the chunks it is sent. It loads the rules and no YAML parser.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LineBytes } from './lineBytes.ts';
import { evaluateChunk } from './lines.ts';
import { resolvePack, type PolicyPack, type ResolvedPack } from './resolve.ts';

const { date } = workerData as { date: string };
let pack: ResolvedPack;

const decoder = new TextDecoder();
const lines = new LineBytes();

parentPort!.on('message', (m: { pack: PolicyPack } | { seq: number; bytes: Uint8Array }) => {
  if ('pack' in m) {
    pack = resolvePack(m.pack, date);
    return;
  }
  const { out, failed } = evaluateChunk(pack, decoder.decode(m.bytes), lines);
  parentPort!.postMessage({ seq: m.seq, out, failed }, [out.buffer as ArrayBuffer]);
});
