/**
 * `doudi import` and the UI's upload: reads and validates a whole ledger, checks it against the
 * registry, then writes every household in ONE transaction — all or nothing. Households are
 * matched by 户编号 within the county and, for a user, only inside the user's scope (a key held
 * outside it is an error that says nothing about that household); people by ID number. An
 * unchanged household writes nothing, so importing the same file twice changes nothing. After the
 * commit the tables' planner statistics are refreshed (ANALYZE).
 */
import { and, inArray, sql } from 'drizzle-orm';
import { refreshStatistics, type Db } from '../db/connection.ts';
import { households } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { isWithin } from '../domain/areas.ts';
import { fenToYuan } from '../domain/money.ts';
import { householdInput, type HouseholdInput, type MemberInput } from '../registry/model.ts';
import { checkHousehold, isNoop, planHousehold, type MemberRow, type Plan, type Snapshot } from '../registry/plan.ts';
import { seedAreas } from '../registry/seed.ts';
import { findActiveElsewhere, loadSnapshots, writePlans } from '../registry/store.ts';
import { stat } from 'node:fs/promises';
import { csvRows, fileKind, LedgerFileError, toSource, xlsxSheets, type Source } from './read.ts';
import { parseLedger, type LedgerError, type LedgerHousehold, type ParsedLedger } from './validate.ts';

export interface ImportResult {
  rows: number;
  households: number;
  persons: number;
  created: number;
  updated: number;
  imported: boolean;
  errors: LedgerError[];
}

export interface ImportOptions {
  dryRun: boolean;
  /** Audit name of who imports. */
  actor: string;
  /** Only villages inside this area may be imported (a user's scope); the command line has none. */
  scope?: string;
  /** Rows read so far (every 5,000 while reading), and the stage; a one-argument callback gets the rows. */
  onProgress?: (rowsDone: number, stage: ImportStage) => void;
}

export type ImportStage = 'reading' | 'checking' | 'writing' | 'done';

/** Reads the first sheet that has a header (an instructions sheet before it is passed over). */
export async function readLedger(source: Source, fileName: string, onRow?: (rows: number) => void): Promise<ParsedLedger> {
  const kind = fileKind(fileName);
  const s = toSource(source);
  if ('path' in s) {
    const st = await stat(s.path).catch(() => null);
    if (!st) throw new LedgerFileError(`文件不存在：${s.path}`);
    if (!st.isFile()) throw new LedgerFileError(`不是文件：${s.path}`);
  }
  const counted = async function* <T extends { row: number }>(rows: AsyncIterable<T> | Iterable<T>) {
    let n = 0;
    for await (const r of rows) { if (++n % 5000 === 0) onRow?.(n); yield r; }
  };
  if (kind === 'csv') {
    const size = 'path' in s ? (await stat(s.path)).size : s.buffer.length;
    if (size === 0) throw new LedgerFileError('文件是空的');
    const parsed = await parseLedger(counted(csvRows(s)));
    if ('noHeader' in parsed) throw new LedgerFileError(parsed.noHeader);
    return parsed;
  }
  let firstProblem: string | null = null;
  for await (const sheet of xlsxSheets(s)) {
    const parsed = await parseLedger(counted(sheet.rows));
    if (!('noHeader' in parsed)) return parsed;
    firstProblem ??= `工作表“${sheet.name}”${parsed.noHeader}`;
  }
  throw new LedgerFileError(firstProblem ?? '文件中没有工作表');
}

function storedMember(m: MemberRow): Omit<MemberInput, 'name' | 'idNumber' | 'relation'> {
  return {
    laborCapacity: m.laborCapacity as MemberInput['laborCapacity'],
    disability: m.disabilityGrade ? { grade: m.disabilityGrade, kind: m.disabilityKind as NonNullable<MemberInput['disability']>['kind'], certGeneration: m.disabilityCertGeneration ?? 2 } : null,
    illnesses: m.illnesses, schooling: m.schooling as MemberInput['schooling'], boarding: m.boarding, employed: m.employed,
    monthlyIncomeYuan: fenToYuan(m.monthlyIncomeFen), selfCare: m.selfCare as MemberInput['selfCare'], supporter: m.supporter as MemberInput['supporter'],
  };
}

