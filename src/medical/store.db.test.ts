/**
 * settle() as the hospital route and the payroll will use it, on PGlite and PostgreSQL: one
 * settlement at a time under the county's published pack, idempotent by 结算编号, who is owed the
 * money, the audit entry, and concurrent settlements of one person never passing the annual cap.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { auditLog } from '../auth/schema.ts';
import { createEntitlement } from '../payments/entitlements.ts';
import { PolicySource } from '../payments/policySource.ts';
import { publishPolicy } from '../policy/store.ts';
import { loadSnapshots, saveHousehold } from '../registry/store.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import { openTestDatabase } from '../test-support/db.ts';
import { countyAdmin, JIANGKOU_VILLAGE, person } from '../test-support/fixtures.ts';
import type { SettlementRow } from './model.ts';
import { careFactsOf } from '../tekun/facts.ts';
import { medicalSettlements } from './schema.ts';
import { settle, yearAssisted } from './store.ts';

let database: Database;
let dibaoHousehold: string;
const P = { dibao: person('1976-01-05'), plain: person('1979-02-06'), outsider: person('1988-03-07') };

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await publishPolicy(db, countyAdmin, readFileSync(new URL('../../policies/demo-dongkou.yaml', import.meta.url), 'utf8'), 'demo');
  const { id } = await saveHousehold(db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'ST01', hukou: 'rural',
    members: [{ name: '低保户', idNumber: P.dibao, relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 100 }] }, null);
  dibaoHousehold = id;
  const s = (await loadSnapshots(db, [id])).get(id)!;
  await createEntitlement(db, { householdId: id, areaCode: JIANGKOU_VILLAGE, program: '低保', startMonth: '2024-01', bank: { bankName: '洞口农商银行', accountNo: '623090000000000001', accountName: '低保户' },
    snapshot: toEvaluationInput(s.household, s.members), source: { kind: 'roster', fileSha256: 'test', row: 1 }, actor: 'test' });
  await saveHousehold(db, countyAdmin, null, { areaCode: JIANGKOU_VILLAGE, ledgerKey: 'ST02', hukou: 'rural', registeredPoor: true,
    members: [{ name: '脱贫户', idNumber: P.plain, relation: 'head', monthlyIncomeYuan: 4000 }] }, null);
}, 120_000);
afterAll(() => database?.close());

const row = (r: Partial<SettlementRow>): SettlementRow => ({
  settlementNo: 'H1', idNumber: P.dibao, name: '低保户', visitType: '住院', hospitalLevel: '县级及以下', hospitalName: '洞口县人民医院', date: '2024-05-10',
  totalFen: 10000_00, policyFen: 9000_00, basicFen: 5000_00, seriousFen: 0, recordedFen: 0, disease: null, diseaseRaw: null, method: '一站式', bank: null, row: 0, ...r,
});
const hospital = (rows: SettlementRow[]) => settle(database.db, rows, { policy: PolicySource.published(database.db), actor: 'hospital:1', channel: 'hospital', county: '430525' });

describe('settle() for one settlement from a hospital', () => {
  it('computes it under the county\'s published pack, owes an 一站式 amount to the hospital and audits it; the same again is skipped, other values refused', async () => {
    const r = await hospital([row({})]);
    expect(r).toMatchObject({ rows: 1, settled: 1, skipped: 0, errors: [], settlements: [{ settlementNo: 'H1', householdNo: 'ST01', category: 'dibao', ratio: 0.7, baseYuan: 4000, assistanceYuan: 2800 }] });
    const [stored] = await database.db.select().from(medicalSettlements).where(eq(medicalSettlements.settlementNo, 'H1'));
    expect(stored).toMatchObject({ channel: 'hospital', fileId: null, paymentStatus: 'hospital', assistanceFen: 2800_00, areaCode: JIANGKOU_VILLAGE, createdBy: 'hospital:1' });
    expect(stored.policy).toMatchObject({ source: 'published', byCounty: { '430525': { packId: 'demo-dongkou-2024' } } });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'medical.settle'));
    expect(audit.at(-1)).toMatchObject({ actor: 'hospital:1', target: 'medical-settlement:H1', areaCode: '430525' });
    expect(await hospital([row({})])).toMatchObject({ settled: 0, skipped: 1, settlements: [] });
    expect(await hospital([row({ totalFen: 10001_00 })])).toMatchObject({ settled: 0, errors: [{ row: 0, column: '结算编号' }] });
    expect(await database.db.select().from(medicalSettlements)).toHaveLength(1);
  });

  it('owes a 个人垫付 amount to the household\'s entitlement account, else the file\'s account, else waits for one', async () => {
    await hospital([row({ settlementNo: 'H2', method: '个人垫付', date: '2024-05-11' }), row({ settlementNo: 'H3', idNumber: P.plain, name: '脱贫户', method: '个人垫付', date: '2024-05-11' }),
      row({ settlementNo: 'H4', idNumber: P.plain, name: '脱贫户', method: '个人垫付', date: '2024-05-12', bank: { bankName: '中国银行', accountNo: '621700000000000002', accountName: '脱贫户' } })]);
    const status = Object.fromEntries((await database.db.select().from(medicalSettlements)).map((s) => [s.settlementNo, s.paymentStatus]));
    expect(status).toMatchObject({ H2: 'owed', H3: 'waitingAccount', H4: 'owed' });
  });

  it('lets settlements of one person sent at once share the annual cap, never passing it', async () => {
    // 低保 70% of 40000 = 28000 each; the cap 30000 leaves 2000 to the second settled and nothing to the rest.
    const big = (i: number) => row({ settlementNo: `C${i}`, date: `2025-02-0${i}`, totalFen: 50000_00, policyFen: 45000_00, basicFen: 5000_00 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => hospital([big(i)])));
    const amounts = results.map((r) => r.settlements[0].assistanceYuan).sort((x, y) => x - y);
    expect(amounts).toEqual([0, 0, 0, 0, 2000, 28000]);
    expect(Math.max(...results.map((r) => r.settlements[0].yearAssistedYuan))).toBe(30000);
    expect(await yearAssisted(database.db, [P.dibao, P.outsider], 2025)).toEqual(new Map([[P.dibao, 30000_00]]));
  });
});

describe('重特大疾病医疗救助 on the registry path (郴州 002:L589)', () => {
  it('gives the rules majorIllnessAssistance from the day a settlement for a known disease is assisted, never for one without a disease', async () => {
    const s = (await loadSnapshots(database.db, [dibaoHousehold])).get(dibaoHousehold)!;
    const input = async (date: string) => toEvaluationInput(s.household, s.members, await careFactsOf(database.db, s.members.map((m) => m.id), date)).members[0];
    // The settlements so far have no disease: no fact, and the input has no such key at all.
    expect(await input('2026-12-31')).not.toHaveProperty('majorIllnessAssistance');
    // A new year, the annual cap not yet used: assistance is paid on it.
    expect(await hospital([row({ settlementNo: 'M1', date: '2026-06-01', diseaseRaw: 'malignant_tumor' })])).toMatchObject({ settled: 1 });
    const [m1] = await database.db.select().from(medicalSettlements).where(eq(medicalSettlements.settlementNo, 'M1'));
    expect(m1).toMatchObject({ disease: 'malignant_tumor' });
    expect(m1.assistanceFen).toBeGreaterThan(0);
    expect(await input('2026-05-31')).not.toHaveProperty('majorIllnessAssistance');
    expect(await input('2026-06-01')).toMatchObject({ majorIllnessAssistance: true });
  });
});
