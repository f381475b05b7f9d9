/** A worker of batch evaluation: resolves the pack once, then evaluates the chunks it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateChunk } from './lines.ts';
import { loadPack, resolvePack } from './pack.ts';

const { packText, packFile, date } = workerData as { packText: string; packFile: string; date: string };
const pack = resolvePack(loadPack(packText, packFile), date);

const decoder = new TextDecoder();

parentPort!.on('message', ({ seq, bytes }: { seq: number; bytes: Uint8Array }) => {
  const { out, failed } = evaluateChunk(pack, decoder.decode(bytes));
  const encoded = new TextEncoder().encode(out);
  parentPort!.postMessage({ seq, out: encoded, failed }, [encoded.buffer as ArrayBuffer]);
});
