/**
 * What the platform records about people, as the medical-assistance rules need it (model.ts
 * PersonFacts): the registry's households and active members, their 低保 and 特困 entitlements with
 * the snapshots the decisions were taken on, and poverty-return monitoring. The engine decides who a
 * 特困 entitlement supports and who a 低保 entitlement counts (on the snapshot in force for the month)
 * and the household's classification on the date (on the household as it stands), evaluated once per
 * household, snapshot and date.
 */
import { and, asc, eq, gt, inArray, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { monitoringHouseholds } from '../monitoring/schema.ts';
import { entitlements, entitlementSnapshots } from '../payments/schema.ts';
import { households, members } from '../registry/schema.ts';
import { AppError } from '../errors.ts';
import { Context } from '../policy/context.ts';
import { evaluate, type Evaluation } from '../policy/evaluate.ts';
import { InputError, parseHousehold, type Household } from '../policy/household.ts';
import { PolicyError, type ResolvedPack } from '../policy/pack.ts';
import type { HouseholdRow, MemberRow } from '../registry/plan.ts';
import { toEvaluationInput } from '../registry/toEvaluation.ts';
import type { PersonFacts, Span } from './model.ts';
import { LOW_INCOME_HOUSEHOLDS, spanActive } from './rules.ts';

interface StoredEntitlement extends Span {
  id: string;
  program: string;
  bank: { bankName: string; accountNo: string; accountName: string } | null;
  /** Oldest first. */
  snapshots: { id: number; fromMonth: string; snapshot: unknown }[];
}

export interface RegistryHousehold {
  row: HouseholdRow;
  members: MemberRow[];
  entitlements: StoredEntitlement[];
  monitoring: { identifiedOn: string; removedOn: string | null } | null;
}

export const householdNo = (h: RegistryHousehold) => h.row.ledgerKey ?? h.row.id;
export const countyOf = (h: RegistryHousehold) => h.row.areaCode.slice(0, 6);

/** The households (active or not) with their active members, entitlements of 低保 and 特困, and monitoring. */
export async function loadHouseholds(db: Db, ids: string[]): Promise<Map<string, RegistryHousehold>> {
  const out = new Map<string, RegistryHousehold>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    for (const row of await db.select().from(households).where(inArray(households.id, chunk))) out.set(row.id, { row, members: [], entitlements: [], monitoring: null });
    const ms = await db.select().from(members).where(and(inArray(members.householdId, chunk), eq(members.status, 'active'))).orderBy(asc(members.position), asc(members.createdAt));
    for (const m of ms) out.get(m.householdId)?.members.push(m);
    const es = await db.select().from(entitlements).where(and(inArray(entitlements.householdId, chunk), inArray(entitlements.program, ['低保', '特困'])));
    const byId = new Map<string, StoredEntitlement>();
    for (const e of es) {
      const s: StoredEntitlement = { id: e.id, program: e.program, startMonth: e.startMonth, endMonth: e.endMonth, bank: e.bank ?? null, snapshots: [] };
      byId.set(e.id, s);
      out.get(e.householdId)?.entitlements.push(s);
    }
    if (byId.size) {
      const snaps = await db.select({ id: entitlementSnapshots.id, entitlementId: entitlementSnapshots.entitlementId, fromMonth: entitlementSnapshots.fromMonth, snapshot: entitlementSnapshots.snapshot })
        .from(entitlementSnapshots).where(inArray(entitlementSnapshots.entitlementId, [...byId.keys()])).orderBy(asc(entitlementSnapshots.fromMonth), asc(entitlementSnapshots.id));
      for (const s of snaps) byId.get(s.entitlementId)?.snapshots.push({ id: s.id, fromMonth: s.fromMonth, snapshot: s.snapshot });
    }
    const mon = await db.select({ householdId: monitoringHouseholds.householdId, identifiedOn: monitoringHouseholds.identifiedOn, removedOn: monitoringHouseholds.removedOn })
      .from(monitoringHouseholds).where(inArray(monitoringHouseholds.householdId, chunk));
    for (const m of mon) { const h = out.get(m.householdId); if (h) h.monitoring = { identifiedOn: m.identifiedOn, removedOn: m.removedOn }; }
  }
  return out;
}

/** The active members with these ID numbers, each with their household. */
export async function peopleByIdNumber(db: Db, idNumbers: string[]): Promise<Map<string, { member: MemberRow; household: RegistryHousehold }>> {
  const out = new Map<string, { member: MemberRow; household: RegistryHousehold }>();
  const found: MemberRow[] = [];
  const unique = [...new Set(idNumbers)];
  for (let i = 0; i < unique.length; i += 1000) {
    found.push(...await db.select().from(members).where(and(inArray(members.idNumber, unique.slice(i, i + 1000)), eq(members.status, 'active'))));
  }
  const hs = await loadHouseholds(db, [...new Set(found.map((m) => m.householdId))]);
  for (const m of found) {
    const h = hs.get(m.householdId);
    const member = h?.members.find((x) => x.id === m.id);
    if (h && member) out.set(m.idNumber, { member, household: h });
  }
  return out;
}

