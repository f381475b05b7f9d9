#!/usr/bin/env node
// `npm test`: the unit suite, the database suite on PGlite and again on PostgreSQL, and the browser suite;
// one summary at the end. PostgreSQL comes from DOUDI_TEST_DATABASE_URL (.ci/run sets it); without it that
// pass is skipped locally and is an error in CI.
//
// Passes run in stages, one stage after the other; the passes of one stage run at the same time. By default every
// pass runs alone. `--overlap` runs the browser pass and the PostgreSQL pass in one stage: the browser pass runs one
// file at a time, much of it waiting on Chromium and its server, and the PostgreSQL pass largely waits on the server;
// whether that saves time on two idle cores without making tests flaky is not measured yet (README, "Tests").
// A pass that runs alone prints as it goes; passes sharing a stage each print their whole output when they end.
// Other arguments go to every vitest run.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pgUrl = process.env.DOUDI_TEST_DATABASE_URL;
const ci = process.env.CI === 'true';
const overlap = process.argv.includes('--overlap');
const vitestArgs = process.argv.slice(2).filter((a) => a !== '--overlap');
const out = mkdtempSync(join(tmpdir(), 'doudi-test-'));

const unit = { name: 'unit', project: 'unit', env: { DOUDI_TEST_DATABASE_URL: '' } };
const pglite = { name: 'db (PGlite)', project: 'db', env: { DOUDI_TEST_DATABASE_URL: '' } };
const postgres = { name: 'db (PostgreSQL)', project: 'db', env: {}, skip: !pgUrl && 'DOUDI_TEST_DATABASE_URL is not set' };
// The web UI is built once, just before the stage of the browser pass, and not again by that pass's globalSetup
// (with --overlap another pass's servers under test would otherwise serve web/dist while it is rewritten).
const e2e = { name: 'e2e (Chromium)', project: 'e2e', env: { DOUDI_TEST_DATABASE_URL: '', DOUDI_WEB_BUILT: '1' }, skip: !existsSync('/usr/bin/chromium') && '/usr/bin/chromium is missing', needsWeb: true };
const stages = overlap ? [[unit], [pglite], [e2e, postgres]] : [[unit], [pglite], [postgres], [e2e]];

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
const started = Date.now();
let n = 0;

for (const stage of stages) {
  const running = stage.filter((pass) => {
    if (!pass.skip) return true;
    console.log(`\n== ${pass.name}: skipped (${pass.skip})`);
    if (ci) broken = true;
    return false;
  });
  if (running.some((pass) => pass.needsWeb)) {
    console.log('\n== web build');
    if (spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'error'], { stdio: 'inherit' }).status !== 0) {
      console.log('web build failed');
      broken = true;
      for (const pass of running.filter((p) => p.needsWeb)) running.splice(running.indexOf(pass), 1);
    }
  }
  const alone = running.length === 1;
  if (!alone) console.log(`\n== ${running.map((p) => p.name).join(' and ')}, at the same time (each prints its output when it ends)`);
  await Promise.all(running.map((pass) => runPass(pass, alone)));
}
rmSync(out, { recursive: true, force: true });
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
console.log(`Time per pass: ${timings.join(', ')}; whole run ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(broken || failed > 0 || process.exitCode ? 1 : 0);

async function runPass(pass, alone) {
  const i = n++;
  const report = join(out, `${i}.json`);
  const log = join(out, `${i}.log`);
  if (alone) console.log(`\n== ${pass.name}`);
  const startedPass = Date.now();
  const child = spawn('npx', ['vitest', 'run', '--project', pass.project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs],
    { stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...pass.env, ...(alone ? {} : { FORCE_COLOR: process.stdout.isTTY ? '1' : '0' }) } });
  let written = Promise.resolve();
  if (!alone) {
    const file = createWriteStream(log);
    child.stdout.pipe(file, { end: false });
    child.stderr.pipe(file, { end: false });
    written = new Promise((resolve) => child.once('close', () => file.end(resolve)));
  }
  const status = await new Promise((resolve) => child.once('close', (code) => resolve(code)));
  await written;
  const seconds = Math.round((Date.now() - startedPass) / 1000);
  if (!alone) {
    console.log(`\n== ${pass.name} (${seconds} s)`);
    process.stdout.write(readFileSync(log));
  }
  timings.push(`${pass.name} ${seconds} s`);
  if (!existsSync(report)) { broken = true; return; }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  if (status !== 0) broken = true;
}
