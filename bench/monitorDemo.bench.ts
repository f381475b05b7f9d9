/**
 * The monitoring demo (src/monitoring/demo.ts seedMonitoringDemo: the planted reports, one monitor run over
 * the county, which raises the income rules on its 脱贫户, the identified household, cadres and 督查考评) on a
 * demo county of 100,000 households (BENCH_DEMO_HOUSEHOLDS) on PGlite. The county is seeded first (not
 * measured). Prints the seconds, the warnings raised and the time against the target: ≤ 20 s at 10⁵ households.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { queryRows, refreshStatistics } from '../src/db/connection.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from '../src/registry/seed.ts';
import { seedMonitoringDemo } from '../src/monitoring/demo.ts';

const N = Number(process.env.BENCH_DEMO_HOUSEHOLDS ?? 100_000);
const TARGET_SECONDS = 20;
const dir = mkdtempSync(join(tmpdir(), 'doudi-bench-monitor-demo-'));
const database = await openScratchDatabase(undefined, join(dir, 'pglite'));
try {
  const { db } = database;
  let t = performance.now();
  await seedAreas(db, DEMO_COUNTY);
  await seedDemoUsers(db);
  await seedDemoPolicy(db);
  await seedDemoHouseholds(db, N, { seed: 7 });
  await refreshStatistics(db);
  console.log(`\nmonitoring demo: ${N} households (setup, not measured: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
  t = performance.now();
  const { raised } = await seedMonitoringDemo(db);
  const seconds = (performance.now() - t) / 1000;
  const [{ tasks }] = await queryRows<{ tasks: number }>(db, sql`select count(*)::int as tasks from workflow_tasks where subject_type = 'monitoring'`);
  console.log(`seedMonitoringDemo: ${raised} warnings raised (${tasks} handling tasks) in ${seconds.toFixed(2)} s, ${(seconds * 1000 / Math.max(raised, 1)).toFixed(2)} ms per warning`);
  console.log(`ratio to target: ${(seconds / TARGET_SECONDS).toFixed(2)} of ${TARGET_SECONDS} s (target ≤ ${TARGET_SECONDS} s at 10⁵ households)`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
