/**
 * A department feed belongs to the county that loaded it (issue 15 item 3): a feed that 隆回县 (430524)
 * loads about people registered in 洞口县 (430525) raises no finding and no monitoring warning there —
 * for every signal kind that reads feeds (death → earnerDeath, disability → severeDisability,
 * enrolment → dropout, wage → jobLoss), in a county run and in the command line's whole-database run —
 * while the same files loaded by 洞口县 itself raise each of them. And `doudi feed load` gives its feed
 * a county: the registry's, or `--area`, required when the database holds several counties.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { monitoringWarnings } from '../monitoring/schema.ts';
import { feedFiles, findings } from './schema.ts';
import { descendants } from '../domain/areas.ts';
import { makeIdNumber } from '../domain/idNumber.ts';
import { DEMO_COUNTY, seedAreas, seedDemoPolicy } from '../registry/seed.ts';
import { saveHousehold } from '../registry/store.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { runMonitor } from '../monitoring/signals.ts';
import { createUser } from '../auth/users.ts';
import { buildServer } from '../server.ts';
import { commandCounty, FeedFileError, loadFeed } from './feeds.ts';
import { runVerify } from './verify.ts';

let database: Database;
const dir = mkdtempSync(join(tmpdir(), 'doudi-feed-scope-'));
const TODAY = '2026-06-15';
const LONGHUI = '430524';
const PASSWORD = 'Shiqiao-Dengta-5271';
let hid = '';
const ids = { head: person('1975-05-05'), spouse: person('1978-06-06', 'female'), child: person('2012-09-01'), grandma: person('1950-01-01', 'female') };

beforeAll(async () => {
  database = await openTestDatabase();
  await seedAreas(database.db, DEMO_COUNTY);
  await seedAreas(database.db, LONGHUI);
  await seedDemoPolicy(database.db);
  hid = (await saveHousehold(database.db, countyAdmin, null, { areaCode: YULAN_VILLAGE, ledgerKey: 'SCOPE-1', hukou: 'rural', members: [
    { name: '黄大山', idNumber: ids.head, relation: 'head', monthlyIncomeYuan: 3000, employed: true },
    { name: '黄秀兰', idNumber: ids.spouse, relation: 'spouse', monthlyIncomeYuan: 1000, employed: true },
    { name: '黄学生', idNumber: ids.child, relation: 'child', schooling: 'junior' },
    { name: '黄奶奶', idNumber: ids.grandma, relation: 'parent' },
  ] }, '测试')).id;
});
afterAll(async () => { await database?.close(); rmSync(dir, { recursive: true, force: true }); });

/** The four feeds about the 洞口县 household, loaded as `county`. */
async function loadAll(county: string) {
  const feed = async (source: string, period: string, text: string) => {
    const path = join(dir, `${source}-${period}.csv`);
    writeFileSync(path, text);
    const r = await loadFeed(database.db, { path, fileName: `${source}.csv`, source, period, actor: `admin-${county}`, areaCode: county, dir: join(dir, 'feeds') });
    expect(r.loaded, `${source} ${period}`).toBeGreaterThan(0);
  };
  await feed('wage', '2026-04', `身份证号,姓名,单位,月工资\n${ids.spouse},黄秀兰,某厂,1000\n`);
  await feed('wage', '2026-05', `身份证号,姓名,单位,月工资\n${person('1990-01-01')},别人,某厂,3000\n`);
  await feed('death', '2026-05', `身份证号,姓名,死亡日期\n${ids.head},黄大山,2026-05-20\n`);
  await feed('disability', '2026-05', `身份证号,姓名,残疾类别,残疾等级\n${ids.grandma},黄奶奶,肢体,一级\n`);
  await feed('enrolment', '2026-05', `身份证号,姓名,学校,学段,在校状态\n${ids.child},黄学生,某中学,初中,退学\n`);
}

const householdFindings = async () => (await database.db.select().from(findings).where(eq(findings.householdId, hid)))
  .filter((f) => f.state === 'open').map((f) => f.kind).sort();
const householdWarnings = async () => (await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.householdId, hid))).map((w) => w.rule).sort();

