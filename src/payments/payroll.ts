/**
 * The monthly payroll (../shared/contract/PAYROLL.md `doudi payroll run` and `approve`).
 *
 * `runPayroll` prepares month M for an area: a regular line per entitlement active in M paying > 0;
 * back-payment lines for earlier approved months where the amount now computed exceeds what was paid
 * (a back-dated standard rise); re-payment lines for lines the bank returned as failed; recoveries (追回)
 * where less is now computed than was paid — proposed as their own records, never deducted. It is
 * idempotent: the lines wanted are computed first and only differences are written, so running it again
 * on the same inputs writes nothing. An approved month cannot be re-run.
 *
 * `approvePayroll` is the two-person rule: an active county user whose scope covers every line, who did
 * not prepare it through the UI (the command line prepares as operator `cli`). Approval locks the payroll
 * and stores the SHA-256 of each line's canonical content, and a digest of all of them, so `verifyPayroll`
 * finds a line edited, added or removed afterwards. A household is never paid twice for the same program,
 * month and kind: (household, program, period, kind) is a unique index of payroll_lines.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, withSetting, type Db } from '../db/connection.ts';
import { auditLog, users } from '../auth/schema.ts';
import { entitlements, entitlementSnapshots, payrollLines, payrolls, recoveries } from './schema.ts';
import { households, members } from '../registry/schema.ts';
import { appendAudit } from '../auth/audit.ts';
import { SCOPE_LENGTH, type Role } from '../auth/roles.ts';
import { AppError } from '../errors.ts';
import { fenToYuan } from '../domain/money.ts';
import { forEachInBatches } from '../policy/yielding.ts';
import { AmountCalculator, lineHash, sha256 } from './amounts.ts';
import type { BankAccount, Program } from './entitlements.ts';
import { addMonth, currentMonth, isMonth } from './months.ts';
import { shaUsed, type PolicySource } from './policySource.ts';
import { markMedicalPaid, medicalPayrollLines } from '../medical/payroll.ts';
import { oneOffLines } from './oneOff.ts';
import { amountParts, carePayees, personPart, type AmountPart, type PayeeKind } from '../tekun/payroll.ts';
import { disasterPayrollLines, emergencyPayrollLines, markDisasterPaid } from '../disaster/payroll.ts';
import { employmentPayrollLines } from '../employment/payroll.ts';
import { dateInChina } from '../domain/dates.ts';

export type LineKind = 'regular' | 'back' | 'repay';
export const KIND_LABELS: Record<LineKind, string> = { regular: '正常发放', back: '补发', repay: '重发' };

export interface RecoveryItem { id: string; householdNo: string; householdId: string; program: string; period: string; paidYuan: number; computedYuan: number; recoveryYuan: number; status: string }
export interface ReviewItem { householdNo: string; householdId: string; program: string; month: string; reason: string }
export interface RunResult {
  month: string; status: 'prepared'; households: number; lines: number; totalYuan: number;
  byProgram: Record<string, number>; backPayYuan: number; recoveries: RecoveryItem[]; needsReview: ReviewItem[];
}

export interface Preparer { username: string; via: 'cli' | 'ui' }

const CHUNK = 1000;
const LINE_BATCH = 5000;
const SNAPSHOT_PAGE = 20_000;
/** A timestamp in whole milliseconds since the epoch, as a Date the driver made of it would give (its microseconds cut off). */
const epochMs = (t: SQL) => sql`round(extract(epoch from date_trunc('milliseconds', ${t})) * 1000)::float8`;
const LINE_COLUMNS = [['payroll_id', 'text'], ['entitlement_id', 'text'], ['household_id', 'text'], ['area_code', 'text'], ['program', 'text'], ['period', 'text'],
  ['kind', 'text'], ['part', 'text'], ['payee_kind', 'text'], ['amount_fen', 'bigint'], ['payee', 'jsonb'], ['detail', 'jsonb']] as const;
const lineRecord = (l: typeof payrollLines.$inferInsert) => ({ payroll_id: l.payrollId, entitlement_id: l.entitlementId ?? null, household_id: l.householdId, area_code: l.areaCode,
  program: l.program, period: l.period, kind: l.kind, part: l.part ?? '', payee_kind: l.payeeKind ?? 'person', amount_fen: l.amountFen, payee: l.payee, detail: l.detail });
/** Lines as a set of rows `x` (with their position, `ordinality`) from one JSON parameter. */
const lineRecords = (ls: (typeof payrollLines.$inferInsert)[]) =>
  sql`rows from (jsonb_to_recordset(${JSON.stringify(ls.map(lineRecord))}::jsonb) as (${sql.raw(LINE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', '))})) with ordinality as x`;
const key = (h: string, p: string, period: string, kind: string, part = '') => `${h}|${p}|${period}|${kind}|${part}`;
const hp = (h: string, p: string) => `${h}|${p}`;

function checkMonthArg(month: string) {
  if (!isMonth(month)) throw new AppError('INVALID_MONTH', '月份应为 YYYY-MM 格式，如 2021-12', 'month');
}
function checkArea(area: string) {
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/.test(area)) throw new AppError('INVALID_AREA', '区划代码应为 2、4、6、9 或 12 位数字', 'area');
}

interface WantedLine {
  /** null for a 医疗救助 line paid into the account a settlement file gave (src/medical/payroll.ts), or a 就业救助 line paid into the account its record gave (src/employment/payroll.ts). */
  entitlementId: string | null; householdId: string; areaCode: string; program: string; period: string; kind: LineKind;
  amountFen: number; payee: Record<string, unknown>; detail: Record<string, unknown>;
  /** '' the whole amount; 'basic' / 'care:<member>' a 特困 amount split by payee (src/tekun/payroll.ts). */
  part: string; payeeKind: PayeeKind;
}

/** Two payrolls of one month must not cover the same households: areas that are prefixes of each other overlap. */
const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

async function payrollsOfMonth(db: Db, month: string) {
  return db.select().from(payrolls).where(eq(payrolls.month, month));
}

/** The payroll of a month for an area; without an area, the only one of that month inside `scope`. */
export async function findPayroll(db: Db, month: string, area: string | undefined, scope = '') {
  checkMonthArg(month);
  if (area !== undefined) checkArea(area);
  const rows = (await payrollsOfMonth(db, month)).filter((p) => (area !== undefined ? p.areaCode === area : p.areaCode.startsWith(scope) || scope.startsWith(p.areaCode)));
  if (rows.length === 0) throw new AppError('NOT_FOUND', `${month} 没有发放名册${area ? `（区划 ${area}）` : ''}，请先生成`, 'month', 404);
  if (rows.length > 1) throw new AppError('AMBIGUOUS', `${month} 有多个区划的发放名册（${rows.map((r) => r.areaCode).join('、')}），请指定区划`, 'area');
  return rows[0];
}

