/**
 * Re-preparing a month writes only what changed (PAYROLL.md: running again on the same inputs gives the same
 * payroll): lines are compared with what is stored by their content, so an unchanged line keeps its row, a
 * changed one is rewritten in place, one no longer wanted is removed and a new one added — and a run that
 * changes nothing leaves the payroll's version and summary as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { payrollLines, payrolls } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person, YULAN_VILLAGE } from '../test-support/fixtures.ts';
import { saveHousehold } from '../registry/store.ts';
import { publishPolicy } from '../policy/store.ts';
import { createEntitlement, endEntitlement, takeSnapshot } from './entitlements.ts';
import { runPayroll } from './payroll.ts';
import { PolicySource } from './policySource.ts';
import { packWithRuralStandard } from './testing.ts';

let database: Database;
let db: Database['db'];
const MONTH = '2024-06';
const run = () => runPayroll(db, { month: MONTH, area: '430525', policy: PolicySource.published(db), by: { username: 'cli', via: 'cli' } });
const lines = () => db.select({ id: payrollLines.id, householdId: payrollLines.householdId, amountFen: payrollLines.amountFen, detail: payrollLines.detail })
  .from(payrollLines).orderBy(asc(payrollLines.id));
const payroll = async () => (await db.select({ version: payrolls.version, preparedAt: payrolls.preparedAt, summary: payrolls.summary }).from(payrolls))[0];
const lastPrepare = async () => (await db.select({ detail: auditLog.detail }).from(auditLog).where(eq(auditLog.action, 'payroll.prepare')).orderBy(desc(auditLog.id)).limit(1))[0].detail;

const snapshot = (id: string, incomeYuan: number) => ({ id, hukou: 'rural', members: [{ id: 'P1', birthDate: '1975-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: incomeYuan }] });
const households: Record<string, { householdId: string; entitlementId: string }> = {};

async function recipient(ledgerKey: string, areaCode: string, startMonth: string) {
  const householdId = (await saveHousehold(db, countyAdmin, null, { areaCode, ledgerKey, hukou: 'rural',
    members: [{ name: '赵大山', idNumber: person('1975-01-01', 'male'), relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'full' }] }, null)).id;
  const { id } = await createEntitlement(db, { householdId, areaCode, program: '低保', startMonth, snapshot: snapshot(householdId, 0),
    bank: { bankName: '洞口农商银行', accountNo: `62309000000000${ledgerKey.slice(2)}`, accountName: '赵大山' }, source: { kind: 'case', caseId: ledgerKey }, actor: 'admin' });
  households[ledgerKey] = { householdId, entitlementId: id };
}

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await publishPolicy(db, countyAdmin, packWithRuralStandard({ '2024-01-01': 420 }), 'v1');
  await recipient('DK00001', JIANGKOU_VILLAGE, '2024-05');
  await recipient('DK00002', JIANGKOU_VILLAGE, '2024-05');
  await recipient('DK00003', YULAN_VILLAGE, '2024-05');
}, 60_000);

afterAll(async () => { await database?.close(); });

describe('re-preparing a month', () => {
  it('changes nothing when nothing changed: same rows, same version, nothing counted as written', async () => {
    const first = await run();
    const stored = await lines();
    const before = await payroll();
    expect(stored).toHaveLength(3);
    expect(await run()).toEqual(first);
    expect(await lines()).toEqual(stored);
    expect(await payroll()).toEqual(before);
    expect(await lastPrepare()).toMatchObject({ lines: 3, inserted: 0, updated: 0, deleted: 0 });
  }, 60_000);

  it('rewrites a changed line in place, removes one no longer wanted, adds a new one, and leaves the others as they were', async () => {
    const of = (ls: Awaited<ReturnType<typeof lines>>, ledgerKey: string) => ls.find((l) => l.householdId === households[ledgerKey].householdId);
    const stored = await lines();
    const [a, b, c] = ['DK00001', 'DK00002', 'DK00003'].map((k) => of(stored, k)!);
    const before = await payroll();
    await takeSnapshot(db, households.DK00001.entitlementId, snapshot(households.DK00001.householdId, 100), MONTH, 'admin', '复核调整：务工收入');
    await endEntitlement(db, households.DK00002.entitlementId, '2024-05', '收入超过标准', 'admin');
    await recipient('DK00004', YULAN_VILLAGE, MONTH);
    const r = await run();
    const after = await lines();
    expect(after).toHaveLength(3);
    expect(of(after, 'DK00001')).toMatchObject({ id: a.id, amountFen: a.amountFen - 100_00 });
    expect(of(after, 'DK00001')!.detail).not.toEqual(a.detail);
    expect(of(after, 'DK00003')).toEqual(c);
    expect(of(after, 'DK00004')).toMatchObject({ amountFen: c.amountFen });
    expect(of(after, 'DK00004')!.id).toBeGreaterThan(Math.max(...stored.map((l) => l.id)));
    expect(of(after, 'DK00002')).toBeUndefined();
    expect(b).toBeDefined();
    expect(await lastPrepare()).toMatchObject({ lines: 3, inserted: 1, updated: 1, deleted: 1 });
    const now = await payroll();
    expect(now.version).toBe(before.version + 1);
    expect(now.summary).toEqual(JSON.parse(JSON.stringify(r)));
  }, 60_000);

  it('stores a summary that changed alone (a new recipient for review, no line) with a new version', async () => {
    const before = await payroll();
    const stored = await lines();
    await recipient('DK00005', YULAN_VILLAGE, MONTH);
    await takeSnapshot(db, households.DK00005.entitlementId, snapshot(households.DK00005.householdId, 5000), MONTH, 'admin', '复核调整：务工收入');
    const r = await run();
    expect(r.needsReview.map((x) => x.householdNo)).toEqual(['DK00005']);
    expect(await lines()).toEqual(stored);
    expect(await lastPrepare()).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    const now = await payroll();
    expect(now.version).toBe(before.version + 1);
    expect(now.summary).toEqual(JSON.parse(JSON.stringify(r)));
  }, 60_000);
});
