/**
 * Monthly payroll over a county (100,000 households, BENCH_PAYROLL_HOUSEHOLDS) on PGlite and, when
 * DOUDI_BENCH_DATABASE_URL names a server, on PostgreSQL: the seconds of `payroll run` for a month
 * (every entitlement evaluated from its snapshot, the lines written), of running it again (nothing
 * changes), and the ratio to a baseline measured in the same run — the same households' snapshots
 * evaluated in memory by the engine's batch mode (worker threads, `doudi evaluate` JSONL). Target ≤ 2×.
 * BENCH_PAYROLL_ONLY=postgres skips PGlite; BENCH_PAYROLL_PROFILE=<prefix> writes CPU profiles of the two runs.
 * BENCH_PAYROLL_COMPARE=<another checkout> BENCH_PAYROLL_RUNS=n runs that checkout's code (before a change) and this one's
 * alternately n times on the same seeded data, and says whether every run's lines and summary are the same (by digest).
 * Each run is also given in CPU seconds: this process's (all threads: the batch's workers, PGlite's worker) and,
 * on PostgreSQL when the server runs on this machine, the server processes serving the benchmark's database
 * (read from /proc while the run goes, so connections the pool closes meanwhile still count); with the load
 * average before and after, since on a shared machine the wall-clock ratio alone says little; and the main thread's own CPU
 * seconds (from /proc), the part of the process's that no other thread can take over.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
import { AmountCalculator, sha256 } from '../src/payments/amounts.ts';
import { PROGRAMS, type Program } from '../src/payments/entitlements.ts';
import { PolicySource } from '../src/payments/policySource.ts';
import { startProfile, timedWithServer } from './profile.ts';

const N = Number(process.env.BENCH_PAYROLL_HOUSEHOLDS ?? 100_000);
const MONTH = process.env.BENCH_PAYROLL_MONTH ?? '2024-08';
const packText = readFileSync(new URL('../policies/demo-dongkou.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'doudi-bench-payroll-'));

/** CPU seconds of this process's main thread so far (null where /proc cannot be read): what the payroll's own thread costs, apart from workers and garbage collection helpers. */
function mainThreadCpu(): number | null {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { return null; }
}

interface Measured { seconds: number; cpu: number; mainCpu: number | null; serverCpu: number | null; load: [number, number] }

