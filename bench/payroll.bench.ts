/**
 * Monthly payroll over a county (100,000 households, BENCH_PAYROLL_HOUSEHOLDS) on PGlite and, when
 * DOUDI_BENCH_DATABASE_URL names a server, on PostgreSQL: the seconds of `payroll run` for a month
 * (every entitlement evaluated from its snapshot, the lines written), of running it again (nothing
 * changes), and the ratio to a baseline measured in the same run — the same households' snapshots
 * evaluated in memory by the engine's batch mode (worker threads, `doudi evaluate` JSONL). Target ≤ 2×.
 * BENCH_PAYROLL_ONLY=postgres skips PGlite; BENCH_PAYROLL_PROFILE=<prefix> writes CPU profiles of the two runs.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { entitlements, entitlementSnapshots } from '../src/payments/schema.ts';
import { households } from '../src/registry/schema.ts';
import { refreshStatistics } from '../src/db/connection.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy } from '../src/registry/seed.ts';
import { loadSnapshots } from '../src/registry/store.ts';
import { toEvaluationInput } from '../src/registry/toEvaluation.ts';
import { evaluateStream } from '../src/policy/batch.ts';
import { AmountCalculator } from '../src/payments/amounts.ts';
import { PROGRAMS, type Program } from '../src/payments/entitlements.ts';
import { PolicySource } from '../src/payments/policySource.ts';
import { runPayroll } from '../src/payments/payroll.ts';
import { startProfile } from './profile.ts';

const N = Number(process.env.BENCH_PAYROLL_HOUSEHOLDS ?? 100_000);
const MONTH = process.env.BENCH_PAYROLL_MONTH ?? '2024-08';
const packText = readFileSync(new URL('../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'doudi-bench-payroll-'));

const seconds = async (f: () => Promise<unknown>) => { const t = performance.now(); await f(); return (performance.now() - t) / 1000; };

async function one(kind: 'PGlite' | 'PostgreSQL', url: string | undefined) {
  const database = await openScratchDatabase(url, url ? 'memory://' : join(dir, 'pglite'));
  const { db } = database;
  try {
    const setup = performance.now();
    await seedAreas(db, DEMO_COUNTY);
    await seedDemoPolicy(db);
    await seedDemoHouseholds(db, N, { seed: 7 });
    // Every household gets the entitlements the engine finds for it, else a 低保 one (which then pays 0: needs review).
    const ids = (await db.select({ id: households.id }).from(households)).map((h) => h.id);
    const pack = (await PolicySource.published(db).forCounty(DEMO_COUNTY)).pack;
    const calc = new AmountCalculator();
    const jsonl = createWriteStream(join(dir, `${kind}.jsonl`));
    let ents = 0;
    for (let i = 0; i < ids.length; i += 5000) {
      const snaps = await loadSnapshots(db, ids.slice(i, i + 5000));
      const rows: { id: string; householdId: string; areaCode: string; program: Program; snapshot: Record<string, unknown> }[] = [];
      let n = 0;
      for (const [id, s] of snaps) {
        const snapshot = toEvaluationInput(s.household, s.members) as unknown as Record<string, unknown>;
        jsonl.write(JSON.stringify(snapshot) + '\n');
        const programs = PROGRAMS.filter((p) => { const a = calc.amount(pack, MONTH, i + n, snapshot, p); return a.ok && a.fen > 0; });
        n++;
        for (const program of programs.length ? programs : (['低保'] as Program[])) rows.push({ id: randomUUID(), householdId: id, areaCode: s.household.areaCode, program, snapshot });
      }
      for (let j = 0; j < rows.length; j += 1000) {
        const part = rows.slice(j, j + 1000);
        await db.insert(entitlements).values(part.map((r, k) => ({ id: r.id, householdId: r.householdId, areaCode: r.areaCode, program: r.program, startMonth: '2024-01',
          bank: { bankName: '演示银行', accountNo: String(6230900000000000000n + BigInt(ents + k)), accountName: '演示' }, source: { kind: 'roster', fileSha256: 'bench', row: ents + k }, createdBy: 'bench' })));
        await db.insert(entitlementSnapshots).values(part.map((r) => ({ entitlementId: r.id, areaCode: r.areaCode, fromMonth: '2024-01', snapshot: r.snapshot, reason: 'bench', actor: 'bench' })));
        ents += part.length;
      }
    }
    await new Promise((r) => jsonl.end(r));
    await refreshStatistics(db);
    const setupSeconds = (performance.now() - setup) / 1000;

    // Baseline: the same snapshots through the engine's batch mode, in memory, output discarded.
    const devnull = new Writable({ write(_c, _e, cb) { cb(); } });
    const batch = await seconds(() => evaluateStream(createReadStream(join(dir, `${kind}.jsonl`)), devnull, { packText, packFile: 'demo-dongkou.yaml', date: `${MONTH}-01` }));
    let result: Awaited<ReturnType<typeof runPayroll>> | undefined;
    const profile = process.env.BENCH_PAYROLL_PROFILE ? await startProfile() : null;
    const run = await seconds(async () => { result = await runPayroll(db, { month: MONTH, area: DEMO_COUNTY, policy: PolicySource.published(db), by: { username: 'bench', via: 'cli' } }); });
    if (profile) await profile(`${process.env.BENCH_PAYROLL_PROFILE}-${kind}-run.cpuprofile`);
    const profile2 = process.env.BENCH_PAYROLL_PROFILE ? await startProfile() : null;
    const rerun = await seconds(() => runPayroll(db, { month: MONTH, area: DEMO_COUNTY, policy: PolicySource.published(db), by: { username: 'bench', via: 'cli' } }));
    if (profile2) await profile2(`${process.env.BENCH_PAYROLL_PROFILE}-${kind}-rerun.cpuprofile`);
    const [{ n: lines }] = (await db.execute(sql`select count(*)::int as n from payroll_lines`) as unknown as { rows: { n: number }[] }).rows;
    console.log(`\n${kind}: ${N} households, ${ents} entitlements, ${lines} lines (${result!.needsReview.length} need review), total ${result!.totalYuan.toLocaleString('en')} yuan; setup ${setupSeconds.toFixed(0)} s`);
    console.log('run                                   seconds');
    console.log(`engine batch mode (in memory)         ${batch.toFixed(2).padStart(7)}`);
    console.log(`payroll run (evaluate + write lines)  ${run.toFixed(2).padStart(7)}`);
    console.log(`payroll run again (nothing changes)   ${rerun.toFixed(2).padStart(7)}`);
    console.log(`ratio payroll run / batch evaluate: ${(run / batch).toFixed(2)}× (target ≤ 2×); re-run ${(rerun / batch).toFixed(2)}×`);
  } finally {
    await database.close();
  }
}

try {
  // BENCH_PAYROLL_ONLY=postgres measures PostgreSQL alone (the setup at 10⁵ households takes minutes per database).
  if (process.env.BENCH_PAYROLL_ONLY !== 'postgres') await one('PGlite', undefined);
  if (process.env.DOUDI_BENCH_DATABASE_URL) await one('PostgreSQL', process.env.DOUDI_BENCH_DATABASE_URL);
  else console.log('\n(PostgreSQL skipped: set DOUDI_BENCH_DATABASE_URL to a server to measure it too)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
