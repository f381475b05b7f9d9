/** `doudi demo --households N`: adds a synthetic demo county (洞口县) to the database. */
import { parseArgs } from 'node:util';
import { openDatabase, refreshStatistics } from '../db/connection.ts';
import { DEMO_COUNTY, seedAreas, seedDemoHouseholds, seedDemoPolicy, seedDemoUsers } from './seed.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { households: { type: 'string', default: '2000' }, seed: { type: 'string' } } });
  const n = Number(values.households);
  if (!Number.isInteger(n) || n < 1 || n > 2_000_000) {
    process.stderr.write('--households 应为 1 到 2000000 之间的整数\n');
    return 2;
  }
  const database = await openDatabase();
  try {
    await seedAreas(database.db, DEMO_COUNTY);
    await seedDemoUsers(database.db);
    await seedDemoPolicy(database.db);
    const t = performance.now();
    await seedDemoHouseholds(database.db, n, { seed: values.seed ? Number(values.seed) : undefined, onProgress: (d) => process.stderr.write(`\r生成中 ${d}/${n}`) });
    await refreshStatistics(database.db); // a bulk write: the planner's statistics are stale (PGlite has no autovacuum)
    process.stderr.write(`\n已生成 ${n} 户（${((performance.now() - t) / 1000).toFixed(1)} 秒）\n`);
    return 0;
  } finally {
    await database.close();
  }
}
