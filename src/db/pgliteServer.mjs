/**
 * Worker thread of the embedded database: opens PGlite on the data directory and serves it on a unix
 * socket (pglite-socket) in a private directory, so its queries run off the HTTP server's thread and
 * the app reaches it through node-postgres exactly as it reaches PostgreSQL. Started by connection.ts; stops
 * on the message 'close'. Optionally starts from a dumped data directory.
 *
 * Plain JavaScript, not TypeScript: the thread then starts without a TypeScript loader of its own (tsx would add
 * a loader thread and about half a second of CPU to every open, which every command and test file pays).
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string; socketPath: string; loadDataDir?: string; wasmModule?: WebAssembly.Module }} */
const { dataDir, socketPath, loadDataDir, wasmModule } = workerData;

try {
  // loadDataDir: a data directory dumped by PGlite.dumpDataDir (uncompressed tar) to start from, e.g. the
  // test suite's migrated template (src/test-support/template.ts).
  // wasmModule: PGlite's WebAssembly compiled by the opening thread, once per process (connection.ts).
  const db = await PGlite.create(dataDir, {
    ...(loadDataDir ? { loadDataDir: new Blob([readFileSync(loadDataDir)]) } : {}),
    ...(wasmModule ? { pgliteWasmModule: wasmModule } : {}),
  });
  // The app holds one connection (PGlite is one session); a few more slots let a replaced connection
  // reconnect before the old one's close is processed. Never used concurrently.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
  await server.start();
  parentPort.on('message', async (m) => {
    if (m !== 'close') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ closed: true });
    parentPort.close();
  });
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
