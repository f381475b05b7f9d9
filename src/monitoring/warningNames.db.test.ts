/**
 * Monitoring warnings built from registry data show members as every monitoring page does (张*兰):
 * the message, evidence.成员 and the timeline entry of each member warning (death of the main earner,
 * severe disability, job loss, dropout), in the warning list and the household's chain page, for the
 * village, the township and the county; warnings stored with full names before are masked as they are
 * read (issue 15 item 5).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { monitoringWarnings } from './schema.ts';
import { createUser } from '../auth/users.ts';
import { DEMO_COUNTY, seedAreas, seedDemoPolicy } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { buildServer } from '../server.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { loadFeed } from '../verification/feeds.ts';
import { runVerify } from '../verification/verify.ts';
import { appendEvent } from '../workflow/events.ts';
import { runMonitor, SUBJECT } from './signals.ts';

let database: Database;
let app: FastifyInstance;
const dir = mkdtempSync(join(tmpdir(), 'doudi-warning-names-'));
const TODAY = '2026-06-15';
const PASSWORD = 'Shiqiao-Dengta-5271';
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const NAMES = ['张大山', '张秀兰', '张小明'];
let hid = '';

const get = async (user: string, url: string) => {
  const r = await app.inject({ method: 'GET', url, headers: { cookie: sessions[user].cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await seedAreas(db, DEMO_COUNTY);
  await seedDemoPolicy(db);
  for (const [username, role, areaCode] of [['county', 'county_admin', '430525'], ['jiangkou', 'township_staff', '430525101'], ['cun', 'village_staff', JIANGKOU_VILLAGE]] as const) {
    await createUser(db, { username, displayName: username, password: PASSWORD, role, areaCode }, 'test');
  }
  const ids = { head: person('1975-05-05'), spouse: person('1978-06-06', 'female'), child: person('2012-09-01') };
  hid = (await saveHousehold(db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'NAMES-1', hukou: 'rural', members: [
    { name: '张大山', idNumber: ids.head, relation: 'head', monthlyIncomeYuan: 3000, employed: true },
    { name: '张秀兰', idNumber: ids.spouse, relation: 'spouse', monthlyIncomeYuan: 1000, employed: true },
    { name: '张小明', idNumber: ids.child, relation: 'child', schooling: 'junior' },
  ] }, '测试')).id;
  const feed = async (source: string, period: string, text: string) => {
    const path = join(dir, `${source}-${period}.csv`);
    writeFileSync(path, text);
    await loadFeed(db, { path, fileName: `${source}.csv`, source, period, actor: 'county', areaCode: DEMO_COUNTY, dir: join(dir, 'feeds') });
  };
  await feed('wage', '2026-04', `身份证号,姓名,单位,月工资\n${ids.spouse},张秀兰,某厂,1000\n`);
  await feed('wage', '2026-05', `身份证号,姓名,单位,月工资\n${person('1990-01-01')},别人,某厂,3000\n`);
  await feed('death', '2026-05', `身份证号,姓名,死亡日期\n${ids.head},张大山,2026-05-20\n`);
  await feed('disability', '2026-05', `身份证号,姓名,残疾类别,残疾等级\n${ids.spouse},张秀兰,肢体,一级\n`);
  await feed('enrolment', '2026-05', `身份证号,姓名,学校,学段,在校状态\n${ids.child},张小明,某中学,初中,退学\n`);
  await runVerify(db, { date: TODAY, area: DEMO_COUNTY });
  await runMonitor(db, TODAY, DEMO_COUNTY);
  // A warning stored before names were masked at the source, with its timeline entry.
  const old = randomUUID();
  await db.insert(monitoringWarnings).values({ id: old, householdId: hid, areaCode: JIANGKOU_VILLAGE, rule: 'earnerDeath', level: 'red', source: 'registry', dedupeKey: 'earnerDeath:old',
    message: '家庭主要劳动力 张秀兰 死亡', evidence: { 成员: '张秀兰', signal: 'registry', ref: 'member:old' }, raisedOn: '2026-01-05', clueOn: '2026-01-05', dueOn: '2026-01-20' });
  await appendEvent(db, { subjectType: SUBJECT, subjectId: hid, areaCode: JIANGKOU_VILLAGE, actor: 'system', action: 'warning.raise', reason: '家庭主要劳动力 张秀兰 死亡',
    detail: { warningId: old, rule: 'earnerDeath', level: 'red', source: 'registry', dueOn: '2026-01-20' } });
  app = await buildServer(database);
  for (const u of ['county', 'jiangkou', 'cun']) {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: u, password: PASSWORD } });
    sessions[u] = { cookie: `doudi_session=${r.cookies[0].value}`, csrf: r.json().csrfToken };
  }
}, 60_000);
afterAll(async () => { await app?.close(); await database?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('member names in monitoring warnings', () => {
  it('are masked in the message and evidence of every member warning in the list, for the village, the township and the county', async () => {
    for (const user of ['cun', 'jiangkou', 'county']) {
      const rows = (await get(user, `/api/monitoring/warnings?householdId=${hid}&pageSize=50`)).rows as { rule: string; message: string; evidence: Record<string, unknown> }[];
      expect(rows.map((r) => r.rule).sort()).toEqual(['dropout', 'earnerDeath', 'earnerDeath', 'jobLoss', 'severeDisability']);
      const text = JSON.stringify(rows);
      for (const n of NAMES) expect(text, `${user}: ${n}`).not.toContain(n);
      expect(rows.find((r) => r.rule === 'jobLoss')!.message).toContain('张*兰');
      expect(rows.find((r) => r.rule === 'dropout')!.evidence['成员']).toBe('张*明');
      expect(rows.filter((r) => r.rule === 'earnerDeath').map((r) => r.message).sort()).toEqual(['家庭主要劳动力 张*山 死亡', '家庭主要劳动力 张*兰 死亡'].sort());
    }
  });

  it("are masked on the household's chain page: its warnings and their timeline entries", async () => {
    for (const user of ['cun', 'jiangkou', 'county']) {
      const page = await get(user, `/api/monitoring/households/${hid}`);
      const text = JSON.stringify({ warnings: page.warnings, events: page.events, members: page.members, household: page.household });
      for (const n of NAMES) expect(text, `${user}: ${n}`).not.toContain(n);
      expect(page.events.filter((e: { action: string }) => e.action === 'warning.raise')).toHaveLength(5);
    }
  });
});