/**
 * The latest month the web UI may prepare: next month (China time). A payroll for a month further ahead
 * would block every earlier month (months go in order) until someone withdrew it.
 */
export const latestPreparableMonth = (now = new Date()) => addMonth(currentMonth(now), 1);

/** The options of one run: the month and area to prepare, the packs to compute with, who prepares. */
interface RunOptions { month: string; area: string; policy: PolicySource; by: Preparer; notAfter?: string }

/**
 * Prepares month M for an area, in its steps: may it be prepared → entitlements in force → amounts → the
 * lines each source wants (regular, back-payments and recoveries, re-payments) → lines written.
 */
export async function runPayroll(db: Db, opts: RunOptions): Promise<RunResult> {
  const { month, area } = opts;
  const existing = await checkPreparable(db, opts);
  // One read at a time, so a run holds one pooled connection.
  const { approved, ents } = await entitlementsInForce(db, month, area);
  const snaps = await snapshotsOf(db, area);
  const carePayeeOf = await carePayees(db, [...new Set(ents.filter((e) => e.program === '特困').map((e) => e.householdId))]);
  const run: PayrollRun = {
    db, opts, existing, approved, ents, ledgerKeyOf: new Map(ents.map((e) => [e.householdId, e.ledgerKey ?? e.householdId])),
    amounts: await amountsOf(snaps, ents, opts.policy), carePayeeOf,
    wanted: new Map(), needsReview: [],
    recoveries: { found: [], proposedNow: new Map(), recomputed: new Set() },
  };
  for (const addLines of LINE_SOURCES) await addLines(run);
  run.needsReview.sort((a, b) => a.householdNo.localeCompare(b.householdNo) || a.program.localeCompare(b.program) || a.month.localeCompare(b.month));
  return writeLines(run);
}

/** Whether month M may be prepared for the area: the arguments, no approved or overlapping payroll, months in order. Returns the area's payroll of M, if any. */
async function checkPreparable(db: Db, opts: RunOptions) {
  const { month, area } = opts;
  checkMonthArg(month);
  checkArea(area);
  if (opts.notAfter !== undefined && month > opts.notAfter) {
    throw new AppError('MONTH_TOO_LATE', `只能生成 ${opts.notAfter} 及以前月份的发放名册（最晚到下个月），${month} 太远`, 'month');
  }
  const sameMonth = await db.select({ id: payrolls.id, areaCode: payrolls.areaCode, status: payrolls.status, version: payrolls.version }).from(payrolls).where(eq(payrolls.month, month));
  const existing = sameMonth.find((p) => p.areaCode === area);
  if (existing?.status === 'approved') throw new AppError('PAYROLL_APPROVED', `${month} 的发放名册已审批锁定，不能重新生成；更正请在以后月份的补发中处理`, 'month', 409);
  const clash = sameMonth.find((p) => p.areaCode !== area && overlaps(p.areaCode, area));
  if (clash) throw new AppError('PAYROLL_OVERLAP', `${month} 已有区划 ${clash.areaCode || '全部'} 的发放名册，与 ${area || '全部'} 重叠`, 'area', 409);
  const others = await db.select({ month: payrolls.month, areaCode: payrolls.areaCode, status: payrolls.status }).from(payrolls).where(ne(payrolls.month, month));
  const later = others.find((p) => p.month > month && overlaps(p.areaCode, area));
  if (later) {
    throw new AppError('PAYROLL_LATER_EXISTS', later.status === 'prepared'
      ? `已有更晚月份 ${later.month} 的发放名册（待审批），不能再生成更早的 ${month}；如 ${later.month} 的名册是误生成的，请先撤回它（资金发放页面选择 ${later.month}，点“撤回名册”），再生成 ${month}`
      : `已有更晚月份 ${later.month} 的发放名册且已审批，不能再生成更早的 ${month}（已审批的名册不能撤回）`, 'month', 409);
  }
  const open = others.find((p) => p.month < month && p.status === 'prepared' && overlaps(p.areaCode, area));
  if (open) throw new AppError('PAYROLL_OPEN', `${open.month} 的发放名册尚未审批，请先审批后再生成 ${month}`, 'month', 409);
  return existing;
}

/**
 * Entitlements in force: the earlier approved payrolls overlapping the area (oldest first), and the area's
 * entitlements active in any month from the first of them to M, with their household's number and status
 * and the ID number of the account holder (the active member named on the account, else the head, else the
 * first; '' without one). Read as raw rows of only the columns used: a county's 10⁵ entitlements through the
 * query builder's per-field mapping, and their households' members to find each holder here, cost seconds.
 */
async function entitlementsInForce(db: Db, month: string, area: string) {
  const approved = (await db.select({ month: payrolls.month, areaCode: payrolls.areaCode, approvedAt: payrolls.approvedAt, policy: payrolls.policy }).from(payrolls).where(and(eq(payrolls.status, 'approved'), lt(payrolls.month, month))))
    .filter((p) => overlaps(p.areaCode, area)).sort((a, b) => a.month.localeCompare(b.month));
  const firstMonth = approved.length ? approved[0].month : month;
  // Without JIT compilation: the holder's subquery per entitlement makes the plan look costly enough for it, and compiling takes longer than the query.
  const ents = await withSetting(db, 'jit', 'off', (tx) => queryRows<InForce>(tx, sql`
      select e.id, e.household_id as "householdId", e.area_code as "areaCode", e.program, e.start_month as "startMonth", e.end_month as "endMonth", e.bank,
        ${epochMs(sql`e.created_at`)} as "createdAtMs", e.source->>'kind' as "sourceKind", h.ledger_key as "ledgerKey", h.status as "householdStatus",
        case when e.bank is not null then coalesce((select m.id_number from ${members} m where m.household_id = e.household_id and m.status = 'active'
          order by case when m.name = e.bank->>'accountName' then 0 when m.relation = 'head' then 1 else 2 end, m.position limit 1), '') end as "holderIdNumber"
      from ${entitlements} e join ${households} h on h.id = e.household_id
      where e.area_code like ${`${area}%`} and e.start_month <= ${month} and (e.end_month is null or e.end_month >= ${firstMonth})
      order by e.area_code, e.household_id, e.program, e.start_month`));
  return { approved, ents };
}

/** An entitlement in force, as entitlementsInForce reads it. */
interface InForce {
  id: string; householdId: string; areaCode: string; program: string; startMonth: string; endMonth: string | null; bank: BankAccount | null;
  /** When it was created, in milliseconds since the epoch. */
  createdAtMs: number;
  /** Its source's kind: case | roster. */
  sourceKind: string;
  ledgerKey: string | null; householdStatus: string;
  /** The account holder's ID number (null without an account). */
  holderIdNumber: string | null;
}
type ApprovedPayroll = Awaited<ReturnType<typeof entitlementsInForce>>['approved'][number];

