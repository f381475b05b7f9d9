/**
 * `GET /api/supervision/indicators` for a county of 100,000 households (BENCH_SUPERVISION_HOUSEHOLDS) on PGlite,
 * against a baseline measured in the same run: the same SQL run directly — every indicator's per-township
 * query of the catalogue (`computeByTownship`), without the route (session, scope, pack, targets, lights,
 * JSON). The registry (a fifth registered poor), 低保 and 特困 entitlements (a tenth and a hundredth of the
 * households), two institutions with residents, case steps and warnings are written with plain INSERTs (not
 * measured). Median of BENCH_SUPERVISION_RUNS runs (default 5) after one warm-up each. Target: ≤ 1.5×.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createUser } from '../src/auth/users.ts';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { parseIdNumber } from '../src/domain/idNumber.ts';
import { requirePack } from '../src/monitoring/signals.ts';
import { entitlements } from '../src/payments/schema.ts';
import { publishPolicy } from '../src/policy/store.ts';
import { demoHouseholds } from '../src/registry/demo.ts';
import type { HouseholdRow, MemberRow } from '../src/registry/plan.ts';
import { households, members } from '../src/registry/schema.ts';
import { seedAreas } from '../src/registry/seed.ts';
import { buildServer } from '../src/server.ts';
import { CATALOGUE, computeByTownship, indicatorContext } from '../src/supervision/catalogue.ts';
import { tekunInstitutions, tekunStays } from '../src/tekun/schema.ts';
import { monitoringWarnings } from '../src/monitoring/schema.ts';

const HOUSEHOLDS = Number(process.env.BENCH_SUPERVISION_HOUSEHOLDS ?? 100_000);
const RUNS = Number(process.env.BENCH_SUPERVISION_RUNS ?? 5);
const COUNTY = '430525';
const AS_OF = '2025-06-30';
const dir = mkdtempSync(join(tmpdir(), 'doudi-supervision-bench-'));
const now = new Date();

const hs: HouseholdRow[] = [];
const ms: MemberRow[] = [];
for (const h of demoHouseholds({ countyCode: COUNTY, households: HOUSEHOLDS, seed: 24, asOf: AS_OF })) {
  const id = randomUUID();
  hs.push({
    id, areaCode: h.areaCode, ledgerKey: h.ledgerKey, hukou: h.hukou, singleParent: h.singleParent, registeredPoor: hs.length % 5 === 0,
    financialAssetsFen: Math.round(h.financialAssetsYuan * 100), vehicles: h.vehicles, businessRegistered: h.businessRegistered,
    rigidExpensesFen: Math.round(h.rigidExpensesYuan * 100), previousYearIncomeFen: null, address: null, status: 'active', closedReason: null, closedAt: null,
    headName: h.members[0].name, memberCount: h.members.length, version: 1, createdAt: now, updatedAt: now,
  } as HouseholdRow);
  h.members.forEach((m, position) => {
    const p = parseIdNumber(m.idNumber!);
    ms.push({
      id: randomUUID(), householdId: id, areaCode: h.areaCode, name: m.name, idNumber: m.idNumber!, birthDate: p.ok ? p.value.birthDate : '1970-01-01', sex: p.ok ? p.value.sex : 'male',
      relation: m.relation, position, laborCapacity: m.laborCapacity, disabilityGrade: m.disability?.grade ?? null, disabilityKind: m.disability?.kind ?? null,
      disabilityCertGeneration: m.disability ? (m.disability.certGeneration ?? 2) : null, illnesses: m.illnesses ?? [], schooling: m.schooling, boarding: m.boarding ?? false, employed: m.employed,
      monthlyIncomeFen: Math.round(m.monthlyIncomeYuan * 100), selfCare: m.selfCare ?? 'able', supporter: m.supporter ?? 'able', phone: null, status: 'active',
      leftReason: null, createdAt: now, updatedAt: now,
    } as MemberRow);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(f: () => Promise<unknown>): Promise<number> {
  await f();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); await f(); out.push(performance.now() - t); }
  return median(out);
}

const database = await openScratchDatabase(undefined, join(dir, 'db'));
try {
  const db = database.db;
  const t0 = performance.now();
  await seedAreas(db, COUNTY);
  await publishPolicy(db, { username: 'bench', role: 'county_admin', areaCode: COUNTY }, readFileSync('policies/demo-dongkou.yaml', 'utf8'), 'bench');
  await db.transaction(async (tx) => {
    for (let i = 0; i < hs.length; i += 1000) await tx.insert(households).values(hs.slice(i, i + 1000));
    for (let i = 0; i < ms.length; i += 1000) await tx.insert(members).values(ms.slice(i, i + 1000));
    const es = hs.flatMap((h, i) => (i % 10 === 1 ? ['低保'] : i % 100 === 3 ? ['特困'] : []).map((program) => ({
      id: randomUUID(), householdId: h.id, areaCode: h.areaCode, program, startMonth: '2024-01', bank: null, source: { kind: 'bench' }, createdBy: 'bench' })));
    for (let i = 0; i < es.length; i += 1000) await tx.insert(entitlements).values(es.slice(i, i + 1000));
    const homes = [{ id: 'H1', areaCode: '430525101', name: '敬老院', kind: 'nursingHome', beds: 200, nursingBeds: 20, manager: '院长', createdBy: 'bench' },
      { id: 'H2', areaCode: COUNTY, name: '福利院', kind: 'welfareHome', beds: 300, nursingBeds: 50, manager: '院长', createdBy: 'bench' }];
    await tx.insert(tekunInstitutions).values(homes as never);
    const tekun = hs.filter((_, i) => i % 100 === 3).slice(0, 300);
    const first = new Map(ms.map((m) => [m.householdId, m] as const).reverse());
    await tx.insert(tekunStays).values(tekun.map((h, i) => ({ id: randomUUID(), institutionId: i % 2 ? 'H1' : 'H2', householdId: h.id, memberId: first.get(h.id)!.id, areaCode: h.areaCode,
      admittedOn: '2025-01-01', admitReason: '自愿', createdBy: 'bench' })) as never);
    const ws = hs.filter((_, i) => i % 50 === 7).map((h, i) => ({ id: randomUUID(), householdId: h.id, areaCode: h.areaCode, rule: 'bench', level: 'yellow', source: 'registry',
      dedupeKey: `b${i}`, message: '预警', evidence: {}, raisedOn: '2025-03-01', clueOn: '2025-03-01', dueOn: '2025-03-20', status: i % 3 ? 'handled' : 'open',
      handledAt: i % 3 ? new Date('2025-03-10T02:00:00Z') : null }));
    for (let i = 0; i < ws.length; i += 1000) await tx.insert(monitoringWarnings).values(ws.slice(i, i + 1000));
  });
  await db.execute(sql`analyze`);
  await createUser(db, { username: 'county', displayName: '县管理员', password: 'Bench-Du-Dao-2026', role: 'county_admin', areaCode: COUNTY }, 'bench');
  const app = await buildServer(database);
  const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'county', password: 'Bench-Du-Dao-2026' } });
  const cookie = `doudi_session=${login.cookies[0].value}`;
  console.log(`setup (plain INSERTs, not measured): ${((performance.now() - t0) / 1000).toFixed(0)} s — ${hs.length} households, ${ms.length} persons, ${CATALOGUE.length} indicators`);

  const pack = await requirePack(db, COUNTY, AS_OF);
  if (process.env.BENCH_SUPERVISION_PROFILE) {
    for (const def of CATALOGUE) {
      const t = performance.now();
      await computeByTownship(def, { db, scope: COUNTY, asOf: AS_OF, pack });
      console.log(`  ${def.key.padEnd(36)} ${(performance.now() - t).toFixed(0).padStart(6)} ms`);
    }
  }
  const direct = await timed(async () => { const ctx = indicatorContext(db, COUNTY, AS_OF, pack); for (const def of CATALOGUE) await computeByTownship(def, ctx); });
  const route = await timed(async () => {
    const r = await app.inject({ url: `/api/supervision/indicators?asOf=${AS_OF}`, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(r.body);
  });
  console.log(`pglite    GET /api/supervision/indicators ${route.toFixed(0).padStart(6)} ms | same SQL directly ${direct.toFixed(0).padStart(6)} ms | ratio ${(route / direct).toFixed(2)}× (target ≤ 1.5×)`);
  await app.close();
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
