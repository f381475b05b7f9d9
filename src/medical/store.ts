/**
 * Settling medical-assistance settlements (../shared/contract/MEDICAL.md): `settle(db, rows, opts)`
 * takes checked settlement rows (read.ts — a whole file, or one settlement a hospital's system sends),
 * skips a 结算编号 already settled with the same values, refuses one settled with other values, and
 * computes every new one in order of 结算日期 then 结算编号 against what the same person already
 * received in that calendar year (rules.ts). All or nothing: any error row and nothing is written.
 * Otherwise the settlements, with their figures, reasons and what is owed to whom, and the file's
 * record (who, when, SHA-256; the file kept under the data directory) are written in one transaction
 * with the audit entry. Settlements are serialised by a transaction lock, so two hospitals settling the
 * same person at once cannot both use the same room under the cap.
 *
 * Interface for the hospital route, the payroll line and statements:
 *   settle(db, rows, { policy, actor, channel: 'hospital', county }) → SettleResult (one row: errors or settlements[0])
 *   medical_settlements (schema.ts): method 一站式 with paymentStatus 'hospital'; 个人垫付 with 'owed' | 'waitingAccount'
 *   yearAssisted(db, idNumbers, year) — each person's computed and recorded assistance in the year (for the cap left)
 *   checkSettlementValues (read.ts) — checks one settlement's values by column name, for a JSON body
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { policyVersions } from '../policy/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { fenToYuan } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { canonicalJson } from '../payments/amounts.ts';
import type { PolicySource } from '../payments/policySource.ts';
import type { Reason } from '../policy/context.ts';
import { PolicyError, resolvePack, type PolicyPack, type ResolvedPack } from '../policy/pack.ts';
import type { MemberRow } from '../registry/plan.ts';
import { keepFile } from '../verification/feeds.ts';
import type { RowError } from '../verification/sources.ts';
import { countyOf, entitlementAccount, FactsBuilder, householdNo, peopleByIdNumber, type RegistryHousehold } from './facts.ts';
import type { Assessment, CategoryOrNone, SettlementRow } from './model.ts';
import { assess, chooseCategory, diseaseCode } from './rules.ts';
import { medicalFiles, medicalSettlements } from './schema.ts';

/** One computed settlement as the contract prints it (yuan). */
export interface SettlementResult {
  settlementNo: string;
  householdNo: string | null;
  category: CategoryOrNone;
  ratio: number;
  baseYuan: number;
  assistanceYuan: number;
  topUpYuan: number;
  recordedYuan: number;
  yearAssistedYuan: number;
  capRemainingYuan: number;
  reasons: Reason[];
}

export interface SettleResult {
  rows: number;
  settled: number;
  skipped: number;
  errors: RowError[];
  totalAssistanceYuan: number;
  totalTopUpYuan: number;
  settlements: SettlementResult[];
}

export interface SettleOptions {
  policy: PolicySource;
  actor: string;
  /** file: `doudi medical settle` or an upload; hospital: one settlement from a hospital's system. */
  channel: 'file' | 'hospital';
  /** The caller's county (6 digits): its pack computes persons outside the registry; '' or absent for the whole database. */
  county?: string;
  dryRun?: boolean;
  /** The file the rows came from, kept under `dir` by its SHA-256 (not for the hospital channel). */
  file?: { path: string; fileName: string; sha256: string; bytes: number; dir: string };
  /** The number of data rows read (errors of reading included), for the result's `rows`; default rows.length. */
  rowCount?: number;
  /** Errors found while reading: with any, nothing is settled. */
  readErrors?: RowError[];
}

/** Where settlement files are kept: DOUDI_MEDICAL_DIR, else `medical` in the data directory (./data for PostgreSQL or an in-memory database). */
export function medicalDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOUDI_MEDICAL_DIR) return env.DOUDI_MEDICAL_DIR;
  const data = env.DOUDI_DATA && !env.DOUDI_DATA.startsWith('memory://') ? env.DOUDI_DATA : './data';
  return join(data, 'medical');
}