/** Wall seconds, this process's CPU seconds and (when `database` is given and visible) its server processes' CPU seconds, sampled every 100 ms. */
async function measure(f: () => Promise<unknown>, database?: string): Promise<Measured> {
  const load0 = loadavg()[0];
  const main0 = mainThreadCpu();
  const run = await timedWithServer(f, database);
  const main1 = mainThreadCpu();
  return { seconds: run.seconds, cpu: run.cpu, mainCpu: main0 === null || main1 === null ? null : main1 - main0, serverCpu: run.serverCpu, load: [load0, loadavg()[0]] };
}

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
    const batch = await measure(() => evaluateStream(createReadStream(join(dir, `${kind}.jsonl`)), devnull, { packText, packFile: 'demo-dongkou.yaml', date: `${MONTH}-01` }));
    const serverDb = url ? new URL(url).pathname.slice(1) : undefined;
    const server = (m: Measured) => (m.serverCpu === null ? '      –' : m.serverCpu.toFixed(2).padStart(7));
    const row = (name: string, m: Measured) => console.log(`${name.padEnd(38)}${m.seconds.toFixed(2).padStart(7)}   ${m.cpu.toFixed(2).padStart(8)}   ${(m.mainCpu === null ? '–' : m.mainCpu.toFixed(2)).padStart(10)}   ${server(m).padStart(12)}   ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}`);
    const ratios = (m: Measured) => `${(m.seconds / batch.seconds).toFixed(2)}× wall (target ≤ 2×), CPU ${(m.cpu / batch.cpu).toFixed(2)}× this process`
      + (m.serverCpu === null ? (kind === 'PostgreSQL' ? ' (server CPU not visible, not included)' : '') : `, ${((m.cpu + m.serverCpu) / batch.cpu).toFixed(2)}× with the server's CPU included`);
    const header = () => console.log(`run                                   seconds    CPU s   main thread   server CPU s   load average   (CPU s: this process, all threads${kind === 'PGlite' ? ', PGlite included' : ''}; main thread: its own CPU s)`);
    /** A run of month MONTH from nothing and again, with the code of `root` (this checkout or BENCH_PAYROLL_COMPARE's); the lines and summary as a digest. */
    const runWith = async (root: string, name: string) => {
      const code = await import(pathToFileURL(join(root, 'src/payments/payroll.ts')).href) as typeof import('../src/payments/payroll.ts');
      const { PolicySource: Source } = await import(pathToFileURL(join(root, 'src/payments/policySource.ts')).href) as typeof import('../src/payments/policySource.ts');
      await db.execute(sql`delete from payroll_lines`);
      await db.execute(sql`delete from payrolls`);
      const go = () => code.runPayroll(db, { month: MONTH, area: DEMO_COUNTY, policy: Source.published(db), by: { username: 'bench', via: 'cli' } });
      let result: Awaited<ReturnType<typeof go>> | undefined;
      const profile = process.env.BENCH_PAYROLL_PROFILE ? await startProfile() : null;
      const run = await measure(async () => { result = await go(); }, serverDb);
      if (profile) await profile(`${process.env.BENCH_PAYROLL_PROFILE}-${kind}-${name}-run.cpuprofile`);
      const profile2 = process.env.BENCH_PAYROLL_PROFILE ? await startProfile() : null;
      const rerun = await measure(go, serverDb);
      if (profile2) await profile2(`${process.env.BENCH_PAYROLL_PROFILE}-${kind}-${name}-rerun.cpuprofile`);
      // The lines in order with everything but their ids, and the stored summary: equal digests, equal payrolls.
      const [{ lines, digest }] = (await db.execute(sql`select count(*)::int as lines, md5(string_agg(concat_ws('|', entitlement_id, household_id, area_code, program, period, kind, part,
        payee_kind, amount_fen, payee::text, detail::text), E'\n' order by id)) || '/' || (select md5(summary::text || policy::text) from payrolls) as digest from payroll_lines`) as unknown as { rows: { lines: number; digest: string }[] }).rows;
      return { run, rerun, result: result!, lines, digest: `${digest}/${sha256(JSON.stringify(result))}` };
    };
    // BENCH_PAYROLL_COMPARE: another checkout (the code before a change) run on the same data, the two alternating BENCH_PAYROLL_RUNS times.
    const compare = process.env.BENCH_PAYROLL_COMPARE;
    const runs = Number(process.env.BENCH_PAYROLL_RUNS ?? 1);
    const mine = fileURLToPath(new URL('..', import.meta.url));
    const order: [string, string][] = compare ? Array.from({ length: runs }, () => [['before', compare], ['after', mine]] as [string, string][]).flat() : [['', mine]];
    const results: (Awaited<ReturnType<typeof runWith>> & { name: string })[] = [];
    for (const [name, root] of order) results.push({ name, ...await runWith(root, name || 'this') });
    const { result, lines } = results[0];
    console.log(`\n${kind}: ${N} households, ${ents} entitlements, ${lines} lines (${result.needsReview.length} need review), total ${result.totalYuan.toLocaleString('en')} yuan; setup ${setupSeconds.toFixed(0)} s`);
    header();
    row('engine batch mode (in memory)', batch);
    for (const r of results) {
      row(`payroll run ${r.name ? `(${r.name}) ` : '(evaluate + write lines)'}`, r.run);
      row(`payroll run again ${r.name ? `(${r.name}) ` : '(nothing changes)'}`, r.rerun);
    }
    for (const r of results) {
      console.log(`ratio payroll run${r.name ? ` ${r.name}` : ''} / batch evaluate: ${ratios(r.run)}`);
      console.log(`ratio re-run${r.name ? ` ${r.name}` : ''} / batch evaluate:      ${ratios(r.rerun)}`);
    }
    const digests = new Set(results.map((r) => r.digest));
    console.log(digests.size === 1 ? `lines and summary the same in every run (${[...digests][0]})` : `LINES OR SUMMARY DIFFER: ${results.map((r) => `${r.name} ${r.digest}`).join('; ')}`);
    console.log(`(${availableParallelism()} cores; the batch runs on worker threads, the payroll on one thread plus the database)`);
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
