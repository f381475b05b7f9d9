// Entry of a worker thread whose code is TypeScript: registers tsx in the thread, then loads the module.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
