/**
 * `doudi medical settle` of 100,000 settlements (BENCH_MEDICAL_SETTLEMENTS) of a registry of 300,000
 * persons (BENCH_MEDICAL_PERSONS) on PGlite (and on PostgreSQL when DOUDI_BENCH_DATABASE_URL names a
 * server), against a baseline measured in the same run over the same persons: the engine's batch
 * evaluation (`doudi evaluate --input` of the JSONL of every household of the registry, as stored).
 * The registry, 低保 and 特困 entitlements with their snapshots (a tenth and a hundredth of the
 * households) and monitoring are written with plain INSERTs (not measured). The settlement file is a
 * CSV of the contract's columns; the measured part is what the command does with it: read and check
 * the file, take its SHA-256, settle every row (categories from entitlements, the engine's
 * classification and monitoring, the calendar-year cap across earlier settlements) and write them.
 * Prints settlements/second and the ratio to the engine batch. Target: ≤ 2×.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connection.ts';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { monitoringHouseholds } from '../src/monitoring/schema.ts';
import { entitlements, entitlementSnapshots } from '../src/payments/schema.ts';
import { households, members } from '../src/registry/schema.ts';
import { makeIdNumber, parseIdNumber } from '../src/domain/idNumber.ts';
import { PolicySource } from '../src/payments/policySource.ts';
import { demoHouseholds } from '../src/registry/demo.ts';
import type { HouseholdRow, MemberRow } from '../src/registry/plan.ts';
import { toEvaluationInput } from '../src/registry/toEvaluation.ts';
import { sha256File } from '../src/verification/feeds.ts';
import { readSettlementFile } from '../src/medical/read.ts';
import { settle } from '../src/medical/store.ts';
import { startProfile } from './profile.ts';

const PERSONS = Number(process.env.BENCH_MEDICAL_PERSONS ?? 300_000);
const SETTLEMENTS = Number(process.env.BENCH_MEDICAL_SETTLEMENTS ?? 100_000);
const PACK = 'policies/demo-dongkou.yaml';
const DATE = '2024-12-01';
const dir = mkdtempSync(join(tmpdir(), 'doudi-medical-bench-'));

// The registry: realistic households until PERSONS people; a tenth on 低保, a hundredth on 特困, a
// fifth registered poor, one in fifty under monitoring.
const now = new Date();
const hs: HouseholdRow[] = [];
const ms: MemberRow[] = [];
const byHousehold = new Map<string, MemberRow[]>();
for (const h of demoHouseholds({ countyCode: '430525', households: PERSONS, seed: 11, asOf: DATE })) {
  if (ms.length >= PERSONS) break;
  const id = randomUUID();
  const row = {
    id, areaCode: h.areaCode, ledgerKey: h.ledgerKey, hukou: h.hukou, singleParent: h.singleParent, registeredPoor: hs.length % 5 === 0,
    financialAssetsFen: Math.round(h.financialAssetsYuan * 100), vehicles: h.vehicles, businessRegistered: h.businessRegistered,
    rigidExpensesFen: Math.round(h.rigidExpensesYuan * 100), previousYearIncomeFen: null, address: null, status: 'active', closedReason: null, closedAt: null,
    headName: h.members[0].name, memberCount: h.members.length, version: 1, createdAt: now, updatedAt: now,
  } as HouseholdRow;
  hs.push(row);
  const mine: MemberRow[] = [];
  h.members.forEach((m, position) => {
    const p = parseIdNumber(m.idNumber!);
    const member = {
      id: randomUUID(), householdId: id, areaCode: h.areaCode, name: m.name, idNumber: m.idNumber!, birthDate: p.ok ? p.value.birthDate : '1970-01-01', sex: p.ok ? p.value.sex : 'male',
      relation: m.relation, position, laborCapacity: m.laborCapacity, disabilityGrade: m.disability?.grade ?? null, disabilityKind: m.disability?.kind ?? null,
      disabilityCertGeneration: m.disability ? (m.disability.certGeneration ?? 2) : null, illnesses: m.illnesses ?? [], schooling: m.schooling, boarding: m.boarding ?? false, employed: m.employed,
      monthlyIncomeFen: Math.round(m.monthlyIncomeYuan * 100), selfCare: m.selfCare ?? 'able', supporter: m.supporter ?? 'able', phone: null, status: 'active',
      leftReason: null, createdAt: now, updatedAt: now,
    } as MemberRow;
    ms.push(member);
    mine.push(member);
  });
  byHousehold.set(id, mine);
}

let seed = 4242;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

/** The settlement file: SETTLEMENTS rows of registry persons (a twentieth outside it), through 2024. */
async function writeSettlementFile(path: string): Promise<void> {
  seed = 4242;
  const out = createWriteStream(path);
  const write = (line: string) => (out.write(line + '\n') ? null : new Promise((r) => out.once('drain', r)));
  await write('结算编号,身份证号,姓名,就诊类型,医院级别,医院名称,结算日期,医疗总费用,政策范围内费用,基本医保支付,大病保险支付,医疗救助支付,病种,结算方式');
  const visits = ['住院', '住院', '门诊慢特病', '普通门诊'];
  const levels = ['县级及以下', '县级及以下', '市级', '省级'];
  const diseases = ['', '', '', '', '', '', 'malignant_tumor', 'severe_mental'];
  for (let i = 0; i < SETTLEMENTS; i++) {
    const m = rand() < 0.95 ? ms[Math.floor(rand() * ms.length)] : null;
    const idNumber = m?.idNumber ?? makeIdNumber('430525', `19${50 + Math.floor(rand() * 50)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`, Math.floor(rand() * 999), 'male');
    const total = 500 + Math.floor(rand() * 40_000);
    const policy = Math.floor(total * (0.7 + rand() * 0.3));
    const basic = Math.floor(policy * 0.6);
    const serious = total > 20_000 ? Math.floor((policy - basic) * 0.5) : 0;
    const month = String(1 + Math.floor(rand() * 11)).padStart(2, '0');
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const r = await write([`YB2024${String(i).padStart(8, '0')}`, idNumber, m?.name ?? '某人', visits[i % 4], levels[Math.floor(rand() * 4)], '洞口县人民医院',
      `2024-${month}-${day}`, total, policy, basic, serious, '', diseases[Math.floor(rand() * diseases.length)], rand() < 0.7 ? '一站式' : '个人垫付'].join(','));
    if (r) await r;
  }
  await new Promise((r) => out.end(r));
}