/** The values of a settlement as sent (not the row number): equal hashes are the same settlement. */
export function inputHash(r: SettlementRow): string {
  const { row: _row, disease: _disease, ...values } = r;
  return createHash('sha256').update(canonicalJson(values)).digest('hex');
}

const yuan = fenToYuan;
/** Sums of fen as yuan without float noise. */
const sumYuan = (fens: number[]) => fenToYuan(fens.reduce((a, b) => a + b, 0));

function empty(rows: number, errors: RowError[], skipped = 0): SettleResult {
  return { rows, settled: 0, skipped, errors, totalAssistanceYuan: 0, totalTopUpYuan: 0, settlements: [] };
}

/** Packs by county, resolved once per date. */
class Packs {
  private resolved = new Map<PolicyPack, Map<string, ResolvedPack>>();
  private fallback: string | null | undefined;
  constructor(private readonly db: Db, private readonly policy: PolicySource, private readonly county: string) {}

  async load(county: string): Promise<PolicyPack> {
    return (await this.policy.forCounty(county)).pack;
  }

  /** The pack for a person outside the registry: the caller's county's, else the county of the ID number's first six digits, else the only county with a published pack. */
  async outsider(idNumber: string): Promise<string> {
    if (this.county) { await this.load(this.county); return this.county; }
    try { await this.load(idNumber.slice(0, 6)); return idNumber.slice(0, 6); } catch (e) { if (!(e instanceof AppError)) throw e; }
    if (this.fallback === undefined) {
      const rows = await this.db.selectDistinct({ j: policyVersions.jurisdiction }).from(policyVersions);
      const counties = rows.map((r) => r.j).filter((j) => j.length === 6);
      this.fallback = counties.length === 1 ? counties[0] : null;
    }
    if (this.fallback === null) throw new AppError('NO_POLICY', `身份证号 ${idNumber.slice(0, 6)}… 的人员不在本平台登记，无法确定适用的政策包：请用 --policy 指定政策包文件`, 'policy', 409);
    await this.load(this.fallback);
    return this.fallback;
  }

  on(county: string, date: string): ResolvedPack {
    const pack = this.policy.loaded(county).pack;
    let byDate = this.resolved.get(pack);
    if (!byDate) this.resolved.set(pack, (byDate = new Map()));
    let r = byDate.get(date);
    if (!r) {
      try { r = resolvePack(pack, date); } catch (e) { if (e instanceof PolicyError) throw new AppError('INVALID_POLICY', `政策包无效：${e.message}`, 'policy'); throw e; }
      byDate.set(date, r);
    }
    return r;
  }
}

type Person = { member: MemberRow; household: RegistryHousehold };

interface Planned {
  row: SettlementRow;
  county: string;
  person: Person | null;
  hash: string;
}

export async function settle(db: Db, rows: SettlementRow[], opts: SettleOptions): Promise<SettleResult> {
  const rowCount = opts.rowCount ?? rows.length;
  if (opts.readErrors?.length) return empty(rowCount, opts.readErrors);
  // The registry and the packs are read first, outside the transaction (PGlite has one connection,
  // which the transaction holds); the settlements themselves are read and written under the lock.
  const people = await peopleByIdNumber(db, rows.map((r) => r.idNumber));
  const packs = new Packs(db, opts.policy, opts.county ?? '');
  const counties = new Map<string, string>();
  for (const r of rows) {
    if (counties.has(r.idNumber)) continue;
    const person = people.get(r.idNumber);
    const county = person ? countyOf(person.household) : await packs.outsider(r.idNumber);
    if (person) await packs.load(county);
    counties.set(r.idNumber, county);
  }
  const prepared = { people, packs, counties };
  if (opts.dryRun) return compute(db, rows, opts, rowCount, prepared);
  return db.transaction(async (tx) => {
    // One settlement run at a time: each reads the person's year so far and adds to it.
    await tx.execute(sql`select pg_advisory_xact_lock(7319)`);
    return compute(tx as unknown as Db, rows, opts, rowCount, prepared);
  });
}

