/**
 * Ledger import of 100,000 persons (BENCH_PERSONS) from xlsx into a fresh PGlite database (and into
 * PostgreSQL when DOUDI_BENCH_DATABASE_URL names a server), against a baseline measured in the same
 * run: the same households and members loaded with plain multi-row INSERTs into a fresh database.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Database } from '../src/db/connection.ts';
import { openScratchDatabase } from '../src/db/scratch.ts';
import { households, members } from '../src/registry/schema.ts';
import { parseIdNumber } from '../src/domain/idNumber.ts';
import { importLedger } from '../src/ledger/importLedger.ts';
import { seedAreas } from '../src/registry/seed.ts';
import { demoHouseholds } from '../src/registry/demo.ts';
import type { HouseholdInput } from '../src/registry/model.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'doudi-import-bench-'));
const file = join(dir, 'ledger.xlsx');
const RELATION = { head: '户主', spouse: '配偶', child: '子', parent: '父亲', grandchild: '孙子', grandparent: '祖父', sibling: '兄弟', other: '其他' } as const;

// The ledger: realistic households until PERSONS people.
const data: (HouseholdInput & { ledgerKey: string })[] = [];
let persons = 0;
for (const h of demoHouseholds({ countyCode: '430525', households: PERSONS, seed: 99 })) {
  if (persons >= PERSONS) break;
  data.push(h);
  persons += h.members.length;
}
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
const ws = wb.addWorksheet('花名册');
ws.addRow(['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码', '劳动能力', '月收入', '是否就业']).commit();
for (const h of data) {
  for (const m of h.members) {
    ws.addRow([h.ledgerKey, m.name, m.idNumber, RELATION[m.relation], h.hukou === 'urban' ? '城镇' : '农村', h.areaCode,
      { full: '有', partial: '部分', none: '无' }[m.laborCapacity], m.monthlyIncomeYuan, m.employed ? '是' : '否']).commit();
  }
}
ws.commit();
await wb.commit();
console.log(`${persons} persons in ${data.length} households`);

const fresh = (kind: 'pglite' | 'postgres') =>
  openScratchDatabase(kind === 'postgres' ? process.env.DOUDI_BENCH_DATABASE_URL : undefined, join(dir, `db-${randomUUID()}`));

/** The baseline: the same rows, already built, through plain multi-row INSERTs (500 rows each). */
async function baseline(database: Database): Promise<number> {
  const now = new Date();
  const hs = data.map((h) => ({ id: randomUUID(), areaCode: h.areaCode, ledgerKey: h.ledgerKey, hukou: h.hukou, headName: h.members[0].name, memberCount: h.members.length, createdAt: now, updatedAt: now }));
  const ms = data.flatMap((h, i) => h.members.map((m, position) => {
    const id = parseIdNumber(m.idNumber!);
    return { id: randomUUID(), householdId: hs[i].id, areaCode: h.areaCode, name: m.name, idNumber: m.idNumber!, birthDate: id.ok ? id.value.birthDate : '1970-01-01',
      sex: id.ok ? id.value.sex : 'male', relation: m.relation, position, laborCapacity: m.laborCapacity, monthlyIncomeFen: Math.round(m.monthlyIncomeYuan * 100), employed: m.employed };
  }));
  const t = performance.now();
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < hs.length; i += 500) await tx.insert(households).values(hs.slice(i, i + 500));
    for (let i = 0; i < ms.length; i += 500) await tx.insert(members).values(ms.slice(i, i + 500));
  });
  return (performance.now() - t) / 1000;
}

async function measure(kind: 'pglite' | 'postgres') {
  const a = await fresh(kind);
  await seedAreas(a.db, '430525');
  let t = performance.now();
  const stages: Record<string, number> = {};
  const r = await importLedger(a.db, file, 'ledger.xlsx', { dryRun: false, actor: 'bench', onProgress: (_rows, stage) => { stages[stage] ??= performance.now(); } });
  const importSeconds = (performance.now() - t) / 1000;
  if (!r.imported) throw new Error(`import failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
  const phase = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  // The same file again: every household found unchanged, nothing written.
  t = performance.now();
  const again = await importLedger(a.db, file, 'ledger.xlsx', { dryRun: false, actor: 'bench' });
  const againSeconds = (performance.now() - t) / 1000;
  if (again.created !== 0 || again.updated !== 0) throw new Error(`re-import changed something: ${JSON.stringify(again).slice(0, 200)}`);
  await a.close();
  const b = await fresh(kind);
  const baseSeconds = await baseline(b);
  await b.close();
  console.log(`${kind.padEnd(9)} phases: read+validate ${phase(stages.reading, stages.checking)} s, registry check ${phase(stages.checking, stages.writing)} s, write ${phase(stages.writing, stages.done)} s; re-import of the same file ${againSeconds.toFixed(1)} s (0 created, 0 updated)`);
  console.log(`${kind.padEnd(9)} import ${importSeconds.toFixed(2).padStart(6)} s ${Math.round(persons / importSeconds).toLocaleString('en').padStart(8)} rows/s | INSERT baseline ${baseSeconds.toFixed(2).padStart(6)} s ${Math.round(persons / baseSeconds).toLocaleString('en').padStart(8)} rows/s | ratio ${(importSeconds / baseSeconds).toFixed(2)}×`);
}

console.log('\nxlsx import (read, validate, check against the registry, write with history and audit) vs plain INSERT of the same rows');
await measure('pglite');
if (process.env.DOUDI_BENCH_DATABASE_URL) await measure('postgres');
rmSync(dir, { recursive: true, force: true });