/**
 * The household snapshots of the area's entitlements, oldest first, each as its JSON text (a household's entitlements
 * taken on one snapshot, asked one after another, have it parsed and evaluated once). Read SNAPSHOT_PAGE rows per statement in id order: a county's snapshots (about 120 MB of JSON at
 * 10⁵ households) in one statement come close to the statement timeout on a busy server. Raw rows, the times as
 * milliseconds: no per-field mapping of the query builder, no Date made of each.
 */
async function snapshotsOf(db: Db, area: string) {
  const all: Snapshot[] = [];
  for (let after = 0; ;) {
    const page = await queryRows<Snapshot>(db, sql`select s.id::float8 as id, s.entitlement_id as "entitlementId", s.from_month as "fromMonth", s.snapshot::text as snapshot,
        ${epochMs(sql`s.at`)} as "atMs"
      from ${entitlementSnapshots} s where s.area_code like ${`${area}%`} and s.id > ${after} order by s.id limit ${SNAPSHOT_PAGE}`);
    for (const r of page) all.push(r);
    if (page.length < SNAPSHOT_PAGE) break;
    after = page[page.length - 1].id;
  }
  return all.sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : a.fromMonth > b.fromMonth ? 1 : a.id - b.id));
}

/** A household snapshot as snapshotsOf reads it: its JSON text, and when it was taken in milliseconds since the epoch. */
interface Snapshot { id: number; entitlementId: string; fromMonth: string; snapshot: string; atMs: number }

/** Amounts: an entitlement's amount in a month, from the household snapshot in force then and the county's pack (loaded here, before the synchronous loops). */
async function amountsOf(snaps: Snapshot[], ents: InForce[], policy: PolicySource) {
  const snapsOf = new Map<string, Snapshot[]>();
  for (const s of snaps) { const l = snapsOf.get(s.entitlementId); if (l) l.push(s); else snapsOf.set(s.entitlementId, [s]); }
  for (const c of new Set(ents.map((e) => e.areaCode.slice(0, 6)))) await policy.forCounty(c);
  const calc = new AmountCalculator();
  return {
    amountFor: (e: InForce, m: string) => {
      const list = snapsOf.get(e.id) ?? [];
      let s: Snapshot | undefined;
      for (const x of list) if (x.fromMonth <= m) s = x;
      if (!s) return { ok: false as const, path: 'snapshot', message: '该月没有生效的家庭快照' };
      const p = policy.loaded(e.areaCode.slice(0, 6));
      return { ...calc.amountOfText(p.pack, m, s.snapshot, e.program as Program), snapshotId: s.id };
    },
    /** When the entitlement's household snapshot last changed (0 without one). */
    lastSnapAt: (id: string) => Math.max(0, ...(snapsOf.get(id) ?? []).map((s) => s.atMs)),
  };
}

/** The payee of an entitlement's account: the account and its holder's ID number (read with the entitlement). */
function payeeOf(e: InForce, bank: BankAccount) {
  return { bankName: bank.bankName, accountNo: bank.accountNo, accountName: bank.accountName, idNumber: e.holderIdNumber ?? '' };
}

interface ProposedRecovery { entitlementId: string; householdId: string; areaCode: string; program: string; period: string; amountFen: number; paidFen: number; computedFen: number }

/** What the steps of one run share: what was read, the lines wanted so far, what needs review, the recoveries decided. */
interface PayrollRun {
  db: Db;
  opts: RunOptions;
  /** The area's payroll of M as it was before this run (its version is checked when writing). */
  existing: Awaited<ReturnType<typeof checkPreparable>>;
  approved: ApprovedPayroll[];
  ents: InForce[];
  /** A household's number (its ledger key), by id. */
  ledgerKeyOf: Map<string, string>;
  amounts: Awaited<ReturnType<typeof amountsOf>>;
  /** Who receives a 特困 member's care part in a month (institution or carer). */
  carePayeeOf: Awaited<ReturnType<typeof carePayees>>;
  /** Lines wanted, by household, program, period and kind. */
  wanted: Map<string, WantedLine>;
  needsReview: ReviewItem[];
  recoveries: {
    /** The area's recoveries as stored. */
    found: (typeof recoveries.$inferSelect)[];
    /** Proposed by this run, by `${entitlementId}|${period}`. */
    proposedNow: Map<string, ProposedRecovery>;
    /** `${entitlementId}|${period}` whose proposed recovery this run decides. */
    recomputed: Set<string>;
  };
}

/**
 * The sources of a payroll's lines, in order: each adds the lines it wants to `run.wanted` (with `want`)
 * and what an officer must look at to `run.needsReview` (with `review`). A new kind of line is a new source.
 */
const LINE_SOURCES: ((run: PayrollRun) => Promise<void>)[] = [regularLines, backPaymentsAndRecoveries, repayments, medicalLines, oneOffPaymentLines, disasterLines, employmentLines];

/** One-off payments a decision ordered (临时救助 and its instalments, src/payments/oneOff.ts); those without an account go to review. */
async function oneOffPaymentLines(run: PayrollRun) {
  const { month, area } = run.opts;
  const due = await oneOffLines(run.db, { month, area, payrollId: run.existing?.id ?? null });
  for (const l of due.lines) want(run, { ...l, part: '', payeeKind: 'person' });
  run.needsReview.push(...due.waiting);
}

/** 受灾人员救助: due instalments of approved relief, and the emergency period's extra on 低保/特困 (src/disaster/payroll.ts). */
async function disasterLines(run: PayrollRun) {
  const { month, area } = run.opts;
  const payrollId = run.existing?.id ?? null;
  const relief = await disasterPayrollLines(run.db, { month, area, payrollId });
  for (const l of relief.lines) run.wanted.set(key(l.householdId, l.program, l.period, l.kind), { ...l, part: '', payeeKind: 'person' });
  run.needsReview.push(...relief.waiting);
  const current = [...run.wanted.values()].filter((l) => l.period === month && l.kind === 'regular');
  for (const l of await emergencyPayrollLines(run.db, { month, area, payrollId, current })) run.wanted.set(key(l.householdId, l.program, l.period, l.kind), { ...l, part: '', payeeKind: 'person' });
}

/** 就业救助: 公益性岗位 subsidies and the employment allowances owed (src/employment/payroll.ts); those without an account go to review. */
async function employmentLines(run: PayrollRun) {
  const { month, area, policy } = run.opts;
  const owed = await employmentPayrollLines(run.db, { month, area, payrollId: run.existing?.id ?? null, policy });
  for (const l of owed.lines) run.wanted.set(key(l.householdId, l.program, l.period, l.kind), { ...l, part: '', payeeKind: 'person' });
  run.needsReview.push(...owed.waiting);
}