interface Prepared {
  people: Map<string, Person>;
  packs: Packs;
  counties: Map<string, string>;
}

async function compute(db: Db, rows: SettlementRow[], opts: SettleOptions, rowCount: number, { people, packs, counties }: Prepared): Promise<SettleResult> {
  const errors: RowError[] = [];
  // 结算编号 twice in the input: the same values are one settlement, other values an error.
  const firstByNo = new Map<string, SettlementRow>();
  const fresh: SettlementRow[] = [];
  let skipped = 0;
  for (const r of rows) {
    const seen = firstByNo.get(r.settlementNo);
    if (!seen) { firstByNo.set(r.settlementNo, r); fresh.push(r); continue; }
    if (inputHash(seen) === inputHash(r)) skipped++;
    else errors.push({ row: r.row, column: '结算编号', message: `结算编号 ${r.settlementNo} 在文件中重复（第 ${seen.row} 行），且数值不同` });
  }
  const nos = fresh.map((r) => r.settlementNo);
  const existing = new Map<string, string>();
  for (let i = 0; i < nos.length; i += 1000) {
    for (const e of await db.select({ no: medicalSettlements.settlementNo, hash: medicalSettlements.inputHash }).from(medicalSettlements).where(inArray(medicalSettlements.settlementNo, nos.slice(i, i + 1000)))) existing.set(e.no, e.hash);
  }
  const todo: SettlementRow[] = [];
  for (const r of fresh) {
    const had = existing.get(r.settlementNo);
    if (had === undefined) todo.push(r);
    else if (had === inputHash(r)) skipped++;
    else errors.push({ row: r.row, column: '结算编号', message: `结算编号 ${r.settlementNo} 已结算，本次数值与已结算的不同（更正结算不在本功能范围内）` });
  }

  const planned: Planned[] = [];
  for (const r of todo) {
    const person = people.get(r.idNumber) ?? null;
    const county = counties.get(r.idNumber)!;
    const code = diseaseCode(packs.on(county, r.date), r.diseaseRaw);
    if (code === undefined) { errors.push({ row: r.row, column: '病种', message: `病种“${r.diseaseRaw}”不是政策包的病种代码，也不在 medical.diseaseCodes 的对照中` }); continue; }
    planned.push({ row: { ...r, disease: code }, county, person, hash: inputHash(r) });
  }
  if (errors.length) return empty(rowCount, errors.sort((a, b) => a.row - b.row), skipped);

  planned.sort((a, b) => a.row.date.localeCompare(b.row.date) || a.row.settlementNo.localeCompare(b.row.settlementNo));
  const used = await usedSoFar(db, planned.map((p) => p.row));
  const facts = new FactsBuilder((county, date) => packs.on(county, date));
  const results: { p: Planned; a: Assessment }[] = [];
  for (const p of planned) {
    const pack = packs.on(p.county, p.row.date);
    const f = p.person ? facts.facts(p.person.household, p.person.member, p.row.date) : null;
    const key = `${p.row.idNumber}|${p.row.date.slice(0, 4)}`;
    const a = assess(pack, p.row, chooseCategory(pack, f, p.row.date, p.row.disease), f, used.get(key) ?? 0);
    used.set(key, a.yearAssistedFen);
    results.push({ p, a });
  }
  const out: SettleResult = {
    rows: rowCount, settled: results.length, skipped, errors: [],
    totalAssistanceYuan: sumYuan(results.map((r) => r.a.assistanceFen)),
    totalTopUpYuan: sumYuan(results.map((r) => r.a.topUpFen)),
    settlements: results.map(({ p, a }) => ({
      settlementNo: p.row.settlementNo, householdNo: p.person ? householdNo(p.person.household) : null, category: a.category, ratio: a.ratio,
      baseYuan: yuan(a.baseFen), assistanceYuan: yuan(a.assistanceFen), topUpYuan: yuan(a.topUpFen), recordedYuan: yuan(a.recordedFen),
      yearAssistedYuan: yuan(a.yearAssistedFen), capRemainingYuan: yuan(a.capRemainingFen), reasons: a.reasons,
    })),
  };
  if (opts.dryRun || (results.length === 0 && opts.file && await fileKnown(db, opts.file.sha256))) return out;

  let fileId: number | null = null;
  if (opts.file) {
    const [f] = await db.insert(medicalFiles).values({ sha256: opts.file.sha256, fileName: opts.file.fileName, bytes: opts.file.bytes, areaCode: opts.county ?? '',
      loadedBy: opts.actor, rows: rowCount, settled: results.length, skipped, policy: opts.policy.used() }).returning({ id: medicalFiles.id });
    fileId = f.id;
  }
  const values: SettlementRecord[] = results.map(({ p, a }) => ({
    settlement_no: p.row.settlementNo, file_id: fileId, channel: opts.channel, id_number: p.row.idNumber, name: p.row.name,
    member_id: p.person?.member.id ?? null, household_id: p.person?.household.row.id ?? null, area_code: p.person?.household.row.areaCode ?? null,
    visit_type: p.row.visitType, hospital_level: p.row.hospitalLevel, hospital_name: p.row.hospitalName, settled_on: p.row.date, year: Number(p.row.date.slice(0, 4)),
    total_fen: p.row.totalFen, policy_fen: p.row.policyFen, basic_fen: p.row.basicFen, serious_fen: p.row.seriousFen, recorded_fen: p.row.recordedFen,
    disease: p.row.disease, disease_raw: p.row.diseaseRaw, method: p.row.method, bank: p.row.bank,
    category: a.category, ratio: a.ratio, base_fen: a.baseFen, assistance_fen: a.assistanceFen, top_up_fen: a.topUpFen,
    year_assisted_fen: a.yearAssistedFen, cap_remaining_fen: a.capRemainingFen, reasons: a.reasons,
    payment_status: paymentStatus(p, a), input_hash: p.hash, created_by: opts.actor,
  }));
  await insertSettlements(db, values, opts.policy.used());
  if (opts.file) await keepFile(opts.file.path, opts.file.dir, opts.file.sha256);
  const areas = [...new Set(results.map((r) => r.p.person?.household.row.areaCode.slice(0, 6)).filter(Boolean))];
  await appendAudit(db, { actor: opts.actor, action: 'medical.settle', target: fileId !== null ? `medical-file:${fileId}` : `medical-settlement:${results[0]?.p.row.settlementNo ?? ''}`,
    areaCode: opts.county || (areas.length === 1 ? areas[0]! : null),
    detail: { channel: opts.channel, ...(opts.file ? { sha256: opts.file.sha256, fileName: opts.file.fileName } : {}), rows: rowCount, settled: results.length, skipped,
      totalAssistanceYuan: out.totalAssistanceYuan, totalTopUpYuan: out.totalTopUpYuan, settlementNos: results.slice(0, 50).map((r) => r.p.row.settlementNo) } });
  return out;
}

