/**
 * `doudi evaluate` batch mode over a county's registry (1,000,000 households, BENCH_HOUSEHOLDS),
 * against a floor measured in the same run: a process that reads the same JSONL and writes each
 * line back through JSON.parse/JSON.stringify, with no rules. Prints households/second, the ratio next to
 * its target, each run's CPU time (all its threads) and the machine's load average: on a busy machine the
 * wall-clock ratio says more about the other processes than about the command.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoHouseholds } from '../src/registry/demo.ts';

const N = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'doudi-bench-'));
// BENCH_EVALUATE_INPUT: a file kept between runs (written first when missing), to measure again without generating.
const input = process.env.BENCH_EVALUATE_INPUT || join(dir, 'households.jsonl');

// Synthetic households in the contract's input form, some receiving 低保 now, some asking for 临时救助.
if (!existsSync(input)) await generate(input);
async function generate(file: string) {
  const out = createWriteStream(file);
  let i = 0;
  for (const h of demoHouseholds({ countyCode: '430525', households: N, asOf: '2024-08-01' })) {
    const line = {
      id: h.ledgerKey, hukou: h.hukou, areaCode: h.areaCode, singleParent: h.singleParent, registeredPoor: h.registeredPoor,
      assets: { financialYuan: h.financialAssetsYuan, vehicles: h.vehicles, businessRegistered: h.businessRegistered },
      rigidExpensesYuan: h.rigidExpensesYuan,
      ...(i % 10 === 0 ? { current: { program: 'dibao', lastMonthlyYuan: 850, incomeAboveStandardSince: '2024-03-01' } } : {}),
      ...(i % 25 === 0 ? { request: { kind: 'emergency', amountYuan: 800 + (i % 7) * 100 } } : {}),
      members: h.members.map((m, j) => ({
        id: `P${j + 1}`, idNumber: m.idNumber, relation: m.relation, monthlyIncomeYuan: m.monthlyIncomeYuan, employed: m.employed,
        laborCapacity: m.laborCapacity, disability: m.disability, illnesses: m.illnesses, schooling: m.schooling, boarding: m.boarding,
        selfCare: m.selfCare, supporter: m.supporter,
      })),
    };
    if (!out.write(JSON.stringify(line) + '\n')) await new Promise((r) => out.once('drain', r));
    i++;
  }
  await new Promise((r) => out.end(r));
}
let households = 0;
for await (const chunk of createReadStream(input)) for (let k = (chunk as Buffer).indexOf(10); k !== -1; k = (chunk as Buffer).indexOf(10, k + 1)) households++;
console.log(`${households} households, ${(statSync(input).size / 1e6).toFixed(0)} MB of JSONL`);

const FLOOR = `
const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[1]), crlfDelay: Infinity });
let out = '';
rl.on('line', (l) => { if (!l) return; out += JSON.stringify(JSON.parse(l)) + '\\n'; if (out.length > 1 << 20) { process.stdout.write(out); out = ''; } });
rl.on('close', () => process.stdout.write(out));`;

// Loaded before each run's own code (and in its worker threads, which do nothing with it): the main thread writes the
// CPU time of the whole process, every thread, when it exits, and that of the main thread alone (Linux's per-thread
// counters): the main thread cuts the input and writes the output, and caps the speed if it is as busy as the floor.
const cpuFile = join(dir, 'cpu');
const preload = join(dir, 'cpu.cjs');
writeFileSync(preload, `if (require('node:worker_threads').isMainThread) process.on('exit', () => {
  const u = process.cpuUsage();
  let main = NaN;
  try { const f = require('node:fs').readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8').split(') ')[1].split(' '); main = (Number(f[11]) + Number(f[12])) / 100; } catch {}
  require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify({ cpu: (u.user + u.system) / 1e6, main }));
});`);

function time(args: string[]): Promise<{ seconds: number; cpu: number; main: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(process.execPath, ['--require', preload, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve({ seconds: (performance.now() - t) / 1000, ...JSON.parse(readFileSync(cpuFile, 'utf8')) }) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

// BENCH_EVALUATE_COMPARE: another checkout of the project (the code before a change) run on the same input, the two
// alternating (A B A B) BENCH_EVALUATE_RUNS times, each pair with a floor run of its own.
const compare = process.env.BENCH_EVALUATE_COMPARE;
const runs = Number(process.env.BENCH_EVALUATE_RUNS ?? 1);
const evaluateIn = (root: string): Promise<{ seconds: number; cpu: number; main: number }> => time([join(root, 'bin/doudi.js'), 'evaluate', '--policy', join(root, 'policies/demo-dongkou.yaml'), '--date', '2024-08-01', '--input', input]);
const row = (name: string, r: { seconds: number; cpu: number; main: number }) =>
  console.log(`${name.padEnd(29)}${r.seconds.toFixed(2).padStart(7)}   ${Math.round(households / r.seconds).toLocaleString('en').padStart(12)}   ${r.cpu.toFixed(2).padStart(7)}   ${r.main.toFixed(2).padStart(7)}`);
const ratios = (name: string, r: { seconds: number; cpu: number }, floor: { seconds: number; cpu: number }) =>
  console.log(`ratio ${name} / floor: ${(r.seconds / floor.seconds).toFixed(2)}× (target ≤ 1.5×); CPU time ${(r.cpu / floor.cpu).toFixed(2)}× (all threads of each process)`);
for (let k = 0; k < runs; k++) {
  const load = loadavg()[0];
  const floor = await time(['-e', FLOOR, input]);
  // Alternating order: the second of a pair runs on a machine the first has warmed (file cache, frequency).
  const first = compare && k % 2 === 1 ? await evaluateIn(compare) : null;
  const evaluate = await evaluateIn('.');
  const other = compare && k % 2 === 0 ? await evaluateIn(compare) : first;
  console.log(`\nrun${runs > 1 ? ` ${k + 1}` : ''}                        seconds   households/s   CPU seconds (all threads, main thread)`);
  row('floor (JSON.parse/stringify)', floor);
  row('doudi evaluate (batch)', evaluate);
  if (other) row('the same, compared checkout', other);
  ratios('evaluate', evaluate, floor);
  if (other) ratios('compared checkout', other, floor);
  console.log(`load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
}
rmSync(dir, { recursive: true, force: true });
