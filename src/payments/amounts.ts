/**
 * What an entitlement pays for a month, from the engine (pure): the amount for month M is
 * evaluate(snapshot in force for M, policy resolved on M-01), summed over the engine entries the
 * program pays (PAYROLL.md): 低保 → `dibao` (eligible or taper) and `dibao.single`; 特困 → `tekun`;
 * 残疾人两项补贴 → `disability.nursing` and `disability.living`. When none of them is eligible any more the
 * entitlement pays 0 and the caller lists it under needsReview with the engine's reasons.
 */
import { createHash } from 'node:crypto';
import { yuanToFen, type Fen } from '../domain/money.ts';
import { evaluate, type Evaluation } from '../policy/evaluate.ts';
import { InputError, parseHousehold, type Household } from '../policy/household.ts';
import { PolicyError, resolvePack, type PolicyPack, type ResolvedPack } from '../policy/pack.ts';
import type { Program } from './entitlements.ts';
import { firstDay } from './months.ts';

export const PROGRAM_ENTRIES: Record<Program, readonly string[]> = {
  低保: ['dibao', 'dibao.single'],
  特困: ['tekun'],
  残疾人两项补贴: ['disability.nursing', 'disability.living'],
};

/**
 * One engine entry's share. A 特困 entry of a registry person whose 集中/分散 support is known also carries
 * its care part and who that is paid to (careFen, carePayee), and one not assessed `careWithheld`; the
 * contract's input has neither, so its entries (and lines) stay as they were.
 */
export interface EntryAmount { program: string; member?: string; status: string; fen: Fen; careFen?: Fen; carePayee?: 'institution' | 'carer' | 'person'; careWithheld?: true }
export type MonthAmount =
  | { ok: true; fen: Fen; entries: EntryAmount[]; reasons: string[] }
  | { ok: false; path: string; message: string };

/** The program's share of one evaluation. */
export function programAmount(ev: Evaluation, program: Program): MonthAmount {
  const wanted = PROGRAM_ENTRIES[program];
  const entries: EntryAmount[] = [];
  const reasons: string[] = [];
  let fen = 0;
  for (const b of ev.benefits) {
    if (!wanted.includes(b.program)) continue;
    const pays = b.status === 'eligible' || (b.status === 'taper' && b.program === 'dibao');
    const amount = pays && b.monthlyYuan !== undefined ? yuanToFen(b.monthlyYuan) : 0;
    fen += amount;
    entries.push({ program: b.program, ...(b.member ? { member: b.member } : {}), status: b.status, fen: amount,
      ...(pays && b.carePayee && b.careYuan !== undefined ? { careFen: yuanToFen(b.careYuan), carePayee: b.carePayee } : {}),
      ...(pays && b.careWithheld ? { careWithheld: true as const } : {}) });
    if (!pays) reasons.push(...b.reasons.map((r) => r.text));
  }
  return { ok: true, fen, entries, reasons };
}

/**
 * Evaluates parsed households on months under packs, caching each pack's resolution per month
 * (a resolution reads every parameter once). The last snapshot parsed and the last evaluation are kept,
 * so a household's entitlements in several programs taken on one snapshot, asked one after another, are
 * parsed and evaluated once; a snapshot may be given as its JSON text (`amountOfText`), the text being
 * its key. Only the last: a county's parsed households all kept alive made the garbage collector's work
 * grow with the county (seconds at 10⁵ households), while callers ask a household's programs together.
 */
export class AmountCalculator {
  private resolved = new Map<PolicyPack, Map<string, ResolvedPack | PolicyError>>();
  private parsed: { key: number | string; household: Household | InputError } | null = null;
  private last: { resolved: ResolvedPack; household: Household; ev: Evaluation | InputError | PolicyError } | null = null;

  private resolve(pack: PolicyPack, month: string): ResolvedPack | PolicyError {
    let byMonth = this.resolved.get(pack);
    if (!byMonth) this.resolved.set(pack, (byMonth = new Map()));
    let r = byMonth.get(month);
    if (!r) {
      try { r = resolvePack(pack, firstDay(month)); } catch (e) { if (e instanceof PolicyError) r = e; else throw e; }
      byMonth.set(month, r);
    }
    return r;
  }