/** A row of medical_settlements as written (column names; policy and the defaults added by insertSettlements). */
type SettlementRecord = Record<(typeof SETTLEMENT_COLUMNS)[number][0], unknown>;

/** The columns written and their types, in the table's terms (schema.ts). */
const SETTLEMENT_COLUMNS = [
  ['settlement_no', 'text'], ['file_id', 'integer'], ['channel', 'text'], ['id_number', 'text'], ['name', 'text'], ['member_id', 'text'], ['household_id', 'text'],
  ['area_code', 'text'], ['visit_type', 'text'], ['hospital_level', 'text'], ['hospital_name', 'text'], ['settled_on', 'date'], ['year', 'smallint'],
  ['total_fen', 'bigint'], ['policy_fen', 'bigint'], ['basic_fen', 'bigint'], ['serious_fen', 'bigint'], ['recorded_fen', 'bigint'], ['disease', 'text'],
  ['disease_raw', 'text'], ['method', 'text'], ['bank', 'jsonb'], ['category', 'text'], ['ratio', 'double precision'], ['base_fen', 'bigint'],
  ['assistance_fen', 'bigint'], ['top_up_fen', 'bigint'], ['year_assisted_fen', 'bigint'], ['cap_remaining_fen', 'bigint'], ['reasons', 'jsonb'],
  ['payment_status', 'text'], ['input_hash', 'text'], ['created_by', 'text'],
] as const;

