/**
 * Demo payments for a fresh `npm start`: entitlements for demo households the engine finds eligible
 * (made-up bank accounts, clearly fake), two approved months (prepared by `minzheng`, approved by
 * `admin`) and the current month prepared, waiting for a second person's approval.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { entitlements, entitlementSnapshots, payrolls } from './schema.ts';
import { households } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { loadSnapshots } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { AmountCalculator } from './amounts.ts';
import { PROGRAMS } from './entitlements.ts';
import { addMonth, currentMonth } from './months.ts';
import { approvePayroll, runPayroll } from './payroll.ts';
import { PolicySource } from './policySource.ts';

export async function seedDemoPayments(db: Db, county: string, opts: { households?: number; month?: string } = {}): Promise<number> {
  // Once per county: a county that has a payroll month is no demo to seed. Entitlements the demo's cases
  // granted (an approved 低保 case) are kept, and their households get no second one of the program.
  const [any] = await db.select({ id: payrolls.id }).from(payrolls).where(like(payrolls.areaCode, `${county}%`)).limit(1);
  if (any) return 0;
  const granted = new Set((await db.select({ householdId: entitlements.householdId, program: entitlements.program }).from(entitlements)
    .where(like(entitlements.areaCode, `${county}%`))).map((e) => `${e.householdId}|${e.program}`));
  const month = opts.month ?? currentMonth();
  const start = addMonth(month, -2);
  const policy = PolicySource.published(db);
  const pack = (await policy.forCounty(county)).pack;
  const ids = (await db.select({ id: households.id }).from(households).where(and(like(households.areaCode, `${county}%`), eq(households.status, 'active')))
    .orderBy(asc(households.id)).limit(opts.households ?? 400)).map((h) => h.id);
  const snaps = await loadSnapshots(db, ids);
  const calc = new AmountCalculator();
  const rows: { id: string; householdId: string; areaCode: string; program: string; snapshot: Record<string, unknown>; name: string }[] = [];
  let n = 0;
  for (const [id, s] of snaps) {
    const snapshot = toEvaluationInput(s.household, s.members) as unknown as Record<string, unknown>;
    for (const program of PROGRAMS) {
      const a = calc.amount(pack, start, n++, snapshot, program);
      if (a.ok && a.fen > 0 && !granted.has(`${id}|${program}`)) rows.push({ id: randomUUID(), householdId: id, areaCode: s.household.areaCode, program, snapshot, name: s.members[0]?.name ?? s.household.headName });
    }
  }
  if (rows.length === 0) return 0;
  await db.transaction(async (tx) => {
    await tx.insert(entitlements).values(rows.map((r, i) => ({ id: r.id, householdId: r.householdId, areaCode: r.areaCode, program: r.program, startMonth: start,
      // 演示账号 demo accounts: made up, in no bank.
      bank: { bankName: '洞口农村商业银行（演示）', accountNo: `62309000${String(100000000 + i).padStart(11, '0')}`, accountName: r.name },
      source: { kind: 'roster', fileSha256: 'demo', row: i + 2 }, createdBy: 'system' })));
    await tx.insert(entitlementSnapshots).values(rows.map((r) => ({ entitlementId: r.id, areaCode: r.areaCode, fromMonth: start, snapshot: r.snapshot, reason: '演示数据', actor: 'system' })));
    await appendAudit(tx, { actor: 'system', action: 'recipients.demo', areaCode: county, detail: { entitlements: rows.length } });
  });
  for (const m of [start, addMonth(start, 1)]) {
    await runPayroll(db, { month: m, area: county, policy: PolicySource.published(db), by: { username: 'minzheng', via: 'ui' } });
    await approvePayroll(db, m, county, { username: 'admin', via: 'ui' });
  }
  await runPayroll(db, { month, area: county, policy: PolicySource.published(db), by: { username: 'minzheng', via: 'ui' } });
  return rows.length;
}