/** 医疗救助: 个人垫付 assistance and top-ups owed to households (src/medical/payroll.ts); those without an account go to review. */
async function medicalLines(run: PayrollRun) {
  const { month, area } = run.opts;
  const medical = await medicalPayrollLines(run.db, { month, area, payrollId: run.existing?.id ?? null });
  for (const l of medical.lines) run.wanted.set(key(l.householdId, l.program, l.period, l.kind), { ...l, part: '', payeeKind: 'person' });
  run.needsReview.push(...medical.waiting);
}

function review(run: PayrollRun, householdId: string, program: string, m: string, reason: string) {
  run.needsReview.push({ householdNo: run.ledgerKeyOf.get(householdId) ?? householdId, householdId, program, month: m, reason });
}

function want(run: PayrollRun, l: WantedLine) {
  const k = key(l.householdId, l.program, l.period, l.kind, l.part);
  const prev = run.wanted.get(k);
  if (prev) { // two entitlements of one program in one month (one ended, one begun): one line
    prev.amountFen += l.amountFen;
    prev.detail = { ...prev.detail, also: [...((prev.detail.also as unknown[]) ?? []), l.detail] };
  } else run.wanted.set(k, l);
}

/** Regular lines for M: each entitlement active in M, paying > 0 to an active household with a bank account. */
async function regularLines(run: PayrollRun) {
  const { month } = run.opts;
  const activeInM = run.ents.filter((e) => e.startMonth <= month && (e.endMonth === null || e.endMonth >= month));
  // In batches with event-loop turns between them, so a server preparing a county's payroll keeps answering.
  await forEachInBatches(activeInM, 500, (e) => {
    if (e.householdStatus !== 'active') { review(run, e.householdId, e.program, month, '家庭已注销，待遇未终止'); return; }
    const r = run.amounts.amountFor(e, month);
    if (!r.ok) { review(run, e.householdId, e.program, month, `无法计算：${r.path} ${r.message}`); return; }
    if (r.fen <= 0) { review(run, e.householdId, e.program, month, `按现行政策已不符合条件，本月计 0 元${r.reasons.length ? `：${r.reasons.slice(0, 2).join('；')}` : ''}`); return; }
    if (!e.bank) { review(run, e.householdId, e.program, month, '没有银行账户，无法发放'); return; }
    withheldCare(run, e.householdId, e.program, month, r.entries);
    for (const p of amountParts(r.fen, r.entries)) {
      const payee = payeeOfPart(run, e, e.bank, p, month);
      if (!payee) continue;
      want(run, { entitlementId: e.id, householdId: e.householdId, areaCode: e.areaCode, program: e.program, period: month, kind: 'regular', amountFen: p.fen,
        payee, detail: { snapshotId: r.snapshotId, entries: r.entries }, part: p.part, payeeKind: p.payeeKind });
    }
  });
}

/** A 特困 member not assessed for self-care: the care part is withheld, and an officer is told (issue 20). */
function withheldCare(run: PayrollRun, householdId: string, program: string, m: string, entries: { member?: string; careWithheld?: true }[]) {
  for (const x of entries) if (x.careWithheld) review(run, householdId, program, m, '特困人员未做生活自理能力评估，照料护理费暂不计发（基本生活费照发），请安排评估');
}

/** The account a part is paid into: the household's for the person's part; the institution's or carer's for a care part (null and listed for review when there is none). */
function payeeOfPart(run: PayrollRun, e: InForce, bank: BankAccount, p: AmountPart, m: string): Record<string, unknown> | null {
  if (p.payeeKind === 'person') return payeeOf(e, bank);
  const c = run.carePayeeOf(p.member!, m, p.payeeKind);
  if (c.ok) return c.payee;
  review(run, e.householdId, '特困', m, `照料护理费 ${fenToYuan(p.fen)} 元：${c.reason}`);
  return null;
}

/**
 * Back-payments and recoveries for earlier approved months: each household and program recomputed for
 * each approved month P (unless nothing changed since P was approved) and compared with what was paid
 * less what was recovered; more now is a back-payment line, less is a proposed recovery.
 */
