/**
 * `doudi serve`: open (and on first start migrate and seed) the database, then serve the platform.
 * Demo mode (the default with the embedded database, or --demo) seeds the demo county and prints its
 * logins, and listens on 127.0.0.1 unless HOST says otherwise. Production (--no-demo, or DATABASE_URL
 * set without --demo) seeds nothing, prints no password, disables demo accounts it finds still using a
 * published demo password, and listens on HOST or 0.0.0.0.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, optionsFromEnv, refreshStatistics, scheduleStatistics, type Db } from './db/connection.ts';
import { buildServer } from './server.ts';
import { seedMonitoringDemo } from './monitoring/demo.ts';
import { seedDemoCases } from './cases/demo.ts';
import { seedDemoPayments } from './payments/demo.ts';
import { seedTekunDemo } from './tekun/demo.ts';
import { seedEmploymentDemo } from './employment/demo.ts';
import { seedVerificationDemo } from './verification/demo.ts';
import { seedDisasterDemo } from './disaster/demo.ts';
import { scheduleCaseTick } from './cases/scheduler.ts';
import { scheduleMonitorRefresh } from './monitoring/scheduler.ts';
import { scheduleGapSearch } from './supervision/gapScheduler.ts';
import { seedGapDemo } from './supervision/gapDemo.ts';
import { scheduleSnapshots } from './supervision/scheduler.ts';
import { seedSupervisionDemo } from './supervision/demo.ts';
import { httpsSettingsFromEnv } from './httpSecurity.ts';
import { auditAnchorPath, startAuditAnchor } from './auth/audit.ts';
import { DEMO_COUNTY, DEMO_LOGINS, disableDemoAccounts, householdCount, upgradeDemoPasswords, seedDemoPolicy, seedAreas, seedDemoHouseholds, seedDemoUsers } from './registry/seed.ts';

/**
 * The demo county of a first start (areas, logins, policy, `n` households), statistics refreshed after it.
 * `feedDir` and `attachmentDir` are the server's directories: the demo writes there the department feeds
 * and the case files it references.
 */
export async function seedDemoCounty(db: Db, n: number, onProgress?: (done: number) => void, feedDir?: string, attachmentDir?: string): Promise<void> {
  await seedAreas(db, DEMO_COUNTY);
  await seedDemoUsers(db);
  await seedDemoPolicy(db);
  await seedDemoHouseholds(db, n, { onProgress });
  // Before the seeds below query the county: with the statistics of the empty tables (PGlite has no
  // autovacuum) the planner loops over all members once per household, quadratic in the county.
  await refreshStatistics(db);
  await seedMonitoringDemo(db); // planted signals: a fresh start shows monitoring warnings (src/monitoring/demo.ts)
  await seedDemoCases(db, DEMO_COUNTY, undefined, attachmentDir);
  await seedDemoPayments(db, DEMO_COUNTY);
  await seedTekunDemo(db, DEMO_COUNTY, undefined, attachmentDir); // institutions, residents, carers, one person not assessed (src/tekun/demo.ts)
  await seedEmploymentDemo(db, DEMO_COUNTY); // a 311 year, a cleared 零就业家庭, a 公益性岗位 (src/employment/demo.ts)
  if (feedDir) await seedVerificationDemo(db, DEMO_COUNTY, feedDir); // department feeds and the findings they raise (src/verification/demo.ts)
  await seedDisasterDemo(db); // a snow-and-ice event with affected households and relief at several steps (src/disaster/demo.ts)
  await seedGapDemo(db, DEMO_COUNTY); // 应保未保 and 待复核 households in 江口镇, and the county's search (src/supervision/gapDemo.ts)
  await refreshStatistics(db);
  await seedSupervisionDemo(db, DEMO_COUNTY); // the supervision snapshots of the last 12 months, so the trends are filled (src/supervision/demo.ts)
}

export interface ServeMode { demo: boolean; host: string }

