/**
 * Whose ID number a payroll line pays (the bank file's 身份证号): the account holder — the active member the
 * account names, else the household's head, else its first member — found for each entitlement's own account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { payrollLines } from './schema.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import { saveHousehold } from '../registry/store.ts';
import { publishPolicy } from '../policy/store.ts';
import { createEntitlement } from './entitlements.ts';
import { runPayroll } from './payroll.ts';
import { PolicySource } from './policySource.ts';
import { packWithRuralStandard } from './testing.ts';

let database: Database;
let db: Database['db'];
/** The ID numbers of household n's members (one person belongs to one household). */
const IDS = [1, 2, 3].map((n) => ({ head: person(`1970-05-0${n}`, 'male'), spouse: person(`1971-05-0${n}`, 'female'), child: person(`2001-05-0${n}`, 'male') }));
const idsOf = (n: number) => IDS[n - 1];

/** Household n: a child listed first, then the head and the spouse, paid 低保 into an account in `accountName`'s name. */
async function recipient(n: number, accountName: string) {
  const ID = idsOf(n);
  const ledgerKey = `DK0000${n}`;
  const householdId = (await saveHousehold(db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey, hukou: 'rural', members: [
    { name: '孙小明', idNumber: ID.child, relation: 'child', monthlyIncomeYuan: 0, laborCapacity: 'full' },
    { name: '赵大山', idNumber: ID.head, relation: 'head', monthlyIncomeYuan: 0, laborCapacity: 'full' },
    { name: '钱秀英', idNumber: ID.spouse, relation: 'spouse', monthlyIncomeYuan: 0, laborCapacity: 'full' },
  ] }, null)).id;
  const snapshot = { id: householdId, hukou: 'rural', members: [{ id: 'P1', birthDate: '1970-05-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 0 }] };
  await createEntitlement(db, { householdId, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: '2024-05', snapshot,
    bank: { bankName: '洞口农商银行', accountNo: `62309000000000${ledgerKey.slice(2)}`, accountName }, source: { kind: 'case', caseId: ledgerKey }, actor: 'admin' });
  return householdId;
}

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await publishPolicy(db, countyAdmin, packWithRuralStandard({ '2024-01-01': 420 }), 'v1');
}, 60_000);

afterAll(async () => { await database?.close(); });

describe('the payee of a payroll line', () => {
  it('is the member the account names, else the head (not the member listed first)', async () => {
    const spouseAccount = await recipient(1, '钱秀英');
    const otherName = await recipient(2, '王五');
    const childAccount = await recipient(3, '孙小明');
    await runPayroll(db, { month: '2024-06', area: '430525', policy: PolicySource.published(db), by: { username: 'cli', via: 'cli' } });
    const lines = await db.select({ householdId: payrollLines.householdId, payee: payrollLines.payee }).from(payrollLines).orderBy(asc(payrollLines.id));
    const idOf = (householdId: string) => (lines.find((l) => l.householdId === householdId)?.payee as { idNumber?: string } | undefined)?.idNumber;
    expect(lines).toHaveLength(3);
    expect(idOf(spouseAccount)).toBe(idsOf(1).spouse);
    expect(idOf(otherName)).toBe(idsOf(2).head);
    expect(idOf(childAccount)).toBe(idsOf(3).child);
  }, 60_000);
});