async function backPaymentsAndRecoveries(run: PayrollRun) {
  const { db, approved, ents } = run;
  const { month, area } = run.opts;
  const scopeLines = approved.length === 0 ? [] : await db.select({ householdId: payrollLines.householdId, program: payrollLines.program, period: payrollLines.period,
    kind: payrollLines.kind, amountFen: payrollLines.amountFen, payrollId: payrollLines.payrollId, part: payrollLines.part })
    .from(payrollLines).innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
    .where(and(eq(payrolls.status, 'approved'), like(payrollLines.areaCode, `${area}%`), lt(payrollLines.period, month), inArray(payrollLines.kind, ['regular', 'back'])));
  const paid = new Map<string, number>();
  /** What was paid by part: the person's ('' or 'basic') as one, each care part apart. */
  const paidByPart = new Map<string, Map<string, number>>();
  const backExists = new Set<string>();
  for (const l of scopeLines) {
    const k = `${hp(l.householdId, l.program)}|${l.period}`;
    paid.set(k, (paid.get(k) ?? 0) + l.amountFen);
    const byPart = paidByPart.get(k) ?? new Map<string, number>();
    const pk = personPart(l.part) ? '' : l.part;
    byPart.set(pk, (byPart.get(pk) ?? 0) + l.amountFen);
    paidByPart.set(k, byPart);
    if (l.kind === 'back') backExists.add(k);
  }
  const recs = await db.select().from(recoveries).where(like(recoveries.areaCode, `${area}%`));
  run.recoveries.found = recs;
  const recovered = new Map<string, number>();
  for (const r of recs) if (r.status === 'approved') { const k = `${hp(r.householdId, r.program)}|${r.period}`; recovered.set(k, (recovered.get(k) ?? 0) + r.amountFen); }
  const { proposedNow, recomputed } = run.recoveries;
  const byHp = new Map<string, InForce[]>();
  for (const e of ents) { const l = byHp.get(hp(e.householdId, e.program)); if (l) l.push(e); else byHp.set(hp(e.householdId, e.program), [e]); }

  for (const P of approved) {
    const approvedAt = P.approvedAt?.getTime() ?? 0;
    await forEachInBatches([...byHp], 500, ([hpKey, list]) => {
      const first = list[0];
      if (!first.areaCode.startsWith(P.areaCode)) return;
      const k = `${hpKey}|${P.month}`;
      // A recipient brought in from the old system's roster after month P was approved was paid for P by the old system.
      const active = list.filter((e) => e.startMonth <= P.month && (e.endMonth === null || e.endMonth >= P.month)
        && !(e.sourceKind === 'roster' && e.createdAtMs > approvedAt));
      const paidFen = (paid.get(k) ?? 0) - (recovered.get(k) ?? 0);
      if (active.length === 0 && paidFen <= 0) return;
      // Unchanged since that month was approved (same policy, no new decision): nothing to correct.
      const county = first.areaCode.slice(0, 6);
      const samePolicy = shaUsed(P.policy, county) === run.opts.policy.loaded(county).sha256;
      if (samePolicy && active.every((e) => e.createdAtMs <= approvedAt && run.amounts.lastSnapAt(e.id) <= approvedAt) && active.length > 0) return;
      let computedFen = 0;
      let failed: string | null = null;
      const parts: unknown[] = [];
      const computedByPart = new Map<string, AmountPart>();
      for (const e of active) {
        const r = run.amounts.amountFor(e, P.month);
        if (!r.ok) { failed = `${r.path} ${r.message}`; break; }
        computedFen += r.fen;
        parts.push({ entitlementId: e.id, snapshotId: r.snapshotId, entries: r.entries });
        for (const p of amountParts(r.fen, r.entries)) {
          const pk = personPart(p.part) ? '' : p.part;
          const was = computedByPart.get(pk);
          computedByPart.set(pk, was ? { ...was, fen: was.fen + p.fen } : { ...p, part: pk });
        }
      }
      if (failed) { review(run, first.householdId, first.program, P.month, `补发核算无法计算：${failed}`); return; }
      const target = active[active.length - 1] ?? list[list.length - 1];
      recomputed.add(`${target.id}|${P.month}`);
      const diff = computedFen - paidFen;
      if (diff > 0) {
        if (backExists.has(k)) { review(run, first.householdId, first.program, P.month, `该月已有补发记录，又需补发 ${fenToYuan(diff)} 元，请人工处理`); return; }
        if (first.householdStatus !== 'active') { review(run, first.householdId, first.program, P.month, `家庭已注销，应补发 ${fenToYuan(diff)} 元，请人工处理`); return; }
        if (!target.bank) { review(run, first.householdId, first.program, P.month, `应补发 ${fenToYuan(diff)} 元，但没有银行账户`); return; }
        // By part: the person's share and each care part are made up to what is computed, each to its own payee.
        const paidParts = new Map(paidByPart.get(k) ?? []);
        // A recovery (追回) is taken back from the person's share.
        if (recovered.has(k)) paidParts.set('', (paidParts.get('') ?? 0) - recovered.get(k)!);
        const diffs = [...new Set([...computedByPart.keys(), ...paidParts.keys()])].map((pk) => ({ pk, fen: (computedByPart.get(pk)?.fen ?? 0) - (paidParts.get(pk) ?? 0) }));
        const pos = diffs.filter((d) => d.fen > 0);
        if (pos.reduce((a, d) => a + d.fen, 0) !== diff) {
          review(run, first.householdId, first.program, P.month, `应补发 ${fenToYuan(diff)} 元，但收款方有变化（${diffs.map((d) => `${d.pk ? '照料护理费收款方' : '本人'} ${fenToYuan(d.fen)} 元`).join('，')}），请人工处理`);
          return;
        }
        for (const d of pos) {
          const p: AmountPart = computedByPart.get(d.pk) ?? { part: d.pk, fen: d.fen, payeeKind: 'person' };
          const payee = payeeOfPart(run, target, target.bank, { ...p, fen: d.fen }, P.month);
          if (!payee) continue;
          want(run, { entitlementId: target.id, householdId: target.householdId, areaCode: target.areaCode, program: target.program, period: P.month, kind: 'back',
            amountFen: d.fen, payee, detail: d.pk ? { computedFen, paidFen, parts, part: { computedFen: p.fen, paidFen: paidParts.get(d.pk) ?? 0 } } : { computedFen, paidFen, parts },
            part: d.pk, payeeKind: p.payeeKind });
        }
      } else if (diff < 0) {
        proposedNow.set(`${target.id}|${P.month}`, { entitlementId: target.id, householdId: target.householdId, areaCode: target.areaCode, program: target.program,
          period: P.month, amountFen: -diff, paidFen, computedFen });
      }
    });
  }
}

/** Re-payments of lines the bank returned as failed in earlier approved months: once each, to the entitlement's account now. */
async function repayments(run: PayrollRun) {
  const { db, approved, ents, wanted } = run;
  const { month, area } = run.opts;
  if (!approved.length) return;
  const failedLines = await db.select().from(payrollLines).innerJoin(payrolls, eq(payrolls.id, payrollLines.payrollId))
    .where(and(eq(payrolls.status, 'approved'), eq(payrollLines.bankStatus, 'failed'), like(payrollLines.areaCode, `${area}%`), lt(payrolls.month, month)))
    .orderBy(asc(payrollLines.id));
  const repayLines = await db.select({ householdId: payrollLines.householdId, program: payrollLines.program, period: payrollLines.period, detail: payrollLines.detail, payrollId: payrollLines.payrollId, part: payrollLines.part })
    .from(payrollLines).where(and(eq(payrollLines.kind, 'repay'), like(payrollLines.areaCode, `${area}%`)));
  const elsewhere = repayLines.filter((r) => r.payrollId !== run.existing?.id);
  const repaid = new Set(elsewhere.flatMap((r) => ((r.detail.repays as number[] | undefined) ?? [])));
  const repayTaken = new Set(elsewhere.map((r) => key(r.householdId, r.program, r.period, 'repay', r.part)));
  const entById = new Map(ents.map((e) => [e.id, e]));
  for (const { payroll_lines: f } of failedLines) {
    if (repaid.has(f.id)) continue;
    const k = key(f.householdId, f.program, f.period, 'repay', f.part);
    if (repayTaken.has(k)) { review(run, f.householdId, f.program, f.period, `发放失败（${f.failureReason ?? '银行退回'}）的 ${fenToYuan(f.amountFen)} 元已重发过一次，请核实账户后人工处理`); continue; }
    const e = f.entitlementId ? entById.get(f.entitlementId) : undefined;
    // The person's line goes to the entitlement's account now; an institution's or carer's to the account it was sent to.
    const payee = e?.bank && f.payeeKind === 'person' ? payeeOf(e, e.bank) : (f.payee as Record<string, unknown>);
    const prev = wanted.get(k);
    if (prev) { prev.amountFen += f.amountFen; (prev.detail.repays as number[]).push(f.id); continue; }
    wanted.set(k, { entitlementId: f.entitlementId, householdId: f.householdId, areaCode: f.areaCode, program: f.program, period: f.period, kind: 'repay',
      amountFen: f.amountFen, payee, detail: { repays: [f.id], failureReason: f.failureReason }, part: f.part, payeeKind: f.payeeKind as PayeeKind });
  }
}

/** The totals of the lines wanted: all, by program, back-payments. */
function totalsOf(lines: WantedLine[]) {
  const byProgram: Record<string, number> = {};
  let totalFen = 0;
  let backFen = 0;
  for (const l of lines) {
    totalFen += l.amountFen;
    byProgram[l.program] = (byProgram[l.program] ?? 0) + l.amountFen;
    if (l.kind === 'back') backFen += l.amountFen;
  }
  return { totalFen, byProgram, backFen };
}

