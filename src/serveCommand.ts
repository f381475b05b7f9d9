/** `doudi serve`: open (and on first start migrate and seed) the database, then serve the platform. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, optionsFromEnv, refreshStatistics, scheduleStatistics, type Db } from './db/connection.ts';
import { buildServer } from './server.ts';
import { auditAnchorPath, startAuditAnchor } from './auth/audit.ts';
import { DEMO_COUNTY, DEMO_LOGINS, householdCount, seedDemoPolicy, seedAreas, seedDemoHouseholds, seedDemoUsers } from './registry/seed.ts';

/** The demo county of a first start (areas, logins, policy, `n` households), statistics refreshed after it. */
export async function seedDemoCounty(db: Db, n: number, onProgress?: (done: number) => void): Promise<void> {
  await seedAreas(db, DEMO_COUNTY);
  await seedDemoUsers(db);
  await seedDemoPolicy(db);
  await seedDemoHouseholds(db, n, { onProgress });
  await refreshStatistics(db);
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'demo-households': { type: 'string', default: '2000' }, 'no-demo': { type: 'boolean', default: false } } });
  const opts = optionsFromEnv();
  const port = Number(process.env.PORT ?? 3000);
  const database = await openDatabase(opts);
  console.log(`数据库 database: ${database.kind === 'pglite' ? `PGlite (${opts.dataDir})` : 'PostgreSQL'}`);
  if (!values['no-demo'] && (await householdCount(database.db)) === 0) {
    const n = Number(values['demo-households']);
    console.log(`首次启动，正在生成演示县（洞口县）${n} 户数据 … first start: seeding a demo county`);
    await seedDemoCounty(database.db, n, (d) => process.stdout.write(`\r  ${d}/${n}`));
    process.stdout.write('\n');
  }
  // PGlite has no autovacuum: statistics are refreshed after the seeding above and then on a schedule.
  const stopStatistics = scheduleStatistics(database.db);
  if (!values['no-demo']) {
    console.log('\n演示账号 demo logins（首次启动时创建 created on first start）:');
    for (const l of DEMO_LOGINS) console.log(`  ${l.username.padEnd(10)} 密码 ${l.password}  ${l.displayName}（${l.role}，${l.areaCode}）`);
  }
  // The audit chain's head goes to an append-only file now and every minute (docs/architecture.md, Audit log).
  const anchorFile = auditAnchorPath(database.kind, opts);
  const anchor = anchorFile ? await startAuditAnchor(database.db, anchorFile) : null;
  // Uploads are written under the data directory; an in-memory database gets a temporary directory.
  const uploadDir = opts.dataDir && !opts.dataDir.startsWith('memory://') ? join(opts.dataDir, 'uploads') : undefined;
  const app = await buildServer(database, { logger: false, uploadDir });
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
  console.log(`\n兜底 Doudi 已启动 running: http://localhost:${port}   接口文档 API docs: http://localhost:${port}/api/docs`);
  const stop = async () => { stopStatistics(); await app.close(); await anchor?.stop(); await database.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => {});
}