/** The engine batch input: every household of the registry as stored (toEvaluationInput), as JSONL. */
async function writeHouseholds(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (const h of hs) {
    if (!out.write(JSON.stringify(toEvaluationInput(h, byHousehold.get(h.id)!)) + '\n')) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

async function load(database: Database): Promise<{ loadSeconds: number }> {
  const t = performance.now();
  const db = database.db;
  await db.transaction(async (tx) => {
    for (let i = 0; i < hs.length; i += 1000) await tx.insert(households).values(hs.slice(i, i + 1000));
    for (let i = 0; i < ms.length; i += 1000) await tx.insert(members).values(ms.slice(i, i + 1000));
    let es: (typeof entitlements.$inferInsert)[] = [];
    let ss: (typeof entitlementSnapshots.$inferInsert)[] = [];
    let mon: (typeof monitoringHouseholds.$inferInsert)[] = [];
    const flush = async () => {
      if (es.length) await tx.insert(entitlements).values(es);
      if (ss.length) await tx.insert(entitlementSnapshots).values(ss);
      if (mon.length) await tx.insert(monitoringHouseholds).values(mon);
      es = []; ss = []; mon = [];
    };
    for (const [i, h] of hs.entries()) {
      const program = i % 100 === 1 ? '特困' : i % 10 === 3 ? '低保' : null;
      if (program) {
        const id = randomUUID();
        es.push({ id, householdId: h.id, areaCode: h.areaCode, program, startMonth: '2023-01', bank: { bankName: '洞口农商银行', accountNo: `62309012${String(i).padStart(8, '0')}`, accountName: h.headName },
          source: { kind: 'roster', fileSha256: 'bench', row: i }, createdBy: 'bench' });
        ss.push({ entitlementId: id, areaCode: h.areaCode, fromMonth: '2023-01', snapshot: toEvaluationInput(h, byHousehold.get(h.id)!), reason: 'bench', actor: 'bench' });
      }
      if (i % 50 === 7) mon.push({ householdId: h.id, areaCode: h.areaCode, type: '边缘易致贫户', riskFactors: ['因病'], identifiedOn: '2023-06-01' });
      if (es.length >= 500 || mon.length >= 500) await flush();
    }
    await flush();
  });
  await db.execute(sql`analyze`);
  return { loadSeconds: (performance.now() - t) / 1000 };
}


function time(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve((performance.now() - t) / 1000) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

const settlementFile = join(dir, '结算数据.csv');
const householdFile = join(dir, 'households.jsonl');

async function measure(kind: 'pglite' | 'postgres') {
  const database = await openScratchDatabase(kind === 'postgres' ? process.env.DOUDI_BENCH_DATABASE_URL : undefined, join(dir, `db-${randomUUID()}`));
  try {
    const { loadSeconds } = await load(database);
    console.log(`${kind.padEnd(9)} setup (plain INSERTs, not measured): ${loadSeconds.toFixed(0)} s`);
    const engine1 = await time(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', PACK, '--date', DATE, '--input', householdFile]);
    const profile = process.env.BENCH_MEDICAL_PROFILE ? await startProfile() : null;
    const t = performance.now();
    const policy = await PolicySource.fromFile(database.db, PACK);
    const read = await readSettlementFile(settlementFile, '结算数据.csv', DATE);
    const { sha256, bytes } = await sha256File(settlementFile);
    const readSeconds = (performance.now() - t) / 1000;
    const result = await settle(database.db, read.settlements, { policy, actor: 'bench', channel: 'file', rowCount: read.rows, readErrors: read.errors,
      file: { path: settlementFile, fileName: '结算数据.csv', sha256, bytes, dir: join(dir, 'medical') } });
    const settleSeconds = (performance.now() - t) / 1000;
    if (profile) await profile(`${process.env.BENCH_MEDICAL_PROFILE}-${kind}.cpuprofile`);
    if (result.errors.length || result.settled !== SETTLEMENTS) throw new Error(`settle: ${result.settled} settled, ${result.errors.length} errors ${JSON.stringify(result.errors.slice(0, 3))}`);
    const engine2 = await time(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', PACK, '--date', DATE, '--input', householdFile]);
    const engine = Math.min(engine1, engine2);
    const byCategory = new Map<string, number>();
    for (const s of result.settlements) byCategory.set(s.category, (byCategory.get(s.category) ?? 0) + 1);
    console.log(`${kind.padEnd(9)} ${SETTLEMENTS} settlements of ${ms.length} persons in ${hs.length} households; categories ${[...byCategory].map(([c, n]) => `${c} ${n}`).join(', ')}; assistance ${result.totalAssistanceYuan} yuan, top-up ${result.totalTopUpYuan} yuan`);
    console.log(`${kind.padEnd(9)} of which reading and checking the file and its SHA-256 ${readSeconds.toFixed(2)} s, settling and writing ${(settleSeconds - readSeconds).toFixed(2)} s`);
    console.log(`${kind.padEnd(9)} medical settle (read, check, settle, write) ${settleSeconds.toFixed(2).padStart(7)} s ${Math.round(SETTLEMENTS / settleSeconds).toLocaleString('en').padStart(9)} settlements/s | ratio ${(settleSeconds / engine).toFixed(2)}× (target ≤ 2×)`);
    console.log(`${kind.padEnd(9)} engine batch (doudi evaluate, ${hs.length} households) ${engine.toFixed(2).padStart(7)} s ${Math.round(hs.length / engine).toLocaleString('en').padStart(9)} households/s`);
  } finally {
    await database.close();
  }
}

console.log(`\nmedical: settling ${SETTLEMENTS} settlements of ${ms.length} persons vs the engine's batch evaluation of the same households`);
try {
  await writeSettlementFile(settlementFile);
  await writeHouseholds(householdFile);
  await measure('pglite');
  if (process.env.DOUDI_BENCH_DATABASE_URL) await measure('postgres');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
