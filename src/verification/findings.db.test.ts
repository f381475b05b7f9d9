/**
 * Stored findings and their resolution on both databases: a dismissed finding stays dismissed while
 * its evidence is the same and a new one opens when it changes; confirming corrects the registry and
 * recalculates the household's entitlement; the case workflow's interface counts only blocking kinds;
 * everything inside the actor's area, members masked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { entitlementSnapshots } from '../payments/schema.ts';
import { findings } from './schema.ts';
import { households, members } from '../registry/schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, yulanStaff, jiangkouStaff } from '../test-support/fixtures.ts';
import { saveHousehold } from '../registry/store.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { loadFeedText } from '../test-support/feeds.ts';
import { householdFindings, openBlockingFindings, storeFindings, type StoredFinding } from './findings.ts';
import { confirmFinding, dismissFinding, getFinding } from './resolve.ts';
import { runVerify } from './verify.ts';

let database: Database;
const dir = mkdtempSync(join(tmpdir(), 'doudi-findings-'));
const packYaml = readFileSync(join(process.cwd(), 'policies', 'demo-dongkou.yaml'), 'utf8');
const worker = person('1982-12-12');
const helper = person('1984-01-01', 'female');
const disabled = person('1979-02-14');
let hid = '';

beforeAll(async () => {
  database = await openTestDatabase();
  hid = (await saveHousehold(database.db, countyAdmin, null, {
    areaCode: JIANGKOU_VILLAGE, ledgerKey: 'F1', hukou: 'rural',
    members: [
      { name: '壬工资', idNumber: worker, relation: 'head', monthlyIncomeYuan: 800 },
      { name: '壬配偶', idNumber: helper, relation: 'spouse', monthlyIncomeYuan: 0 },
      { name: '壬残疾', idNumber: disabled, relation: 'sibling', disability: { grade: 2, kind: 'physical' } },
    ],
  }, null)).id;
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const feed = (source: string, period: string, text: string) => loadFeedText(database.db, dir, source, period, text);
const verify = () => runVerify(database.db, { date: '2024-12-01', area: '430525', packYaml });
const stored = () => database.db.select().from(findings).where(eq(findings.householdId, hid));

describe('findings: stored once, resolved by an officer', () => {
  it('a dismissed finding stays dismissed on the next run; new evidence opens a new finding', async () => {
    await feed('wage', '2024-10', `身份证号,姓名,单位,月工资\n${worker},壬工资,某厂,3000\n`);
    await feed('disability', '2024-10', `身份证号,姓名,残疾类别,残疾等级\n${disabled},壬残疾,肢体,二级\n`);
    const first = await verify();
    expect(first.findings.map((f) => f.kind)).toEqual(['wage']);
    const [wage] = await stored();
    expect(await openBlockingFindings(database.db, hid)).toBe(1);

    await dismissFinding(database.db, countyAdmin, wage.id, wage.version, '工资含一次性补发，已核实');
    expect(await openBlockingFindings(database.db, hid)).toBe(0);
    const again = await verify();
    expect(again.findings).toMatchObject([{ kind: 'wage', state: 'dismissed' }]);
    expect(await stored()).toHaveLength(1);

    // The next month's wage differs: the evidence changed, so a new open finding; the dismissed one is kept.
    await feed('wage', '2024-11', `身份证号,姓名,单位,月工资\n${worker},壬工资,某厂,3200\n`);
    const changed = await verify();
    expect(changed.findings).toMatchObject([{ kind: 'wage', state: 'open', period: '2024-11', evidence: { 月工资: '3200' } }]);
    const rows = await stored();
    expect(rows.map((r) => r.state).sort()).toEqual(['dismissed', 'open']);
    expect(await openBlockingFindings(database.db, hid)).toBe(1);
  });

  it('open findings that are not blocking (disability, enrolment) do not count for a case\'s 核对 step', async () => {
    await feed('disability', '2024-11', `身份证号,姓名,残疾类别,残疾等级\n${disabled},壬残疾,肢体,三级\n`);
    const r = await verify();
    expect(r.findings.map((f) => f.kind).sort()).toEqual(['disability', 'wage']);
    expect(await openBlockingFindings(database.db, hid)).toBe(1);
    const views = await householdFindings(database.db, '430525', hid);
    expect(views.find((v) => v.kind === 'disability')).toMatchObject({ blocking: false, state: 'open', idNumber: disabled.slice(0, 6) + '********' + disabled.slice(-4) });
    expect(views.every((v) => !JSON.stringify(v).includes(worker))).toBe(true);
    // Another township's officer sees none of them.
    expect(await householdFindings(database.db, yulanStaff.areaCode, hid)).toEqual([]);
  });

  it('confirming corrects the registry through its history and recalculates the open entitlement', async () => {
    const [h] = await database.db.select().from(households).where(eq(households.id, hid));
    const ms = await database.db.select().from(members).where(eq(members.householdId, hid));
    const { id: entitlementId } = await database.db.transaction((tx) => createEntitlement(tx, { householdId: hid, areaCode: h.areaCode, program: '低保', startMonth: '2024-01',
      bank: null, snapshot: toEvaluationInput(h, ms), source: { kind: 'case', caseId: 'test' }, actor: 'county' }));
    const [wage] = (await stored()).filter((f) => f.state === 'open' && f.kind === 'wage');
    const shown = await getFinding(database.db, jiangkouStaff, wage.id);
    expect(shown.correction).toEqual([{ label: '壬工资 就业', old: '否', new: '是' }, { label: '壬工资 月收入（元）', old: '800', new: '3200' }]);

    await expect(confirmFinding(database.db, jiangkouStaff, wage.id, wage.version, h.version - 1, null)).rejects.toMatchObject({ status: 409, path: 'householdVersion' });
    await expect(confirmFinding(database.db, yulanStaff, wage.id, wage.version, h.version, null)).rejects.toMatchObject({ status: 404 });
    expect(await confirmFinding(database.db, jiangkouStaff, wage.id, wage.version, h.version, '与本人核实')).toEqual({ registryChanged: true, entitlements: 1 });

    const [m] = await database.db.select().from(members).where(eq(members.idNumber, worker));
    expect(m).toMatchObject({ monthlyIncomeFen: 320000, employed: true });
    const snaps = await database.db.select().from(entitlementSnapshots).where(eq(entitlementSnapshots.entitlementId, entitlementId));
    expect(snaps).toHaveLength(2);
    expect(snaps[1].snapshot).toMatchObject({ members: expect.arrayContaining([expect.objectContaining({ monthlyIncomeYuan: 3200 })]) });
    expect(await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'finding.confirm'), eq(auditLog.target, `finding:${wage.id}`)))).toHaveLength(1);
    await expect(confirmFinding(database.db, jiangkouStaff, wage.id, wage.version, h.version + 1, null)).rejects.toMatchObject({ status: 409 });

    // The registry now says what the feed says: the next run raises no wage finding; the confirmed one stays confirmed.
    const after = await verify();
    expect(after.findings.map((f) => f.kind)).toEqual(['disability']);
    expect((await stored()).filter((f) => f.kind === 'wage').map((f) => f.state).sort()).toEqual(['confirmed', 'dismissed']);
  });

  it('refuses a dismissal without a reason and a second resolution, in Chinese with the field', async () => {
    const [d] = (await stored()).filter((f) => f.state === 'open');
    await expect(dismissFinding(database.db, countyAdmin, d.id, d.version, '  ')).rejects.toMatchObject({ path: 'reason', message: expect.stringContaining('原因') });
    await dismissFinding(database.db, countyAdmin, d.id, d.version, '残联数据待更新');
    await expect(dismissFinding(database.db, countyAdmin, d.id, d.version + 1, '再次')).rejects.toMatchObject({ status: 409, message: expect.stringContaining('已处理') });
  });

  it('storing a run: same evidence keeps its row, changed evidence supersedes, unseen lapses and reopens when seen again, thousands at once', async () => {
    const area = JIANGKOU_VILLAGE;
    const raise = (memberId: string, hash: string): StoredFinding => ({ householdId: hid, areaCode: area, kind: 'enrolment', source: 'enrolment', period: '2024-11',
      memberId, idNumber: worker, evidence: { 学籍: hash }, evidenceHash: hash, message: `m ${memberId}` });
    const many = Array.from({ length: 2500 }, (_, i) => raise(`S${i}`, `h${i}`));
    const byMember = async () => new Map((await database.db.select().from(findings).where(and(eq(findings.householdId, hid), eq(findings.kind, 'enrolment'))))
      .map((r) => [`${r.memberId}|${r.evidenceHash}`, r]));

    expect(await storeFindings(database.db, area, many, '2024-12-01')).toEqual(many.map(() => 'open'));
    let rows = await byMember();
    expect(rows.size).toBe(2500);
    const first = rows.get('S0|h0')!;

    // The next run: S0 the same, S1 with new evidence, S2 not raised; the rest the same, a day later.
    const next = [raise('S0', 'h0'), raise('S1', 'h1-new'), ...many.slice(3)];
    expect(await storeFindings(database.db, area, next, '2024-12-02')).toEqual(next.map(() => 'open'));
    rows = await byMember();
    expect(rows.get('S0|h0')).toMatchObject({ id: first.id, state: 'open', lastSeenOn: '2024-12-02', version: first.version });
    expect(rows.get('S1|h1')).toMatchObject({ state: 'superseded', version: 2 });
    expect(rows.get('S1|h1-new')).toMatchObject({ state: 'open', raisedOn: '2024-12-02' });
    expect(rows.get('S2|h2')).toMatchObject({ state: 'lapsed', lastSeenOn: '2024-12-01', version: 2 });
    expect(rows.size).toBe(2501);

    // Dismissed stays dismissed and is reported so; the lapsed one is open again when its evidence returns.
    await database.db.update(findings).set({ state: 'dismissed', reason: '已核实' }).where(eq(findings.id, first.id));
    const third = [raise('S0', 'h0'), raise('S2', 'h2')];
    expect(await storeFindings(database.db, area, third, '2024-12-03')).toEqual(['dismissed', 'open']);
    rows = await byMember();
    expect(rows.get('S2|h2')).toMatchObject({ state: 'open', lastSeenOn: '2024-12-03', version: 3 });
    expect(rows.get('S0|h0')).toMatchObject({ state: 'dismissed', lastSeenOn: '2024-12-03' });
    expect([...rows.values()].filter((r) => r.state === 'open').map((r) => r.memberId)).toEqual(['S2']);
    expect(rows.size).toBe(2501);
    await database.db.delete(findings).where(and(eq(findings.householdId, hid), eq(findings.kind, 'enrolment')));
  });

  it('storing inside an outer transaction leaves its planner settings as they were (hash joins only for the comparison)', async () => {
    const f: StoredFinding = { householdId: hid, areaCode: JIANGKOU_VILLAGE, kind: 'enrolment', source: 'enrolment', period: '2024-11',
      memberId: 'settings-test', idNumber: worker, evidence: { 学籍: 'x' }, evidenceHash: 'settings-test', message: 'm' };
    const setting = await database.db.transaction(async (tx) => {
      await storeFindings(tx, JIANGKOU_VILLAGE, [f], '2024-12-01');
      return queryRows<{ v: string }>(tx, sql`select current_setting('enable_nestloop') as v`);
    });
    expect(setting).toEqual([{ v: 'on' }]);
    await database.db.delete(findings).where(and(eq(findings.householdId, hid), eq(findings.memberId, 'settings-test')));
  });
});

