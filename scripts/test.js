#!/usr/bin/env node
// `npm test`: the unit suite, the database suite on PGlite and again on PostgreSQL, then the
// browser suite; one summary at the end. PostgreSQL comes from DOUDI_TEST_DATABASE_URL (.ci/run
// sets it); without it that pass is skipped locally and is an error in CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pgUrl = process.env.DOUDI_TEST_DATABASE_URL;
const ci = process.env.CI === 'true';
const out = mkdtempSync(join(tmpdir(), 'doudi-test-'));

const passes = [
  { name: 'unit', project: 'unit', env: { DOUDI_TEST_DATABASE_URL: '' } },
  { name: 'db (PGlite)', project: 'db', env: { DOUDI_TEST_DATABASE_URL: '' } },
  { name: 'db (PostgreSQL)', project: 'db', env: {}, skip: !pgUrl && 'DOUDI_TEST_DATABASE_URL is not set' },
  { name: 'e2e (Chromium)', project: 'e2e', env: { DOUDI_TEST_DATABASE_URL: '' }, skip: !existsSync('/usr/bin/chromium') && '/usr/bin/chromium is missing' },
];

// Types first: a type error is a failure even where no test reaches it.
console.log('== typecheck');
if (spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' }).status !== 0 || spawnSync('npx', ['tsc', '--noEmit', '-p', 'web'], { stdio: 'inherit' }).status !== 0) {
  console.log('typecheck failed');
  process.exitCode = 1;
}

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;
const timings = [];
for (const [i, pass] of passes.entries()) {
  if (pass.skip) {
    console.log(`\n== ${pass.name}: skipped (${pass.skip})`);
    if (ci) broken = true;
    continue;
  }
  console.log(`\n== ${pass.name}`);
  const report = join(out, `${i}.json`);
  const started = Date.now();
  const r = spawnSync('npx', ['vitest', 'run', '--project', pass.project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, ...pass.env } });
  timings.push(`${pass.name} ${Math.round((Date.now() - started) / 1000)} s`);
  if (!existsSync(report)) { broken = true; continue; }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  if (r.status !== 0) broken = true;
}
rmSync(out, { recursive: true, force: true });
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
console.log(`Time per pass: ${timings.join(', ')}`);
process.exit(broken || failed > 0 || process.exitCode ? 1 : 0);
