/**
 * `doudi verify` over 1,000,000 feed rows (BENCH_VERIFY_ROWS) against a registry of 300,000 persons
 * (BENCH_VERIFY_PERSONS) on PGlite (and on PostgreSQL when DOUDI_BENCH_DATABASE_URL names a server),
 * against a baseline measured in the same run on the same tables: the plain SQL join of the newest
 * feed records with the active members on the ID number, every joined row fetched to the client.
 * The registry and the feed records are written with plain INSERTs (not measured); the feeds mix all
 * nine sources, and BENCH_VERIFY_MATCHED (default 0.2) of the rows are registry persons.
 * Prints rows/second of verify (first run, which stores the findings, and a second run, which finds
 * them stored) and the ratio to the join. Targets: ≤ 3× the first run, ≤ 2× the second.
 * Each ratio is printed with its target, next to the CPU-time ratio of this process (all its threads: on
 * PGlite that includes the database; on PostgreSQL the CPU of the server's processes for the bench's
 * database is added, sampled from /proc, so only when the server runs on this machine) and the load average
 * before and after. BENCH_VERIFY_REPEAT=n measures the join, a first run (the findings deleted before it)
 * and a second run n times, alternating, and keeps the least wall and the least CPU time of each.
 * BENCH_VERIFY_EXPLAIN=1 prints the plans of the fingerprints', the candidates' statement and of the baseline (EXPLAIN ANALYZE).
 * BENCH_VERIFY_ONLY=postgres skips PGlite; BENCH_VERIFY_PROFILE=<prefix> writes a CPU profile of the first run (<prefix>-<kind>-1st.cpuprofile) and of the second;
 * BENCH_VERIFY_DUMP=<prefix> writes the findings of the first run and the stored findings table (without
 * generated ids and times) as JSON lines, and the same after the second run (<prefix>-<kind>-2nd.jsonl),
 * to compare two versions of the code.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connection.ts';
import { queryRows } from '../src/db/connection.ts';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { feedFiles, feedRecords } from '../src/verification/schema.ts';
import { households, members } from '../src/registry/schema.ts';
import { makeIdNumber, parseIdNumber } from '../src/domain/idNumber.ts';
import { demoHouseholds } from '../src/registry/demo.ts';
import { applicableFeeds, candidateQuery, fingerprintQuery, runVerify } from '../src/verification/verify.ts';
import type { SourceName } from '../src/verification/sources.ts';
import { startProfile, timedWithServer } from './profile.ts';

const PERSONS = Number(process.env.BENCH_VERIFY_PERSONS ?? 300_000);
const ROWS = Number(process.env.BENCH_VERIFY_ROWS ?? 1_000_000);
const MATCHED = Number(process.env.BENCH_VERIFY_MATCHED ?? 0.2);
const REPEAT = Number(process.env.BENCH_VERIFY_REPEAT ?? 1);
const DATE = '2024-12-01';
const dir = mkdtempSync(join(tmpdir(), 'doudi-verify-bench-'));
const packYaml = readFileSync(new URL('../policies/demo-dongkou.yaml', import.meta.url), 'utf8');

// The registry: realistic households until PERSONS people.
const now = new Date();
const hs: (typeof households.$inferInsert)[] = [];
const ms: (typeof members.$inferInsert)[] = [];
for (const h of demoHouseholds({ countyCode: '430525', households: PERSONS, seed: 7 })) {
  if (ms.length >= PERSONS) break;
  const id = randomUUID();
  hs.push({ id, areaCode: h.areaCode, ledgerKey: h.ledgerKey, hukou: h.hukou, headName: h.members[0].name, memberCount: h.members.length, createdAt: now, updatedAt: now });
  h.members.forEach((m, position) => {
    const p = parseIdNumber(m.idNumber!);
    ms.push({ id: randomUUID(), householdId: id, areaCode: h.areaCode, name: m.name, idNumber: m.idNumber!, birthDate: p.ok ? p.value.birthDate : '1970-01-01', sex: p.ok ? p.value.sex : 'male',
      relation: m.relation, position, laborCapacity: m.laborCapacity, monthlyIncomeFen: Math.round(m.monthlyIncomeYuan * 100), employed: m.employed,
      disabilityGrade: m.disability?.grade ?? null, disabilityKind: m.disability?.kind ?? null, schooling: m.schooling });
  });
}

// The feeds: the nine sources in realistic shares; MATCHED of the rows are registry persons.
const SHARES: [SourceName, number][] = [['wage', 0.3], ['deposit', 0.3], ['vehicle', 0.1], ['property', 0.1], ['business', 0.05], ['payroll', 0.05], ['enrolment', 0.05], ['disability', 0.03], ['death', 0.02]];
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
function record(source: SourceName): Record<string, string> {
  switch (source) {
    case 'death': return { 死亡日期: '2024-10-01' };
    case 'vehicle': return { 号牌号码: `湘E·${Math.floor(rand() * 1e5)}`, 残疾人专用车: rand() < 0.1 ? '是' : '否' };
    case 'business': return { 统一社会信用代码: `91430525MA${Math.floor(rand() * 1e8)}`, 登记状态: rand() < 0.5 ? '存续' : '注销' };
    case 'property': return { 不动产权证号: `湘(2020)洞口县不动产权第${Math.floor(rand() * 1e7)}号`, 用途: rand() < 0.8 ? '住宅' : '商业' };
    case 'deposit': return { 银行: '农业银行', 余额: String(Math.floor(-Math.log(1 - rand()) * 3000)) }; // mostly small, a few above the limit
    case 'payroll': return { 单位: '洞口县某局', 月工资: '4200' };
    case 'wage': return { 单位: '某厂', 月工资: String(1000 + Math.floor(rand() * 3000)) };
    case 'disability': return { 残疾类别: '肢体', 残疾等级: String(1 + Math.floor(rand() * 4)) };
    case 'enrolment': return { 学段: '初中', 在校状态: rand() < 0.98 ? '在读' : '退学' };
    case 'housing': return { 危房等级: rand() < 0.5 ? 'C级' : 'D级' }; // not in SHARES: no finding of 核对
  }
}

const DISABILITY_WORDS: Record<string, string> = { visual: '视力', hearing: '听力', speech: '言语', physical: '肢体', intellectual: '智力', mental: '精神', multiple: '多重' };
function registerRows(source: SourceName): { idNumber: string; name: string; data: Record<string, string> }[] {
  if (source === 'disability') {
    return ms.filter((m) => m.disabilityGrade && rand() < 0.95).map((m) => ({ idNumber: m.idNumber, name: m.name,
      data: { 残疾类别: DISABILITY_WORDS[m.disabilityKind!], 残疾等级: String(rand() < 0.95 ? m.disabilityGrade : 1 + (m.disabilityGrade! % 4)) } }));
  }
  if (source === 'enrolment') {
    return ms.filter((m) => m.birthDate! > '2008-12-01' && m.birthDate! <= '2018-12-01' && rand() < 0.97).map((m) => ({ idNumber: m.idNumber, name: m.name,
      data: { 学段: '小学', 在校状态: rand() < 0.98 ? '在读' : '退学' } }));
  }
  return [];
}

async function load(database: Database): Promise<{ loadSeconds: number }> {
  const t = performance.now();
  const db = database.db;
  await db.transaction(async (tx) => {
    for (let i = 0; i < hs.length; i += 1000) await tx.insert(households).values(hs.slice(i, i + 1000));
    for (let i = 0; i < ms.length; i += 1000) await tx.insert(members).values(ms.slice(i, i + 1000));
  });
  seed = 12345;
  for (const [source, share] of SHARES) {
    const n = Math.round(ROWS * share);
    // An older period of each source too (kept, not matched): a tenth of the size.
    for (const [period, count] of [['2024-10', Math.ceil(n / 10)], ['2024-11', n]] as const) {
      const [file] = await db.insert(feedFiles).values({ source, period, sha256: randomUUID(), fileName: `${source}.csv`, bytes: 0, areaCode: '', loadedBy: 'bench', rows: count, loaded: count, errors: [] }).returning({ id: feedFiles.id });
      await db.transaction(async (tx) => {
        let batch: (typeof feedRecords.$inferInsert)[] = [];
        // The disability and enrolment feeds are the county's whole registers: the registry's disabled
        // members and children are in them (a few differ or are missing, as in life).
        const register = period === '2024-11' ? registerRows(source) : [];
        for (const [i, r] of register.slice(0, count).entries()) batch.push({ fileId: file.id, source, period, row: i + 2, areaCode: '', ...r });
        for (let i = register.length; i < count; i++) {
          const m = rand() < MATCHED ? ms[Math.floor(rand() * ms.length)] : null;
          const idNumber = m?.idNumber ?? makeIdNumber('430525', `19${50 + Math.floor(rand() * 50)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`, Math.floor(rand() * 999), 'male');
          batch.push({ fileId: file.id, source, period, row: i + 2, idNumber, name: m?.name ?? '某人', areaCode: '', data: record(source) });
          if (batch.length === 1000) { await tx.insert(feedRecords).values(batch); batch = []; }
        }
        if (batch.length) await tx.insert(feedRecords).values(batch);
      });
    }
  }
  await db.execute(sql`analyze`);
  return { loadSeconds: (performance.now() - t) / 1000 };
}

/** timed(), with the CPU of the PostgreSQL server's processes for this database added (when the server runs on this machine). */
async function timedAll<T>(database: Database, kind: 'pglite' | 'postgres', f: () => Promise<T>) {
  const name = kind === 'postgres' ? (await queryRows<{ name: string }>(database.db, sql`select current_database() as name`))[0].name : undefined;
  const r = await timedWithServer(f, name);
  serverSeen ||= r.serverCpu !== null;
  return { ...r, cpu: r.cpu + (r.serverCpu ?? 0) };
}
let serverSeen = false;