/** The registry input for a ledger household: what the ledger says, and for what it does not say, what is stored. */
function mergedInput(l: LedgerHousehold, before: Snapshot | null): ReturnType<typeof householdInput.safeParse> {
  const h = before?.household;
  const stored = new Map(before?.members.map((m) => [m.idNumber, m]));
  return householdInput.safeParse({
    areaCode: l.areaCode, ledgerKey: l.ledgerKey, hukou: l.hukou,
    singleParent: h?.singleParent ?? false, registeredPoor: l.registeredPoor ?? h?.registeredPoor ?? false,
    financialAssetsYuan: h ? fenToYuan(h.financialAssetsFen) : 0, vehicles: h?.vehicles ?? 0, businessRegistered: h?.businessRegistered ?? false,
    rigidExpensesYuan: h ? fenToYuan(h.rigidExpensesFen) : 0, previousYearIncomeYuan: h?.previousYearIncomeFen == null ? null : fenToYuan(h.previousYearIncomeFen),
    address: h?.address ?? null,
    members: l.members.map((m) => {
      const old = stored.get(m.idNumber);
      const fields = { ...m.fields };
      // The template has no certificate-generation column: a new disability is taken as second
      // generation (validate.ts), a stored one keeps the generation on record.
      if (fields.disability && old?.disabilityGrade && old.disabilityCertGeneration) fields.disability = { ...fields.disability, certGeneration: old.disabilityCertGeneration };
      return { ...(old ? storedMember(old) : {}), ...fields, name: m.name, idNumber: m.idNumber, relation: m.relation };
    }),
  });
}

/** Checks a ledger against the registry without writing anything: the report the UI shows before "confirm". */
export function validateLedger(db: Db, source: Source, fileName: string, opts: Omit<ImportOptions, 'dryRun'> = { actor: 'check' }): Promise<ImportResult> {
  return importLedger(db, source, fileName, { ...opts, dryRun: true });
}

/**
 * Reads, validates and (unless `dryRun`, or on any error) writes a ledger. `source` is a path or
 * the file's bytes; `fileName` decides the kind (.xlsx/.csv) and names the import in the history.
 */