/** Every active household (inside an area when given), a page at a time (keyset by id). */
export async function* activeHouseholds(db: Db, page = 500, area = ''): AsyncGenerator<RegistryHousehold[]> {
  let after = '';
  for (;;) {
    const ids = (await db.select({ id: households.id }).from(households).where(and(eq(households.status, 'active'), gt(households.id, after), ...(area ? [like(households.areaCode, `${area}%`)] : [])))
      .orderBy(asc(households.id)).limit(page)).map((r) => r.id);
    if (!ids.length) return;
    const loaded = await loadHouseholds(db, ids);
    yield ids.map((id) => loaded.get(id)!).filter(Boolean);
    after = ids[ids.length - 1];
  }
}

/** A pack resolved on a date for a county. */
export type PackOn = (county: string, date: string) => ResolvedPack;

function engineError(e: unknown, what: string): never {
  if (e instanceof PolicyError) throw new AppError('INVALID_POLICY', `政策包不能计算${what}：${e.message}`, 'policy');
  if (e instanceof InputError) throw new AppError('INVALID_SNAPSHOT', `${what}的家庭资料无效：${e.path} ${e.message}`, 'policy');
  throw e;
}

/** Builds PersonFacts, evaluating each snapshot and household once per date. */
export class FactsBuilder {
  private evaluations = new Map<string, Evaluation>();
  private parsed = new Map<string, Household>();

  constructor(private readonly packOn: PackOn) {}

  private household(key: string, input: () => unknown, what: string): Household {
    let h = this.parsed.get(key);
    if (!h) {
      try { h = parseHousehold(input()); } catch (e) { engineError(e, what); }
      this.parsed.set(key, h!);
    }
    return h!;
  }

  private evaluation(key: string, pack: ResolvedPack, h: Household, what: string): Evaluation {
    let ev = this.evaluations.get(key);
    if (!ev) {
      try { ev = evaluate(pack, h); } catch (e) { engineError(e, what); }
      this.evaluations.set(key, ev!);
    }
    return ev!;
  }

  /** The entitlement of a program active in the date's month, and the evaluation of its snapshot in force then. */
  private entitled(h: RegistryHousehold, program: '低保' | '特困', date: string) {
    const e = h.entitlements.find((x) => x.program === program && spanActive(x, date));
    if (!e) return null;
    const month = date.slice(0, 7);
    const snap = [...e.snapshots].reverse().find((s) => s.fromMonth <= month) ?? e.snapshots[0];
    if (!snap) return null;
    const what = `${program}待遇（${householdNo(h)}）`;
    const parsed = this.household(`s${snap.id}`, () => snap.snapshot, what);
    return { e, parsed, ev: this.evaluation(`s${snap.id}@${date}`, this.packOn(countyOf(h), date), parsed, what) };
  }

  facts(h: RegistryHousehold, member: MemberRow, date: string): PersonFacts {
    const tekunE = this.entitled(h, '特困', date);
    const tekun = tekunE && tekunE.ev.benefits.some((b) => b.program === 'tekun' && b.status === 'eligible' && b.member === member.id) ? span(tekunE.e) : null;
    const dibaoE = this.entitled(h, '低保', date);
    let dibao: PersonFacts['dibao'] = null;
    const counted = dibaoE?.ev.benefits.find((b) => b.program === 'dibao')?.members ?? [];
    if (dibaoE && counted.includes(member.id)) {
      const ms = dibaoE.parsed.members.filter((m) => counted.includes(m.id));
      dibao = { ...span(dibaoE.e), longTerm: ms.every((m) => !m.employed && m.laborCapacity === 'none') };
    }
    const what = `家庭 ${householdNo(h)}`;
    const current = () => this.household(`h${h.row.id}`, () => toEvaluationInput(h.row, h.members), what);
    const pack = () => this.packOn(countyOf(h), date);
    const mon = h.monitoring;
    let defs: { ill: boolean; disabled: boolean } | null = null;
    const definitions = () => {
      if (!defs) {
        const parsed = current();
        const m = parsed.members.find((x) => x.id === member.id);
        try {
          const ctx = new Context(pack(), parsed);
          defs = { ill: !!m && ctx.isSeriouslyIll(m), disabled: !!m && ctx.isSeverelyDisabled(m) };
        } catch (e) { engineError(e, what); }
      }
      return defs!;
    };
    return {
      birthDate: member.birthDate,
      tekun,
      dibao,
      registeredPoor: h.row.registeredPoor,
      monitored: !!mon && mon.identifiedOn <= date && (mon.removedOn === null || mon.removedOn > date),
      lowIncome: () => LOW_INCOME_HOUSEHOLDS.has(this.evaluation(`h${h.row.id}@${date}`, pack(), current(), what).household.classification),
      get seriouslyIll() { return definitions().ill; },
      get severelyDisabled() { return definitions().disabled; },
    };
  }
}

const span = (e: Span): Span => ({ startMonth: e.startMonth, endMonth: e.endMonth });

/** The account a 个人垫付 reimbursement goes to: the household's entitlement account (an active one first). */
export function entitlementAccount(h: RegistryHousehold): StoredEntitlement['bank'] {
  const withBank = h.entitlements.filter((e) => e.bank);
  return (withBank.find((e) => e.endMonth === null) ?? withBank[withBank.length - 1])?.bank ?? null;
}