/**
 * Lines written: in one transaction, only what differs from the stored payroll (lines removed, changed,
 * added; the recoveries this run decided), then the summary and the audit entry.
 */
async function writeLines(run: PayrollRun): Promise<RunResult> {
  const { db, opts, wanted, needsReview } = run;
  const { month, area } = opts;
  const payroll = run.existing;
  const lines = [...wanted.values()];
  const { totalFen, byProgram, backFen } = totalsOf(lines);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7312)`);
    const [now] = await tx.select({ id: payrolls.id, status: payrolls.status, version: payrolls.version }).from(payrolls).where(and(eq(payrolls.month, month), eq(payrolls.areaCode, area)));
    if (now?.status === 'approved') throw new AppError('PAYROLL_APPROVED', `${month} 的发放名册已审批锁定，不能重新生成`, 'month', 409);
    if ((now?.version ?? 0) !== (payroll?.version ?? 0)) throw new AppError('STALE', '发放名册正在被他人生成或审批，请稍后重试', 'month', 409);
    const id = now?.id ?? randomUUID();
    const policyUsed = opts.policy.used();
    if (!now) {
      await tx.insert(payrolls).values({ id, month, areaCode: area, status: 'prepared', policy: policyUsed, summary: {}, preparedBy: opts.by.username, preparedVia: opts.by.via });
    }
    // Only the natural keys are read: which lines to remove, which to insert; the others are compared in SQL.
    const have = await tx.select({ id: payrollLines.id, householdId: payrollLines.householdId, program: payrollLines.program, period: payrollLines.period,
      kind: payrollLines.kind, part: payrollLines.part }).from(payrollLines).where(eq(payrollLines.payrollId, id));
    const haveKeys = new Set(have.map((l) => key(l.householdId, l.program, l.period, l.kind, l.part)));
    const remove = have.filter((l) => !wanted.has(key(l.householdId, l.program, l.period, l.kind, l.part))).map((l) => l.id);
    const insert: (typeof payrollLines.$inferInsert)[] = [];
    const kept: (typeof payrollLines.$inferInsert)[] = [];
    for (const [k, l] of wanted) (haveKeys.has(k) ? kept : insert).push({ payrollId: id, ...l });
    for (let i = 0; i < remove.length; i += LINE_BATCH) await tx.execute(sql`delete from ${payrollLines} where id = any(${sql.param(remove.slice(i, i + LINE_BATCH))}::bigint[])`);
    // Lines kept are rewritten only where their content differs, compared in SQL (jsonb equality, key order aside) a batch at a time.
    let updated = 0;
    for (let i = 0; i < kept.length; i += LINE_BATCH) {
      const r = await tx.execute(sql`update ${payrollLines} p set entitlement_id = x.entitlement_id, area_code = x.area_code, amount_fen = x.amount_fen,
          payee = x.payee, detail = x.detail, payee_kind = x.payee_kind
        from ${lineRecords(kept.slice(i, i + LINE_BATCH))}
        where p.payroll_id = ${id} and p.household_id = x.household_id and p.program = x.program and p.period = x.period and p.kind = x.kind and p.part = x.part
          and (p.entitlement_id is distinct from x.entitlement_id or p.area_code <> x.area_code or p.amount_fen <> x.amount_fen
            or p.payee <> x.payee or p.detail <> x.detail or p.payee_kind <> x.payee_kind)`);
      updated += (r as unknown as { rowCount: number | null }).rowCount ?? 0;
    }
    // New lines a batch at a time, each batch one JSON parameter (a statement of 10 bound values per line cost more than the writing), in the order wanted.
    for (let i = 0; i < insert.length; i += LINE_BATCH) {
      await tx.execute(sql`insert into ${payrollLines} (${sql.raw(LINE_COLUMNS.map(([c]) => c).join(', '))})
        select ${sql.raw(LINE_COLUMNS.map(([c]) => c).join(', '))} from ${lineRecords(insert.slice(i, i + LINE_BATCH))} order by x.ordinality`);
    }
    const recChanges = await writeRecoveries(tx, run);
    const recList = await listRecoveries(tx, area, 'proposed');
    const result: RunResult = {
      month, status: 'prepared', households: new Set(lines.map((l) => l.householdId)).size, lines: lines.length, totalYuan: fenToYuan(totalFen),
      byProgram: Object.fromEntries(Object.entries(byProgram).sort(([a], [b]) => a.localeCompare(b)).map(([p, f]) => [p, fenToYuan(f)])),
      backPayYuan: fenToYuan(backFen), recoveries: recList, needsReview,
    };
    const changed = remove.length + updated + insert.length;
    if (now) {
      // A stored summary is compared in SQL (jsonb equality): reading back a county's review list to compare it costs more than sending it.
      const summaryJson = JSON.stringify(result);
      const policyJson = JSON.stringify(policyUsed);
      await tx.update(payrolls).set({ summary: sql`${summaryJson}::jsonb`, policy: sql`${policyJson}::jsonb`, preparedBy: opts.by.username, preparedVia: opts.by.via,
        preparedAt: new Date(), version: now.version + 1 })
        .where(and(eq(payrolls.id, id), changed > 0 ? sql`true` : sql`(${payrolls.summary} <> ${summaryJson}::jsonb or ${payrolls.policy} <> ${policyJson}::jsonb)`));
    } else {
      await tx.update(payrolls).set({ summary: result as unknown as Record<string, unknown> }).where(eq(payrolls.id, id));
    }
    await appendAudit(tx, { actor: opts.by.username, action: 'payroll.prepare', target: `payroll:${id}`, areaCode: area || null,
      detail: { month, area, via: opts.by.via, lines: lines.length, totalFen, inserted: insert.length, updated, deleted: remove.length, recoveriesChanged: recChanges } });
    return result;
  });
}

/** Recoveries this run decided: proposed ones created, changed or withdrawn (approved ones are never touched). Returns how many changed. */
async function writeRecoveries(tx: Db, run: PayrollRun): Promise<number> {
  const { found: recs, proposedNow, recomputed } = run.recoveries;
  const openRecs = recs.filter((r) => r.status === 'proposed');
  let recChanges = 0;
  for (const r of openRecs) {
    const k = `${r.entitlementId}|${r.period}`;
    if (!recomputed.has(k)) continue;
    const nowRec = proposedNow.get(k);
    if (!nowRec) { await tx.delete(recoveries).where(eq(recoveries.id, r.id)); recChanges++; }
    else if (nowRec.amountFen !== r.amountFen || nowRec.paidFen !== r.paidFen || nowRec.computedFen !== r.computedFen) {
      await tx.update(recoveries).set({ amountFen: nowRec.amountFen, paidFen: nowRec.paidFen, computedFen: nowRec.computedFen }).where(eq(recoveries.id, r.id));
      recChanges++;
    }
    proposedNow.delete(k);
  }
  for (const r of proposedNow.values()) {
    await tx.insert(recoveries).values({ id: randomUUID(), entitlementId: r.entitlementId, householdId: r.householdId, areaCode: r.areaCode, program: r.program,
      period: r.period, amountFen: r.amountFen, paidFen: r.paidFen, computedFen: r.computedFen, foundIn: run.opts.month, proposedBy: run.opts.by.username });
    recChanges++;
  }
  return recChanges;
}

export async function listRecoveries(db: Db, scope: string, status?: 'proposed' | 'approved'): Promise<RecoveryItem[]> {
  const rows = await db.select({ r: recoveries, ledgerKey: households.ledgerKey }).from(recoveries).innerJoin(households, eq(households.id, recoveries.householdId))
    .where(status ? and(like(recoveries.areaCode, `${scope}%`), eq(recoveries.status, status)) : like(recoveries.areaCode, `${scope}%`))
    .orderBy(asc(households.ledgerKey), asc(recoveries.program), asc(recoveries.period));
  return rows.map(({ r, ledgerKey }) => ({ id: r.id, householdNo: ledgerKey ?? r.householdId, householdId: r.householdId, program: r.program, period: r.period,
    paidYuan: fenToYuan(r.paidFen), computedYuan: fenToYuan(r.computedFen), recoveryYuan: fenToYuan(r.amountFen), status: r.status }));
}

/** 追回 is approved on its own, by someone other than the one whose run proposed it. */
export async function approveRecovery(db: Db, id: string, approver: { username: string; areaCode: string }, note: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    const [r] = await tx.select().from(recoveries).where(and(eq(recoveries.id, id), like(recoveries.areaCode, `${approver.areaCode}%`)));
    if (!r) throw new AppError('NOT_FOUND', '追回记录不存在或不在您的管辖范围内', 'id', 404);
    if (r.status !== 'proposed') throw new AppError('ALREADY_APPROVED', '该追回已审批', 'id', 409);
    if (r.proposedBy === approver.username) throw new AppError('TWO_PERSON', '追回须由提出人以外的人审批', 'id', 403);
    await tx.update(recoveries).set({ status: 'approved', approvedBy: approver.username, approvedAt: new Date(), note }).where(eq(recoveries.id, id));
    await appendAudit(tx, { actor: approver.username, action: 'recovery.approve', target: `recovery:${id}`, areaCode: r.areaCode, detail: { period: r.period, program: r.program, amountFen: r.amountFen, note } });
  });
}

/** The content digest of a payroll's approved lines, in id order. */
function digest(hashes: string[]): string {
  return sha256(hashes.join('\n'));
}

/** Prepared months not yet approved that `scope` sees (its own area's, or a wider one's, as the payroll list shows them), oldest first; `canApprove` is false for the one who prepared it in the UI (two-person rule). */
export async function payrollsAwaitingApproval(db: Db, scope: string, username: string) {
  const rows = await db.select({ id: payrolls.id, month: payrolls.month, areaCode: payrolls.areaCode, preparedBy: payrolls.preparedBy, preparedVia: payrolls.preparedVia, summary: payrolls.summary })
    .from(payrolls).where(and(eq(payrolls.status, 'prepared'), or(like(payrolls.areaCode, `${scope}%`), sql`${scope} like ${payrolls.areaCode} || '%'`))).orderBy(asc(payrolls.month));
  return rows.map((p) => ({ id: p.id, month: p.month, areaCode: p.areaCode, preparedBy: p.preparedBy, lines: Number(p.summary.lines ?? 0), totalYuan: Number(p.summary.totalYuan ?? 0),
    canApprove: !(p.preparedVia === 'ui' && p.preparedBy === username) }));
}

export interface Approver { username: string; via: 'cli' | 'ui' }

export async function approvePayroll(db: Db, month: string, area: string | undefined, by: Approver, scope = '') {
  const p = await findPayroll(db, month, area, scope);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7312)`);
    const [now] = await tx.select().from(payrolls).where(eq(payrolls.id, p.id));
    if (now.status === 'approved') throw new AppError('PAYROLL_APPROVED', `${month} 的发放名册已于 ${now.approvedAt ? dateInChina(now.approvedAt) : ''} 由 ${now.approvedBy} 审批`, 'month', 409);
    const [user] = await tx.select().from(users).where(eq(users.username, by.username));
    if (!user || user.disabled) throw new AppError('INVALID_APPROVER', `审批人 ${by.username} 不是有效用户`, 'by', 403);
    if (SCOPE_LENGTH[user.role as Role] !== 6 || user.role === 'auditor') throw new AppError('INVALID_APPROVER', '发放名册须由县级（民政/财政）工作人员审批', 'by', 403);
    const outside = await tx.select({ n: sql<number>`count(*)::int` }).from(payrollLines).where(and(eq(payrollLines.payrollId, now.id), sql`${payrollLines.areaCode} NOT LIKE ${`${user.areaCode}%`}`));
    if (!now.areaCode.startsWith(user.areaCode) && (outside[0]?.n ?? 0) > 0) throw new AppError('OUT_OF_SCOPE', '发放名册中有不在您管辖范围内的对象', 'by', 403);
    const preparers = await tx.select({ actor: auditLog.actor, detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.action, 'payroll.prepare'), eq(auditLog.target, `payroll:${now.id}`)));
    const uiPreparers = new Set(preparers.filter((a) => a.detail.via === 'ui').map((a) => a.actor));
    if ((now.preparedVia === 'ui' && now.preparedBy === user.username) || uiPreparers.has(user.username)) {
      throw new AppError('TWO_PERSON', '双人复核：生成发放名册的人不能审批同一名册，请由另一位县级工作人员审批', 'by', 403);
    }
    const lines = await tx.select().from(payrollLines).where(eq(payrollLines.payrollId, now.id)).orderBy(asc(payrollLines.id));
    const hashes = lines.map((l) => lineHash(l));
    for (let i = 0; i < lines.length; i += CHUNK) {
      const part = lines.slice(i, i + CHUNK).map((l, j) => sql`(${l.id}::bigint, ${hashes[i + j]}::text)`);
      await tx.execute(sql`update payroll_lines set hash = v.h from (values ${sql.join(part, sql`, `)}) as v(id, h) where payroll_lines.id = v.id`);
    }
    const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
    await markMedicalPaid(tx, now.id);
    await markDisasterPaid(tx, now.id);
    const approval = { lines: lines.length, totalFen, digest: digest(hashes) };
    await tx.update(payrolls).set({ status: 'approved', approvedBy: user.username, approvedAt: new Date(), version: now.version + 1,
      summary: { ...now.summary, approval } }).where(eq(payrolls.id, now.id));
    await appendAudit(tx, { actor: user.username, action: 'payroll.approve', target: `payroll:${now.id}`, areaCode: now.areaCode || null,
      detail: { month, area: now.areaCode, via: by.via, preparedBy: now.preparedBy, ...approval } });
    return { month, area: now.areaCode, status: 'approved' as const, approvedBy: user.username, lines: lines.length, totalYuan: fenToYuan(totalFen), digest: approval.digest };
  });
}

