/**
 * The monitoring demo (src/monitoring/demo.ts seedMonitoringDemo: the planted reports, one monitor run over
 * the county, which raises the income rules on its 脱贫户, the identified household, cadres and 督查考评) on a
 * demo county of 100,000 households (BENCH_DEMO_HOUSEHOLDS) on PGlite. The county is seeded first (not
 * measured; its phases are printed). Prints the seconds against the target (≤ 20 s at 10⁵ households), the
 * CPU time of the whole process (all threads: the PGlite worker included), the load average before and after,
 * and the time per household, so runs at 10⁴, 3·10⁴ and 10⁵ show whether the demo is linear.
 *
 * BENCH_DEMO_CACHE=<dir> keeps the seeded county there (one data directory per size) and starts later runs
 * from a copy of it, so before/after pairs (A B A B) do not seed again; delete the directory when the
 * demo households' generator or the migrations change.
 */
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, refreshStatistics } from '../src/db/connection.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../src/registry/seed.ts';
import { seedMonitoringDemo } from '../src/monitoring/demo.ts';
import { timed } from './profile.ts';

const N = Number(process.env.BENCH_DEMO_HOUSEHOLDS ?? 100_000);
const TARGET_SECONDS = 20;
const cache = process.env.BENCH_DEMO_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'doudi-bench-monitor-demo-'));
const dataDir = join(dir, 'pglite');

/** Seeds the demo county of N households into `into` (not measured), printing each phase's seconds. */
async function seed(into: string) {
  const database = await openDatabase({ dataDir: into });
  try {
    const { db } = database;
    const phases: string[] = [];
    let t = performance.now();
    const lap = (name: string) => { phases.push(`${name} ${((performance.now() - t) / 1000).toFixed(1)} s`); t = performance.now(); };
    await seedAreas(db, DEMO_COUNTY); lap('areas');
    await seedDemoUsers(db); lap('users');
    await seedDemoPolicy(db); lap('policy');
    await seedDemoHouseholds(db, N, { seed: 7 }); lap('households');
    await refreshStatistics(db); lap('analyze');
    console.log(`setup (not measured): ${phases.join(', ')}`);
  } finally {
    await database.close();
  }
}

try {
  console.log(`\nmonitoring demo: ${N} households on PGlite`);
  const cached = cache ? join(cache, `monitor-demo-${N}-seed7`) : null;
  if (cached && existsSync(cached)) {
    cpSync(cached, dataDir, { recursive: true });
    console.log(`setup (not measured): copied from ${cached}`);
  } else {
    await seed(dataDir);
    if (cached) { cpSync(dataDir, `${cached}.tmp`, { recursive: true }); renameSync(`${cached}.tmp`, cached); }
  }
  const database = await openDatabase({ dataDir });
  try {
    const { db } = database;
    const loadBefore = loadavg()[0];
    const { value: { raised }, seconds, cpu: cpuSeconds } = await timed(() => seedMonitoringDemo(db));
    const loadAfter = loadavg()[0];
    const [{ tasks }] = await queryRows<{ tasks: number }>(db, sql`select count(*)::int as tasks from workflow_tasks where subject_type = 'monitoring'`);
    console.log(`seedMonitoringDemo: ${raised} warnings raised (${tasks} handling tasks) in ${seconds.toFixed(2)} s, CPU ${cpuSeconds.toFixed(2)} s (whole process, PGlite worker included); `
      + `${(seconds * 1e6 / N).toFixed(0)} µs wall, ${(cpuSeconds * 1e6 / N).toFixed(0)} µs CPU per household`);
    console.log(`ratio to target: ${(seconds / TARGET_SECONDS).toFixed(2)} of ${TARGET_SECONDS} s wall (target ≤ ${TARGET_SECONDS} s at 10⁵ households), CPU time ${(cpuSeconds / TARGET_SECONDS).toFixed(2)} of it; `
      + `load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${availableParallelism()} cores`);
  } finally {
    await database.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
