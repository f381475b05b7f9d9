// Entry of a worker of batch evaluation (batch.ts): compiles the rules' TypeScript in this thread through
// tsx's require hook. The ESM loader (tsx/esm/api) would start a loader thread of its own for every
// worker and ask it for each module, about half of a worker's start (issue 23).
require('tsx/cjs/api').register();
require('./batchWorker.ts');