/**
 * Writes settlements a batch at a time, each batch one JSON parameter read back by jsonb_to_recordset,
 * with the policy once per batch: building a statement of 34 parameters per row through the query
 * builder cost more than the database's work (half of settling 5,000 rows in bench/medical.bench.ts).
 */
async function insertSettlements(db: Db, values: SettlementRecord[], policy: Record<string, unknown>): Promise<void> {
  const names = sql.raw(SETTLEMENT_COLUMNS.map(([c]) => c).join(', '));
  const types = sql.raw(SETTLEMENT_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', '));
  for (let i = 0; i < values.length; i += 2000) {
    await db.execute(sql`insert into ${medicalSettlements} (${names}, policy)
      select ${names}, ${JSON.stringify(policy)}::jsonb from jsonb_to_recordset(${JSON.stringify(values.slice(i, i + 2000))}::jsonb) as x(${types})`);
  }
}

async function fileKnown(db: Db, sha256: string): Promise<boolean> {
  const [f] = await db.select({ id: medicalFiles.id }).from(medicalFiles).where(sql`${medicalFiles.sha256} = ${sha256}`).limit(1);
  return !!f;
}

/** Each person's computed and recorded assistance in a calendar year (top-ups excluded), by ID number: what counts against the cap. */
export async function yearAssisted(db: Db, idNumbers: string[], year: number): Promise<Map<string, number>> {
  const sums = await usedSoFar(db, idNumbers.map((idNumber) => ({ idNumber, date: `${year}-01-01` }) as SettlementRow));
  return new Map([...sums].map(([key, fen]) => [key.split('|')[0], fen]));
}

/** Each person's computed and recorded assistance already settled, by ID number and calendar year. */
async function usedSoFar(db: Db, rows: SettlementRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(rows.map((r) => r.idNumber))];
  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))];
  for (let i = 0; i < ids.length; i += 1000) {
    const sums = await db.select({ idNumber: medicalSettlements.idNumber, year: medicalSettlements.year, fen: sql<string>`sum(${medicalSettlements.assistanceFen} + ${medicalSettlements.recordedFen})` })
      .from(medicalSettlements).where(sql`${inArray(medicalSettlements.idNumber, ids.slice(i, i + 1000))} and ${inArray(medicalSettlements.year, years)}`)
      .groupBy(medicalSettlements.idNumber, medicalSettlements.year);
    for (const s of sums) out.set(`${s.idNumber}|${s.year}`, Number(s.fen));
  }
  return out;
}

/** Who is owed the money: the hospital (一站式), the patient's account (个人垫付: the household's entitlement account, else the file's), or nobody yet. */
function paymentStatus(p: Planned, a: Assessment): string {
  if (a.assistanceFen + a.topUpFen <= 0) return 'none';
  if (p.row.method === '一站式') return 'hospital';
  const account = (p.person && entitlementAccount(p.person.household)) ?? p.row.bank;
  return account ? 'owed' : 'waitingAccount';
}