describe('feed scoping', () => {
  it("another county's feeds raise no finding and no warning of any kind on this county's households", async () => {
    await loadAll(LONGHUI);
    // The command line's run over the whole database, and the county's own run.
    await runVerify(database.db, { date: TODAY, area: '' });
    await runVerify(database.db, { date: TODAY, area: DEMO_COUNTY });
    expect(await householdFindings()).toEqual([]);
    await runMonitor(database.db, TODAY, '');
    await runMonitor(database.db, TODAY, DEMO_COUNTY);
    expect(await householdWarnings()).toEqual([]);
  });

  it("the same files loaded by the household's own county raise every kind (each a separate file of that county)", async () => {
    await loadAll(DEMO_COUNTY);
    expect((await database.db.select().from(feedFiles)).map((f) => f.areaCode).sort()).toEqual([...Array(5).fill(LONGHUI), ...Array(5).fill(DEMO_COUNTY)].sort());
    await runVerify(database.db, { date: TODAY, area: '' });
    expect(await householdFindings()).toEqual(['deceased', 'disability', 'enrolment']);
    await runMonitor(database.db, TODAY, '');
    expect(await householdWarnings()).toEqual(['dropout', 'earnerDeath', 'jobLoss', 'severeDisability']);
  });

  it("through the API: 隆回县's admin uploads a one-row wage feed for a later period, and 洞口县's monitoring run raises no job loss from it", async () => {
    const worker = person('1982-02-02');
    const wid = (await saveHousehold(database.db, countyAdmin, null, { areaCode: YULAN_VILLAGE, ledgerKey: 'SCOPE-API', hukou: 'rural', members: [
      { name: '钟工人', idNumber: worker, relation: 'head', monthlyIncomeYuan: 2000, employed: true },
    ] }, '测试')).id;
    await createUser(database.db, { username: 'dongkou', displayName: '洞口管理员', password: PASSWORD, role: 'county_admin', areaCode: DEMO_COUNTY }, 'test');
    await createUser(database.db, { username: 'longhui', displayName: '隆回管理员', password: PASSWORD, role: 'county_admin', areaCode: LONGHUI }, 'test');
    const app = await buildServer(database, { feedDir: join(dir, 'api-feeds') });
    try {
      const login = async (username: string) => {
        const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password: PASSWORD } });
        return { cookie: `doudi_session=${r.cookies[0].value}`, 'x-csrf-token': r.json().csrfToken };
      };
      const dongkou = await login('dongkou');
      const longhui = await login('longhui');
      const upload = async (headers: Record<string, string>, period: string, text: string) => {
        const r = await app.inject({ method: 'POST', url: `/api/feeds?name=wage.csv&source=wage&period=${period}`, payload: Buffer.from(text), headers: { ...headers, 'content-type': 'application/octet-stream' } });
        expect(r.statusCode, r.body).toBe(200);
      };
      await upload(dongkou, '2026-06', `身份证号,姓名,单位,月工资\n${worker},钟工人,某厂,2000\n`);
      await upload(longhui, '2026-07', `身份证号,姓名,单位,月工资\n${makeIdNumber(LONGHUI, '1985-03-03', 4, 'male')},隆回人,隆回某厂,2500\n`);
      const run = await app.inject({ method: 'POST', url: '/api/monitoring/run', payload: { date: TODAY }, headers: dongkou });
      expect(run.statusCode, run.body).toBe(200);
      expect(run.json().byRule.jobLoss ?? 0).toBe(0);
      expect((await database.db.select().from(monitoringWarnings).where(eq(monitoringWarnings.householdId, wid)))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a feed loaded from the command line belongs to the county of the registry, or of --area when the database holds several', async () => {
    expect(await commandCounty(database.db)).toBe(DEMO_COUNTY);
    expect(await commandCounty(database.db, '430525101')).toBe(DEMO_COUNTY);
    await expect(commandCounty(database.db, '4305')).rejects.toThrow(FeedFileError);
    await saveHousehold(database.db, { username: 'longhui', role: 'county_admin', areaCode: LONGHUI }, null, { areaCode: descendants(LONGHUI).find((a) => a.level === 'village')!.code, ledgerKey: 'LH-1', hukou: 'rural', members: [
      { name: '隆回人', idNumber: makeIdNumber(LONGHUI, '1980-01-01', 2, 'male'), relation: 'head' },
    ] }, '测试');
    await expect(commandCounty(database.db)).rejects.toThrow(/--area/);
    expect(await commandCounty(database.db, LONGHUI)).toBe(LONGHUI);
  });
});