/** The baseline: the newest feed records joined with the active members, every row fetched. */
async function join_(database: Database, kind: 'pglite' | 'postgres'): Promise<{ seconds: number; cpu: number; rows: number }> {
  const { fileIds } = await applicableFeeds(database.db, '430525');
  const { value: rows, seconds, cpu } = await timedAll(database, kind, () => queryRows<{ household_id: string }>(database.db, sql`select m.household_id, m.id, f.source, f.period, f.row, f.data from feed_records f
    join members m on m.id_number = f.id_number where m.status = 'active' and f.file_id in (${sql.join(fileIds.map((id) => sql`${id}`), sql`, `)})`));
  return { seconds, cpu, rows: rows.length };
}

/** The stored findings without what differs between runs (ids, times), by household number, kind and ID number. */
async function dumpFindings(database: Database, file: string, raised: unknown[]) {
  const stored = await queryRows<Record<string, unknown>>(database.db, sql`select h.ledger_key, f.kind, f.source, f.period, f.id_number, f.evidence, f.message, f.state, f.raised_on, f.last_seen_on, f.version,
    (select position from members m where m.id = f.member_id) as member_position
    from findings f join households h on h.id = f.household_id order by h.ledger_key, f.kind, f.id_number, f.evidence_hash`);
  writeFileSync(file, [...raised, ...stored].map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function measure(kind: 'pglite' | 'postgres') {
  const database = await openScratchDatabase(kind === 'postgres' ? process.env.DOUDI_BENCH_DATABASE_URL : undefined, join(dir, `db-${randomUUID()}`));
  try {
    const { loadSeconds } = await load(database);
    console.log(`${kind.padEnd(9)} setup (plain INSERTs, not measured): ${loadSeconds.toFixed(0)} s`);
    if (process.env.BENCH_VERIFY_EXPLAIN) {
      const { files, fileIds } = await applicableFeeds(database.db, '430525');
      const explain = async (q: ReturnType<typeof sql>) => (await queryRows<Record<string, string>>(database.db, sql`explain (analyze, buffers) ${q}`)).map((r) => Object.values(r)[0]).join('\n');
      console.log(`fingerprints:\n${await explain(fingerprintQuery('430525', 'explain'))}`);
      console.log(`candidates:\n${await explain(candidateQuery('430525', files, DATE, null))}`);
      console.log(`baseline:\n${await explain(sql`select m.household_id, m.id, f.source, f.period, f.row, f.data from feed_records f
        join members m on m.id_number = f.id_number where m.status = 'active' and f.file_id in (${sql.join(fileIds.map((id) => sql`${id}`), sql`, `)})`)}`);
    }
    const load0 = loadavg()[0];
    type Run = { seconds: number; cpu: number };
    // The fastest wall time and, separately, the least CPU time of the repeats.
    const best = (a: Run | undefined, b: Run) => (!a ? b : { seconds: Math.min(a.seconds, b.seconds), cpu: Math.min(a.cpu, b.cpu) });
    let base: Run | undefined, first: Run | undefined, second: Run | undefined;
    let joined = 0;
    let firstResult: Awaited<ReturnType<typeof runVerify>> | undefined;
    for (let i = 0; i < REPEAT; i++) {
      const b = await join_(database, kind);
      joined = b.rows;
      base = best(base, b);
      // A first run again: no findings stored, and no household remembered (the table is new: an older version has none).
      if (i > 0) await database.db.execute(sql`do $$ begin delete from findings; if to_regclass('verified_households') is not null then delete from verified_households; end if; end $$`);
      const timings: Record<string, number> = {};
      const profile1 = i === 0 && process.env.BENCH_VERIFY_PROFILE ? await startProfile() : null;
      const r1 = await timedAll(database, kind, () => runVerify(database.db, { date: DATE, area: '430525', packYaml, collect: true, timings }));
      if (profile1) await profile1(`${process.env.BENCH_VERIFY_PROFILE}-${kind}-1st.cpuprofile`);
      console.log(`${kind.padEnd(9)} 1st run phases: ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}`);
      first = best(first, r1);
      firstResult ??= r1.value;
      if (i === 0 && process.env.BENCH_VERIFY_DUMP) await dumpFindings(database, `${process.env.BENCH_VERIFY_DUMP}-${kind}.jsonl`, r1.value.findings);
      const profile = i === 0 && process.env.BENCH_VERIFY_PROFILE ? await startProfile() : null;
      const timings2: Record<string, number> = {};
      const r2 = await timedAll(database, kind, () => runVerify(database.db, { date: DATE, area: '430525', packYaml, collect: true, timings: timings2 }));
      if (profile) await profile(`${process.env.BENCH_VERIFY_PROFILE}-${kind}.cpuprofile`);
      console.log(`${kind.padEnd(9)} 2nd run phases: ${Object.entries(timings2).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}`);
      second = best(second, r2);
      if (i === 0 && process.env.BENCH_VERIFY_DUMP) await dumpFindings(database, `${process.env.BENCH_VERIFY_DUMP}-${kind}-2nd.jsonl`, r2.value.findings);
      if (r2.value.findings.length !== r1.value.findings.length || r2.value.findings.some((f) => f.state !== 'open')) throw new Error('second run differs');
      base = best(base, await join_(database, kind));
    }
    const load1 = loadavg()[0];
    const rate = (s: number) => Math.round(ROWS / s).toLocaleString('en').padStart(9);
    const cpuNote = kind === 'pglite' ? 'this process, database included' : serverSeen ? 'this process and the PostgreSQL server\'s processes for its database, 10 ms ticks' : 'this process only: the server\'s processes are not visible';
    console.log(`${kind.padEnd(9)} ${firstResult!.households} households, ${firstResult!.persons} persons; ${ROWS} feed rows, ${joined} joined with the registry; ${firstResult!.findings.length} findings`);
    const line = (label: string, r: Run, target: number) => console.log(`${kind.padEnd(9)} ${label} ${r.seconds.toFixed(2).padStart(7)} s ${rate(r.seconds)} rows/s | ratio ${(r.seconds / base!.seconds).toFixed(2)}× (target ≤ ${target}×); CPU ${r.cpu.toFixed(2)} s, ${(r.cpu / base!.cpu).toFixed(2)}× (${cpuNote})`);
    line('verify (1st run, stores findings)', first!, 3);
    line('verify (2nd run, no duplicates) ', second!, 2);
    console.log(`${kind.padEnd(9)} SQL join baseline                 ${base!.seconds.toFixed(2).padStart(7)} s ${rate(base!.seconds)} rows/s; CPU ${base!.cpu.toFixed(2)} s; least of ${REPEAT * 2}`);
    console.log(`${kind.padEnd(9)} load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${availableParallelism()} cores`);
  } finally {
    await database.close();
  }
}

console.log(`\nverify: ${ROWS} feed rows (${MATCHED * 100}% registry persons) against ${ms.length} persons in ${hs.length} households vs the plain SQL join of the same tables`);
if (process.env.BENCH_VERIFY_ONLY !== 'postgres') await measure('pglite');
if (process.env.DOUDI_BENCH_DATABASE_URL) await measure('postgres');
rmSync(dir, { recursive: true, force: true });