  private household(key: number | string, snapshot: () => unknown): Household | InputError {
    if (this.parsed?.key === key) return this.parsed.household;
    let h: Household | InputError;
    try { h = parseHousehold(snapshot()); } catch (e) { if (e instanceof InputError) h = e; else throw e; }
    this.parsed = { key, household: h };
    return h;
  }

  amount(pack: PolicyPack, month: string, snapshotId: number, snapshot: unknown, program: Program): MonthAmount {
    return this.amountOf(pack, month, snapshotId, () => snapshot, program);
  }

  /** The amount from a snapshot's JSON text (as stored): the text is the cache key. */
  amountOfText(pack: PolicyPack, month: string, text: string, program: Program): MonthAmount {
    return this.amountOf(pack, month, text, () => JSON.parse(text), program);
  }

  private amountOf(pack: PolicyPack, month: string, key: number | string, snapshot: () => unknown, program: Program): MonthAmount {
    const resolved = this.resolve(pack, month);
    if (resolved instanceof PolicyError) return { ok: false, path: resolved.path, message: resolved.message };
    const h = this.household(key, snapshot);
    if (h instanceof InputError) return { ok: false, path: `snapshot.${h.path}`, message: h.message };
    let ev: Evaluation | InputError | PolicyError;
    if (this.last && this.last.resolved === resolved && this.last.household === h) ev = this.last.ev;
    else {
      try { ev = evaluate(resolved, h); } catch (e) { if (e instanceof InputError || e instanceof PolicyError) ev = e; else throw e; }
      this.last = { resolved, household: h, ev };
    }
    if (ev instanceof InputError || ev instanceof PolicyError) return { ok: false, path: ev.path, message: ev.message };
    return programAmount(ev, program);
  }
}

/**
 * JSON with sorted keys at every level, so a hash does not depend on key order after a jsonb round trip.
 * Written out directly (no sorted copy of each object): the approved lines' hashes are over this text, so
 * it is byte for byte what JSON.stringify gives for a copy with sorted keys (integer-like keys first in
 * numeric order, as such a copy holds them; undefined and functions left out of objects, null in arrays).
 */
export function canonicalJson(v: unknown): string {
  return canonical(v) as string; // undefined for undefined, as JSON.stringify gives
}

const INDEX = /^(?:0|[1-9][0-9]*)$/;
const isIndex = (k: string) => INDEX.test(k) && Number(k) < 4294967295;

function canonical(x: unknown): string | undefined {
  if (Array.isArray(x)) {
    let out = '[';
    for (let i = 0; i < x.length; i++) out += (i ? ',' : '') + (canonical(x[i]) ?? 'null');
    return out + ']';
  }
  if (x && typeof x === 'object') {
    const keys = Object.keys(x);
    let n = 0;
    while (n < keys.length && isIndex(keys[n])) n++; // own integer keys come first, ascending
    const sorted = n === 0 ? keys.sort() : keys.slice(0, n).concat(keys.slice(n).sort());
    let out = '{';
    let first = true;
    for (const k of sorted) {
      const s = canonical((x as Record<string, unknown>)[k]);
      if (s === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + s;
      first = false;
    }
    return out + '}';
  }
  return JSON.stringify(x);
}

export interface LineContent {
  id: number; payrollId: string; entitlementId: string | null; householdId: string; areaCode: string; program: string;
  period: string; kind: string; amountFen: number; payee: unknown; detail: unknown; part?: string; payeeKind?: string;
}

/** The hash an approved line carries: sha256 over its canonical content (not its bank status, which the return file sets later). */
export function lineHash(l: LineContent): string {
  const content = { id: l.id, payrollId: l.payrollId, entitlementId: l.entitlementId, householdId: l.householdId, areaCode: l.areaCode, program: l.program,
    period: l.period, kind: l.kind, amountFen: l.amountFen, payee: l.payee, detail: l.detail,
    // A whole line paid to the person hashes as before the lines had parts, so lines approved then still verify.
    ...(l.part ? { part: l.part } : {}), ...(l.payeeKind && l.payeeKind !== 'person' ? { payeeKind: l.payeeKind } : {}) };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
