#!/usr/bin/env node
// `npm test`: the typecheck, the unit suite, the database suite on PGlite and again on PostgreSQL, and the browser
// suite; one summary at the end. PostgreSQL comes from DOUDI_TEST_DATABASE_URL (.ci/run sets it); without it that
// pass is skipped locally and is an error in CI.
//
// Steps run in stages, one stage after the other; the steps of one stage run at the same time, because none of
// them keeps both cores busy on its own (README, "Tests"):
//   1. the typecheck, the unit pass, the web build (the browser pass serves web/dist; it is built once, here) and the
//      migrated PGlite template every database and browser file starts from (built once for all passes, here);
//   2. the database pass on PGlite (embedded: its database runs inside the test workers, both cores busy);
//   3. the database pass on PostgreSQL and the browser pass (the first largely waits on the server, the second,
//      one file at a time, on Chromium and its server).
// `--serial` runs every step alone, in that order, printing as it goes (to tell a slow step or a flaky overlap).
// A step that runs alone prints as it goes; steps sharing a stage each print their whole output when they end.
// Other arguments go to every vitest run.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pgUrl = process.env.DOUDI_TEST_DATABASE_URL;
const ci = process.env.CI === 'true';
const serial = process.argv.includes('--serial');
const vitestArgs = process.argv.slice(2).filter((a) => a !== '--serial' && a !== '--overlap');
const out = mkdtempSync(join(tmpdir(), 'doudi-test-'));

// Types first in spirit: a type error is a failure even where no test reaches it.
const typecheck = { name: 'typecheck', commands: [['npx', 'tsc', '--noEmit', '-p', '.'], ['npx', 'tsc', '--noEmit', '-p', 'web']] };
// The browser pass does not build the web UI again (DOUDI_WEB_BUILT; its globalSetup builds it when run alone).
const webBuild = { name: 'web build', commands: [['npx', 'vite', 'build', 'web', '--logLevel', 'error']], web: true };
// The migrated PGlite template (src/test-support/template.ts), handed to every pass by DOUDI_TEST_PGLITE_TEMPLATE.
const templateDir = join(out, 'template');
const template = { name: 'database template', commands: [['npx', 'tsx', 'src/test-support/template.ts', templateDir]] };
const unit = { name: 'unit', project: 'unit', env: { DOUDI_TEST_DATABASE_URL: '' } };
const pglite = { name: 'db (PGlite)', project: 'db', env: { DOUDI_TEST_DATABASE_URL: '' } };
// One file at a time: it runs beside the browser pass, whose files wait on timeouts a busier machine stretches.
const postgres = { name: 'db (PostgreSQL)', project: 'db', env: {}, args: ['--maxWorkers=1'], skip: !pgUrl && 'DOUDI_TEST_DATABASE_URL is not set' };
const e2e = { name: 'e2e (Chromium)', project: 'e2e', env: { DOUDI_TEST_DATABASE_URL: '', DOUDI_WEB_BUILT: '1' }, skip: !existsSync('/usr/bin/chromium') && '/usr/bin/chromium is missing', needsWeb: true };
const overlapped = [[typecheck, unit, webBuild, template], [pglite], [postgres, e2e]];
const stages = serial ? overlapped.flat().map((step) => [step]) : overlapped;

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;
let webBroken = false;
const timings = [];
const started = Date.now();
let n = 0;

for (const stage of stages) {
  const running = stage.filter((step) => {
    if (step.needsWeb && webBroken) {
      console.log(`\n== ${step.name}: not run (the web build failed)`);
      return false;
    }
    if (!step.skip) return true;
    console.log(`\n== ${step.name}: skipped (${step.skip})`);
    if (ci) broken = true;
    return false;
  });
  const alone = running.length === 1;
  if (!alone) console.log(`\n== ${running.map((p) => p.name).join(', ')}: at the same time (each prints its output when it ends)`);
  await Promise.all(running.map((step) => runStep(step, alone)));
}
rmSync(out, { recursive: true, force: true });
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
console.log(`Time per step: ${timings.join(', ')}; whole run ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(broken || failed > 0 ? 1 : 0);

/** Runs one command to its end, its output on the terminal (alone) or into `log`; resolves with its exit status. */
function run(command, env, alone, log) {
  const child = spawn(command[0], command.slice(1), { stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOUDI_TEST_PGLITE_TEMPLATE: templateDir, ...env, ...(alone ? {} : { FORCE_COLOR: process.stdout.isTTY ? '1' : '0' }) } });
  let written = Promise.resolve();
  if (!alone) {
    const file = createWriteStream(log, { flags: 'a' });
    child.stdout.pipe(file, { end: false });
    child.stderr.pipe(file, { end: false });
    written = new Promise((resolve) => child.once('close', () => file.end(resolve)));
  }
  return new Promise((resolve) => child.once('close', (code) => written.then(() => resolve(code))));
}

async function runStep(step, alone) {
  const i = n++;
  const report = join(out, `${i}.json`);
  const log = join(out, `${i}.log`);
  if (alone) console.log(`\n== ${step.name}`);
  const startedStep = Date.now();
  const commands = step.commands ?? [['npx', 'vitest', 'run', '--project', step.project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...(step.args ?? []), ...vitestArgs]];
  let status = 0;
  for (const command of commands) if (status === 0) status = await run(command, step.env ?? {}, alone, log);
  const seconds = Math.round((Date.now() - startedStep) / 1000);
  if (!alone) {
    console.log(`\n== ${step.name} (${seconds} s)`);
    if (existsSync(log)) process.stdout.write(readFileSync(log));
  }
  timings.push(`${step.name} ${seconds} s`);
  if (step.commands) {
    if (status !== 0) {
      console.log(`${step.name} failed`);
      broken = true;
      if (step.web) webBroken = true;
    }
    return;
  }
  if (!existsSync(report)) { broken = true; return; }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  if (status !== 0) broken = true;
}