export async function importLedger(db: Db, source: Source, fileName: string, opts: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { rows: 0, households: 0, persons: 0, created: 0, updated: 0, imported: false, errors: [] };
  let parsed: ParsedLedger;
  try {
    opts.onProgress?.(0, 'reading');
    parsed = await readLedger(source, fileName, (n) => opts.onProgress?.(n, 'reading'));
  } catch (e) {
    if (!(e instanceof LedgerFileError)) throw e;
    result.errors.push({ row: 0, column: '', message: e.message });
    return result;
  }
  result.rows = parsed.rows;
  if (parsed.rows === 0) {
    result.errors.push({ row: parsed.headerRow + 1, column: '', message: '表头下面没有数据行' });
    return result;
  }
  result.households = parsed.households.length;
  result.persons = parsed.households.reduce((s, h) => s + h.members.length, 0);
  const errors = (result.errors = parsed.errors);
  const column = (c: '行政区划代码' | '身份证号' | '户编号') => parsed.headers.get(c) ?? c;
  opts.onProgress?.(parsed.rows, 'checking');

  // A household in a village outside the user's scope is refused on its own row, and nothing else
  // is looked up for it: the answer is the same whether or not its key or people exist elsewhere.
  const scope = opts.scope;
  const inScope = (areaCode: string) => !scope || isWithin(areaCode, scope);
  const ledger = parsed.households.filter((h) => {
    if (!h.areaCode || inScope(h.areaCode)) return true;
    errors.push({ row: h.areaRow, column: column('行政区划代码'), message: `村（社区）${h.areaCode} 不在您的管辖范围内` });
    return false;
  });

  // The stored households these ledger keys name, county by county (户编号 is unique in a county).
  const existing = new Map<string, typeof households.$inferSelect>();
  const byCounty = new Map<string, string[]>();
  for (const h of ledger) {
    if (!h.areaCode) continue;
    const county = h.areaCode.slice(0, 6);
    let keys = byCounty.get(county);
    if (!keys) byCounty.set(county, (keys = []));
    keys.push(h.ledgerKey);
  }
  for (const [county, keys] of byCounty) {
    for (let i = 0; i < keys.length; i += 5000) {
      const rows = await db.select().from(households).where(and(sql`substr(${households.areaCode}, 1, 6) = ${county}`, inArray(households.ledgerKey, keys.slice(i, i + 5000))));
      for (const r of rows) existing.set(`${county}:${r.ledgerKey}`, r);
    }
  }
  // Only households inside the scope are matched; a key held outside it is refused without saying
  // by whom, where, or whether that household is active or closed.
  const snapshots = await loadSnapshots(db, [...existing.values()].filter((h) => h.status === 'active' && inScope(h.areaCode)).map((h) => h.id));

  const plans: Plan[] = [];
  const now = new Date();
  for (const l of ledger) {
    if (!l.areaCode || l.members.length === 0) continue;
    const stored = existing.get(`${l.areaCode.slice(0, 6)}:${l.ledgerKey}`);
    if (stored && !inScope(stored.areaCode)) {
      errors.push({ row: l.members[0].row, column: column('户编号'), message: `户编号 ${l.ledgerKey} 已被使用，请核对；新家庭请使用新的户编号` });
      continue;
    }
    if (stored && stored.status !== 'active') {
      errors.push({ row: l.members[0].row, column: column('户编号'), message: `户编号 ${l.ledgerKey} 对应的家庭档案已注销（${stored.closedReason ?? ''}），请使用新的户编号` });
      continue;
    }
    const before = stored ? snapshots.get(stored.id) ?? null : null;
    const merged = mergedInput(l, before);
    if (!merged.success) {
      // The cells were checked one by one; this catches what only the registry's schema knows.
      const issue = merged.error.issues[0];
      const at = issue.path[0] === 'members' && typeof issue.path[1] === 'number' ? l.members[issue.path[1]] : l.members[0];
      errors.push({ row: at.row, column: '', message: `${issue.message}（${issue.path.join('.')}）` });
      continue;
    }
    const input = merged.data;
    if (checkHousehold(input, before).length) continue; // one head and unique people were already reported per row
    plans.push(planHousehold(before, input, now));
  }
  const rowOf = new Map(ledger.flatMap((h) => h.members.map((m) => [m.idNumber, m.row] as const)));
  const elsewhere = await findActiveElsewhere(db, plans.flatMap((p) => [...p.insertMembers, ...p.updateMembers].map((m) => ({ idNumber: m.idNumber, householdId: p.householdId }))));
  // A person moving between two households of this same file is not "elsewhere".
  const inFile = new Set(plans.map((p) => p.householdId));
  for (const [idNumber, householdId] of elsewhere) {
    if (inFile.has(householdId) && plans.some((p) => p.householdId === householdId && p.removeMembers.some((m) => m.idNumber === idNumber))) continue;
    errors.push({ row: rowOf.get(idNumber) ?? 0, column: column('身份证号'), message: '该身份证号已在其他有效家庭中登记（一人只能属于一个有效家庭），请核对' });
  }
  errors.sort((a, b) => a.row - b.row);

  result.created = plans.filter((p) => p.created).length;
  result.updated = plans.filter((p) => !p.created && !isNoop(p)).length;
  if (errors.length || opts.dryRun) {
    if (errors.length) { result.created = 0; result.updated = 0; }
    return result;
  }

  opts.onProgress?.(parsed.rows, 'writing');
  const ids = (created: boolean) => plans.filter((p) => p.created === created && !isNoop(p)).map((p) => p.householdId);
  await db.transaction(async (tx) => {
    // The area tree of the counties touched, so the UI can name their villages (already there: skipped).
    for (const county of byCounty.keys()) await seedAreas(tx, county);
    await writePlans(tx, plans, opts.actor, 'import', `台账导入：${fileName}`);
    await appendAudit(tx, { actor: opts.actor, action: 'ledger.import', target: fileName, areaCode: opts.scope ?? null,
      detail: { rows: result.rows, households: result.households, created: result.created, updated: result.updated, createdIds: ids(true), updatedIds: ids(false) } });
  });
  result.imported = true;
  // The planner's statistics after the commit (PGlite has no autovacuum): searches right after a big
  // first import would otherwise be planned for empty tables. The import stands even if this fails;
  // the server's scheduled refresh catches up.
  await refreshStatistics(db).catch(() => undefined);
  opts.onProgress?.(parsed.rows, 'done');
  return result;
}

