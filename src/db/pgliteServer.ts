/**
 * Worker thread of the embedded database: opens PGlite on the data directory and serves it on a unix
 * socket (pglite-socket) in a private directory, so its queries run off the HTTP server's thread and
 * the app reaches it through node-postgres exactly as it reaches PostgreSQL. Started by connection.ts
 * through bin/ts-worker.js; stops on the message 'close'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, socketPath } = workerData as { dataDir: string; socketPath: string };

try {
  const db = await PGlite.create(dataDir);
  // The app holds one connection (PGlite is one session); a few more slots let a replaced connection
  // reconnect before the old one's close is processed. Never used concurrently.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
  await server.start();
  parentPort!.on('message', async (m) => {
    if (m !== 'close') return;
    await server.stop();
    await db.close();
    parentPort!.postMessage({ closed: true });
    parentPort!.close();
  });
  parentPort!.postMessage({ ready: true });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