/**
 * Withdraws (撤回) a prepared, unapproved payroll: its lines and the payroll itself are removed, so the
 * month can be prepared again later and earlier months are no longer blocked by it. Only a user whose
 * area covers the whole payroll may withdraw it; an approved payroll never can. Audited with the reason
 * and what was withdrawn. Proposed recoveries stay: they concern earlier approved months, not this one.
 */
export async function withdrawPayroll(db: Db, month: string, by: { username: string; areaCode: string }, reason: string) {
  const p = await findPayroll(db, month, undefined, by.areaCode);
  if (!p.areaCode.startsWith(by.areaCode)) throw new AppError('OUT_OF_SCOPE', `${month} 的发放名册覆盖您管辖范围以外的地区，只能由生成区划的县级工作人员撤回`, 'month', 403);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7312)`);
    const [now] = await tx.select().from(payrolls).where(eq(payrolls.id, p.id));
    if (!now) throw new AppError('NOT_FOUND', `${month} 没有发放名册`, 'month', 404);
    if (now.status === 'approved') throw new AppError('PAYROLL_APPROVED', `${month} 的发放名册已审批锁定，不能撤回；更正请在以后月份的补发或追回中处理`, 'month', 409);
    const [t] = await tx.select({ lines: sql<number>`count(*)::int`, fen: sql<string>`coalesce(sum(${payrollLines.amountFen}), 0)::text` })
      .from(payrollLines).where(eq(payrollLines.payrollId, now.id));
    await tx.delete(payrollLines).where(eq(payrollLines.payrollId, now.id));
    await tx.delete(payrolls).where(eq(payrolls.id, now.id));
    await appendAudit(tx, { actor: by.username, action: 'payroll.withdraw', target: `payroll:${now.id}`, areaCode: now.areaCode || null,
      detail: { month, area: now.areaCode, reason, preparedBy: now.preparedBy, preparedVia: now.preparedVia, lines: t.lines, totalFen: Number(t.fen) } });
    return { month, area: now.areaCode, status: 'withdrawn' as const, lines: t.lines, totalYuan: fenToYuan(Number(t.fen)) };
  });
}

/** A payroll's totals as one area sees them: only its lines inside `scope`. */
export interface ScopedTotals { households: number; lines: number; totalYuan: number; byProgram: Record<string, number>; backPayYuan: number }

/** Totals of each payroll's lines inside `scope`, by payroll id (payrolls without lines there are absent). */
export async function totalsInScope(db: Db, payrollIds: string[], scope: string): Promise<Map<string, ScopedTotals>> {
  const out = new Map<string, ScopedTotals>();
  if (payrollIds.length === 0) return out;
  const inScope = and(inArray(payrollLines.payrollId, payrollIds), like(payrollLines.areaCode, `${scope}%`));
  const byProgram = await db.select({ payrollId: payrollLines.payrollId, program: payrollLines.program, lines: sql<number>`count(*)::int`,
    fen: sql<string>`sum(${payrollLines.amountFen})::text`, backFen: sql<string>`coalesce(sum(${payrollLines.amountFen}) filter (where ${payrollLines.kind} = 'back'), 0)::text` })
    .from(payrollLines).where(inScope).groupBy(payrollLines.payrollId, payrollLines.program).orderBy(asc(payrollLines.program));
  const households = await db.select({ payrollId: payrollLines.payrollId, n: sql<number>`count(distinct ${payrollLines.householdId})::int` })
    .from(payrollLines).where(inScope).groupBy(payrollLines.payrollId);
  const fen = new Map<string, { lines: number; total: number; back: number; byProgram: Record<string, number> }>();
  for (const r of byProgram) {
    const t = fen.get(r.payrollId) ?? { lines: 0, total: 0, back: 0, byProgram: {} };
    t.lines += Number(r.lines);
    t.total += Number(r.fen);
    t.back += Number(r.backFen);
    t.byProgram[r.program] = fenToYuan(Number(r.fen));
    fen.set(r.payrollId, t);
  }
  for (const h of households) {
    const t = fen.get(h.payrollId)!;
    out.set(h.payrollId, { households: Number(h.n), lines: t.lines, totalYuan: fenToYuan(t.total), byProgram: t.byProgram, backPayYuan: fenToYuan(t.back) });
  }
  return out;
}

export interface VerifyResult { month: string; area: string; ok: boolean; lines: number; problems: { lineId: number | null; problem: string }[] }

/** Recomputes every approved line's hash and the payroll's digest: an edited, added or removed line is reported. */
/**
 * Recomputes every approved line's hash and the payroll's digest: an edited, added or removed line is reported.
 * For a user whose scope is narrower than the payroll's area, the line count and the line problems are those
 * of the lines inside the scope; the payroll-wide digest is still checked but reported without counts.
 */
export async function verifyPayroll(db: Db, month: string, area?: string, scope = ''): Promise<VerifyResult> {
  const p = await findPayroll(db, month, area, scope);
  if (p.status !== 'approved') throw new AppError('NOT_APPROVED', `${month} 的发放名册尚未审批`, 'month', 409);
  const whole = p.areaCode.startsWith(scope);
  const lines = await db.select().from(payrollLines).where(eq(payrollLines.payrollId, p.id)).orderBy(asc(payrollLines.id));
  const mine = whole ? lines : lines.filter((l) => l.areaCode.startsWith(scope));
  const problems: VerifyResult['problems'] = [];
  for (const l of mine) {
    const h = lineHash(l);
    if (l.hash !== h) problems.push({ lineId: l.id, problem: l.hash ? '内容与审批时的哈希不符（审批后被修改）' : '没有审批哈希（审批后新增）' });
  }
  const approval = p.summary.approval as { lines: number; totalFen: number; digest: string } | undefined;
  if (!approval) problems.push({ lineId: null, problem: '缺少审批摘要' });
  else if (whole) {
    if (approval.lines !== lines.length) problems.push({ lineId: null, problem: `审批时 ${approval.lines} 行，现在 ${lines.length} 行` });
    if (approval.digest !== digest(lines.map((l) => l.hash ?? ''))) problems.push({ lineId: null, problem: '名册摘要与审批时不符（行被增删或替换）' });
  } else if (approval.lines !== lines.length || approval.digest !== digest(lines.map((l) => l.hash ?? ''))) {
    problems.push({ lineId: null, problem: '整份名册的摘要与审批时不符（有行被增删或替换，可能在您管辖范围以外），请联系县级核查' });
  }
  return { month, area: p.areaCode, ok: problems.length === 0, lines: mine.length, problems };
}