/** Demo or production, and the address to listen on, from the flags and the environment. */
export function serveMode(flags: { demo?: boolean; noDemo?: boolean }, env: NodeJS.ProcessEnv = process.env): ServeMode {
  const demo = flags.noDemo ? false : flags.demo ? true : !env.DATABASE_URL;
  return { demo, host: env.HOST || (demo ? '127.0.0.1' : '0.0.0.0') };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    'demo-households': { type: 'string', default: '2000' }, demo: { type: 'boolean', default: false }, 'no-demo': { type: 'boolean', default: false },
  } });
  if (values.demo && values['no-demo']) {
    process.stderr.write('--demo 与 --no-demo 不能同时使用 use either --demo or --no-demo\n');
    return 2;
  }
  const mode = serveMode({ demo: values.demo, noDemo: values['no-demo'] });
  const opts = optionsFromEnv();
  const port = Number(process.env.PORT ?? 3000);
  const database = await openDatabase(opts);
  console.log(`数据库 database: ${database.kind === 'pglite' ? `PGlite (${opts.dataDir})` : 'PostgreSQL'}`);
  console.log(mode.demo ? '演示模式 demo mode（生产部署请用 --no-demo；use --no-demo in production）' : '生产模式 production mode（不创建演示账号 no demo accounts）');
  if (!mode.demo) {
    const disabled = await disableDemoAccounts(database.db);
    if (disabled.length) {
      console.log(`已停用使用公开演示密码的演示账号 disabled demo accounts with the published demo password: ${disabled.join(', ')}`);
      console.log('  请用 doudi user add 创建正式账号 create real accounts with doudi user add');
    }
  }
  // Uploads are written under the data directory; an in-memory database gets a temporary directory.
  const uploadDir = opts.dataDir && !opts.dataDir.startsWith('memory://') ? join(opts.dataDir, 'uploads') : undefined;
  const attachmentDir = uploadDir && join(opts.dataDir!, 'attachments');
  if (mode.demo && (await householdCount(database.db)) === 0) {
    const n = Number(values['demo-households']);
    console.log(`首次启动，正在生成演示县（洞口县）${n} 户数据 … first start: seeding a demo county`);
    await seedDemoCounty(database.db, n, (d) => process.stdout.write(`\r  ${d}/${n}`), uploadDir && join(opts.dataDir!, 'feeds'), attachmentDir);
    process.stdout.write('\n');
  }
  // PGlite has no autovacuum: statistics are refreshed after the seeding above and then on a schedule.
  const stopStatistics = scheduleStatistics(database.db);
  // 督办 of overdue steps and the reviews due: now and then hourly, idempotent per day (src/cases/scheduler.ts).
  const stopCaseTick = scheduleCaseTick(database.db, (e) => console.error('案件定时任务失败 case tick failed:', e));
  // The quarterly monitor run of each county (002:L673): checked now and hourly, once per period (src/monitoring/scheduler.ts).
  const stopMonitorRefresh = scheduleMonitorRefresh(database.db, (e) => console.error('监测预警定时运行失败 monitor refresh failed:', e));
  // The monthly coverage-gap search of each county (应保未保, 待复核): checked now and hourly, once a month (src/supervision/gapScheduler.ts).
  const stopGapSearch = scheduleGapSearch(database.db, (e) => console.error('应保未保排查定时运行失败 coverage-gap search failed:', e));
  // Last month's supervision snapshot of each county: checked now and hourly, once per month (src/supervision/scheduler.ts).
  const stopSnapshots = scheduleSnapshots(database.db, (e) => console.error('督导指标月度快照失败 supervision snapshot failed:', e));
  if (mode.demo) {
    const upgraded = await upgradeDemoPasswords(database.db);
    if (upgraded.length) console.log(`演示账号已换用新的演示密码 demo logins moved to the new demo password: ${upgraded.join(', ')}`);
    console.log('\n演示账号 demo logins（首次启动时创建 created on first start）:');
    for (const l of DEMO_LOGINS) console.log(`  ${l.username.padEnd(10)} 密码 ${l.password}  ${l.displayName}（${l.role}，${l.areaCode}）`);
  }
  // The audit chain's head goes to an append-only file now and every minute (docs/architecture.md, Audit log).
  const anchorFile = auditAnchorPath(database.kind, opts);
  const anchor = anchorFile ? await startAuditAnchor(database.db, anchorFile) : null;
  const app = await buildServer(database, { logger: false, uploadDir, feedDir: uploadDir && join(opts.dataDir!, 'feeds'), attachmentDir, paymentsDir: uploadDir && join(opts.dataDir!, 'payments'), medicalDir: uploadDir && join(opts.dataDir!, 'medical'), employmentDir: uploadDir && join(opts.dataDir!, 'employment'), auditAnchorFile: anchorFile, ...httpsSettingsFromEnv() });
  await app.listen({ port, host: mode.host });
  const { port: bound } = app.server.address() as { port: number };
  const shown = mode.host === '0.0.0.0' || mode.host === '::' ? 'localhost' : mode.host.includes(':') ? `[${mode.host}]` : mode.host;
  // One write, so whoever waits for "已启动" has the citizens' address too.
  console.log(`\n兜底 Doudi 已启动 running: http://${shown}:${bound}   接口文档 API docs: http://${shown}:${bound}/api/docs   （监听 listening on ${mode.host}）\n`
    + `群众掌上办 citizens' page（申请救助、查询进度，无需登录 no login）: http://${shown}:${bound}/#/public`);
  const stop = async () => { stopStatistics(); stopCaseTick(); stopMonitorRefresh(); stopGapSearch(); stopSnapshots(); await app.close(); await anchor?.stop(); await database.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => {});
}
