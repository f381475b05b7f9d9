#!/usr/bin/env node
// `npm run bench`: each benchmark in turn, each printing its figures next to a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = ['search', 'load', 'evaluate', 'import', 'cases', 'payroll', 'verify', 'medical', 'monitorDemo', 'supervision'].map((n) => `bench/${n}.bench.ts`).filter((f) => existsSync(f));
let status = 0;
for (const file of benches) {
  console.log(`\n### ${file}`);
  const r = spawnSync('npx', ['tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) status = 1;
}
process.exit(status);
