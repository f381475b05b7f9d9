/**
 * `doudi evaluate` batch mode over a county's registry (1,000,000 households, BENCH_HOUSEHOLDS),
 * against a floor measured in the same run: a process that reads the same JSONL and writes each
 * line back through JSON.parse/JSON.stringify, with no rules. Prints households/second and the ratio.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoHouseholds } from '../src/registry/demo.ts';

const N = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'doudi-bench-'));
const input = join(dir, 'households.jsonl');

// Synthetic households in the contract's input form, some receiving 低保 now, some asking for 临时救助.
const out = createWriteStream(input);
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
console.log(`${N} households, ${(statSync(input).size / 1e6).toFixed(0)} MB of JSONL`);

const FLOOR = `
const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[1]), crlfDelay: Infinity });
let out = '';
rl.on('line', (l) => { if (!l) return; out += JSON.stringify(JSON.parse(l)) + '\\n'; if (out.length > 1 << 20) { process.stdout.write(out); out = ''; } });
rl.on('close', () => process.stdout.write(out));`;

function time(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve((performance.now() - t) / 1000) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

const floor = await time(process.execPath, ['-e', FLOOR, input]);
const evaluate = await time(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', 'policies/demo-dongkou.yaml', '--date', '2024-08-01', '--input', input]);
console.log('\nrun                          seconds   households/s');
console.log(`floor (JSON.parse/stringify) ${floor.toFixed(2).padStart(7)}   ${Math.round(N / floor).toLocaleString('en').padStart(12)}`);
console.log(`doudi evaluate (batch)       ${evaluate.toFixed(2).padStart(7)}   ${Math.round(N / evaluate).toLocaleString('en').padStart(12)}`);
console.log(`ratio evaluate / floor: ${(evaluate / floor).toFixed(2)}× (target ≤ 1.5×)`);
rmSync(dir, { recursive: true, force: true });
