/**
 * Evaluates one household on a date under a resolved pack: only the members born by that date;
 * 特困 first, then 低保 for the others, then the programs that depend on both. Output is the shape
 * of ../shared/contract/EVALUATE.md (yuan at the edge); every entry carries its reasons with the
 * parameters behind them, and a member refused 特困 or 单人户 gets an ineligible entry saying why.
 */
import { fenToYuan, type Fen } from '../domain/money.ts';
import { Context, type Reason } from './context.ts';
import { assetTest, evaluateDibao } from './dibao.ts';
import { livingSubsidy, nursingSubsidy } from './disability.ts';
import { boardingSubsidy } from './education.ts';
import type { Household, Member } from './household.ts';
import type { ResolvedPack } from './resolve.ts';
import { decideTekun, tekunAmount } from './tekun.ts';
import { temporaryAssistance } from './temporary.ts';

export interface Benefit {
  program: string;
  status: 'eligible' | 'taper' | 'ineligible';
  members?: string[];
  member?: string;
  monthlyYuan?: number;
  annualYuan?: number;
  basicYuan?: number;
  careYuan?: number;
  /** 特困 of a registry person not assessed for self-care: the care part is withheld (only the registry's input can say so). */
  careWithheld?: true;
  /** 特困 whose 集中/分散 support is known (registry input only): who the care part is paid to. */
  carePayee?: 'institution' | 'carer' | 'person';
  endsOn?: string;
  approval?: 'township' | 'county';
  advance?: boolean;
  reasons: Reason[];
}

export interface Evaluation {
  id?: string | number | null;
  date: string;
  policy: string;
  household: { classification: string; countedMembers: number; netMonthlyIncomeYuan: number };
  benefits: Benefit[];
  totalMonthlyYuan: number;
}

const NO_MEMBERS: ReadonlySet<Member> = new Set();

/** A monthly amount counted in the total, in yuan (a module function: a named closure costs its name on every household). */
function monthly(total: { fen: Fen }, fen: Fen): number {
  total.fen += fen;
  return fenToYuan(fen);
}

export function evaluate(pack: ResolvedPack, h: Household): Evaluation {
  const ctx = new Context(pack, h);
  ctx.checkCertificates();
  const assets = assetTest(ctx);
  const decisions = ctx.members.map((m) => decideTekun(ctx, m, assets.ok));
  // Most households have no 特困 member: then every member counts for 低保 and the list is used as it is.
  let tekunCount = 0;
  for (const d of decisions) if (d.eligible) tekunCount++;
  const tekunMembers = tekunCount === 0 ? NO_MEMBERS : new Set(decisions.filter((d) => d.eligible).map((d) => d.member));
  const counted = tekunCount === 0 ? ctx.members : ctx.members.filter((m) => !tekunMembers.has(m));
  const dibao = evaluateDibao(ctx, counted, assets);
  const classification = ctx.members.length > 0 && tekunCount === ctx.members.length ? 'tekun' : dibao.classification;
  const benefits: Benefit[] = [];
  const total = { fen: 0 };

  if (dibao.status === 'eligible' || dibao.status === 'taper') {
    benefits.push({ program: 'dibao', members: counted.map((m) => m.id), status: dibao.status, monthlyYuan: monthly(total, dibao.amountFen),
      ...(dibao.endsOn ? { endsOn: dibao.endsOn } : {}), reasons: dibao.reasons });
  } else if (dibao.status === 'ineligible') {
    benefits.push({ program: 'dibao', members: counted.map((m) => m.id), status: 'ineligible', reasons: dibao.reasons });
  }
  for (const s of dibao.singles) {
    if (s.status === 'eligible') benefits.push({ program: 'dibao.single', member: s.member.id, status: 'eligible', monthlyYuan: monthly(total, s.amountFen), reasons: s.reasons });
    else benefits.push({ program: 'dibao.single', member: s.member.id, status: 'ineligible', reasons: s.reasons });
  }
  for (const d of decisions) {
    if (d.eligible) {
      const t = tekunAmount(ctx, d);
      benefits.push({ program: 'tekun', member: d.member.id, status: 'eligible', monthlyYuan: monthly(total, t.basicFen + t.careFen),
        basicYuan: fenToYuan(t.basicFen), careYuan: fenToYuan(t.careFen),
        ...(t.careWithheld ? { careWithheld: true as const } : {}), ...(t.carePayee ? { carePayee: t.carePayee } : {}), reasons: t.reasons });
    } else if (d.reasons.length) {
      benefits.push({ program: 'tekun', member: d.member.id, status: 'ineligible', reasons: d.reasons });
    }
  }
  for (const m of ctx.members) {
    const n = nursingSubsidy(ctx, m);
    if (n) benefits.push({ program: 'disability.nursing', member: m.id, status: 'eligible', monthlyYuan: monthly(total, n.amountFen), reasons: n.reasons });
  }
  const singles = dibao.singles.length === 0 ? NO_MEMBERS : new Set(dibao.singles.filter((s) => s.status === 'eligible').map((s) => s.member));
  const includeLowIncome = ctx.value<boolean>('disability.living.includeLowIncome');
  for (const m of counted) {
    const basis = dibao.classification === 'dibao' ? '低保家庭' : singles.has(m) ? '单人户低保' : includeLowIncome && dibao.classification === 'lowIncome' ? '低收入家庭' : null;
    const l = basis && livingSubsidy(ctx, m, basis);
    if (l) benefits.push({ program: 'disability.living', member: m.id, status: 'eligible', monthlyYuan: monthly(total, l.amountFen), reasons: l.reasons });
  }
  for (const m of ctx.members) {
    const b = boardingSubsidy(ctx, m, tekunMembers.has(m), classification);
    if (b) benefits.push({ program: 'education.boarding', member: m.id, status: 'eligible', annualYuan: fenToYuan(b.annualFen), reasons: b.reasons });
  }
  const t = temporaryAssistance(ctx);
  if (t) benefits.push({ program: 'temporary', status: 'eligible', approval: t.approval, advance: t.advance, reasons: t.reasons });

  // Built once, with the id first when there is one (a spread copy of the result cost an object per household).
  const household = { classification, countedMembers: counted.length, netMonthlyIncomeYuan: fenToYuan(dibao.netFen) };
  const totalMonthlyYuan = fenToYuan(total.fen);
  return h.id === null ? { date: pack.date, policy: pack.pack.id, household, benefits, totalMonthlyYuan }
    : { id: h.id, date: pack.date, policy: pack.pack.id, household, benefits, totalMonthlyYuan };
}
