/**
 * A run takes an unchanged household's findings as remembered from the last run (verifiedHouseholds)
 * instead of matching it again: the findings and their states are those matching gives, and any
 * write to the household or its members, a candidate or not, even inside one transaction, is seen.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/connection.ts';
import { members } from '../registry/schema.ts';
import { saveHousehold } from '../registry/store.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { loadFeedText } from '../test-support/feeds.ts';
import { findings, verifiedHouseholds } from './schema.ts';
import { dismissFinding } from './resolve.ts';
import { runVerify } from './verify.ts';

let database: Database;
const dir = mkdtempSync(join(tmpdir(), 'doudi-remembered-'));
const packYaml = readFileSync(join(process.cwd(), 'policies', 'demo-dongkou.yaml'), 'utf8');
const saver = person('1970-03-03');
const spouse = person('1972-04-04', 'female');
const son = person('1996-05-05');
const worker = person('1985-06-06');
const quiet = person('1988-07-07');
/** In the wage feed, not in the registry (until a test puts them there). */
const newcomer = person('1990-08-08');

beforeAll(async () => {
  database = await openTestDatabase();
  await saveHousehold(database.db, countyAdmin, null, {
    areaCode: JIANGKOU_VILLAGE, ledgerKey: 'R1', hukou: 'rural',
    members: [
      { name: '癸存款', idNumber: saver, relation: 'head', monthlyIncomeYuan: 0 },
      { name: '癸配偶', idNumber: spouse, relation: 'spouse', monthlyIncomeYuan: 0 },
      { name: '癸儿子', idNumber: son, relation: 'child', monthlyIncomeYuan: 0 },
    ],
  }, null);
  await saveHousehold(database.db, countyAdmin, null, {
    areaCode: JIANGKOU_VILLAGE, ledgerKey: 'R2', hukou: 'rural',
    members: [{ name: '癸工资', idNumber: worker, relation: 'head', monthlyIncomeYuan: 800 }],
  }, null);
  await saveHousehold(database.db, countyAdmin, null, {
    areaCode: JIANGKOU_VILLAGE, ledgerKey: 'R3', hukou: 'rural',
    members: [{ name: '癸无事', idNumber: quiet, relation: 'head', monthlyIncomeYuan: 500 }],
  }, null);
  await feed('deposit', '2024-11', `身份证号,姓名,银行,余额\n${saver},癸存款,农业银行,100000\n`);
  await feed('wage', '2024-11', `身份证号,姓名,单位,月工资\n${worker},癸工资,某厂,3000\n${newcomer},癸新人,某厂,3000\n`);
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const feed = (source: string, period: string, text: string) => loadFeedText(database.db, dir, source, period, text);
const verify = (db: Db = database.db) => runVerify(db, { date: '2024-12-01', area: '430525', packYaml });
/** A run that matches every household again (nothing remembered): what a remembered run must equal. */
async function matchedAgain(db: Db = database.db) {
  await db.delete(verifiedHouseholds);
  return verify(db);
}
const remembered = async () => (await database.db.select().from(verifiedHouseholds)).length;
const limitOf = (r: Awaited<ReturnType<typeof verify>>) => r.findings.find((f) => f.kind === 'deposit')?.evidence['上限'];

describe('verification remembers each household\'s findings while nothing they depend on changed', () => {
  it('a re-run gives the same findings and states as matching every household again, and writes nothing it remembers', async () => {
    const first = await verify();
    expect(first.findings.map((f) => f.kind).sort()).toEqual(['deposit', 'wage']);
    // Every household of the area, also R3, of which the feeds say nothing.
    expect(await remembered()).toBe(3);
    const [wage] = await database.db.select().from(findings).where(eq(findings.kind, 'wage'));
    await dismissFinding(database.db, countyAdmin, wage.id, wage.version, '已核实');

    const [before] = await database.db.select({ fingerprint: verifiedHouseholds.fingerprint }).from(verifiedHouseholds).where(eq(verifiedHouseholds.householdId, wage.householdId));
    const again = await verify();
    expect(again.findings).toMatchObject([{ kind: 'deposit', state: 'open' }, { kind: 'wage', state: 'dismissed' }]);
    expect(again).toEqual(await matchedAgain());
    expect(again.findings.map((f) => Object.keys(f.evidence))).toEqual(first.findings.map((f) => Object.keys(f.evidence)));
    expect(await database.db.select({ fingerprint: verifiedHouseholds.fingerprint }).from(verifiedHouseholds).where(eq(verifiedHouseholds.householdId, wage.householdId))).toEqual([before]);
  });

  it('a member who is not a candidate but counts for the deposit limit (n), changed by a plain UPDATE, is seen on the next run', async () => {
    const before = await verify();
    await database.db.execute(sql`update members set status = 'inactive' where id_number = ${son}`);
    const after = await verify();
    expect(limitOf(after)).not.toBe(limitOf(before));
    expect(after).toEqual(await matchedAgain());
    await database.db.execute(sql`update members set status = 'active' where id_number = ${son}`);
    expect(limitOf(await verify())).toBe(limitOf(before));
  });

  it('two changes to a member inside one transaction, each followed by a run, are both seen', async () => {
    const kinds = (r: Awaited<ReturnType<typeof verify>>) => r.findings.map((f) => f.kind).sort();
    await database.db.transaction(async (tx) => {
      expect(kinds(await verify(tx))).toEqual(['deposit', 'wage']);
      await tx.update(members).set({ monthlyIncomeFen: 300000 }).where(eq(members.idNumber, worker));
      expect(kinds(await verify(tx))).toEqual(['deposit']);
      await tx.update(members).set({ monthlyIncomeFen: 80000 }).where(eq(members.idNumber, worker));
      expect(kinds(await verify(tx))).toEqual(['deposit', 'wage']);
    });
  });

  it('a first run inside an outer transaction (as a monitoring run makes) leaves that transaction\'s settings as they were', async () => {
    const workMem = async (db: Db) => (await db.execute(sql`select current_setting('work_mem') as w`) as unknown as { rows: { w: string }[] }).rows[0].w;
    await database.db.delete(verifiedHouseholds);
    await database.db.transaction(async (tx) => {
      const before = await workMem(tx);
      expect((await verify(tx)).findings.map((f) => f.kind).sort()).toEqual(['deposit', 'wage']);
      expect(await tx.select().from(verifiedHouseholds)).toHaveLength(3);
      expect(await workMem(tx)).toBe(before);
    });
  });

  it('a first run, which stores its findings and remembers its households in one transaction, remembers them as a later run does', async () => {
    // The memo as JSON text written again by JSON.stringify: the same values and evidence keys in the same order.
    const memo = async () => (await database.db.select().from(verifiedHouseholds).orderBy(verifiedHouseholds.householdId))
      .map((r) => ({ ...r, raised: JSON.stringify(JSON.parse(r.raised)) }));
    await database.db.delete(findings);
    await database.db.delete(verifiedHouseholds);
    const first = await verify();
    const remembered = await memo();
    expect(remembered.map((r) => JSON.parse(r.raised).length).sort()).toEqual([0, 1, 1]);
    expect(await matchedAgain()).toEqual(first);
    expect(await memo()).toEqual(remembered);
  });

  it('a household the feeds said nothing about, remembered with no finding, is matched again once a member the wage feed names is in it', async () => {
    expect((await verify()).findings.some((f) => f.idNumber === newcomer)).toBe(false);
    await database.db.execute(sql`update members set id_number = ${newcomer} where id_number = ${quiet}`);
    try {
      const after = await verify();
      expect(after.findings.filter((f) => f.idNumber === newcomer).map((f) => [f.householdNo, f.kind])).toEqual([['R3', 'wage']]);
      expect(after).toEqual(await matchedAgain());
    } finally {
      await database.db.execute(sql`update members set id_number = ${quiet} where id_number = ${newcomer}`);
    }
    expect((await verify()).findings.some((f) => f.idNumber === newcomer)).toBe(false);
  });
});
