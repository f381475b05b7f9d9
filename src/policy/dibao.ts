/**
 * 最低生活保障 (000:L126-148; 002:L589-593; 003 三(一)1(3)): counted income with employment-cost and
 * rigid-expense deductions, the asset test, the gap amount with 分类施保 surcharges, taper (渐退),
 * single-person inclusion (单人户), and the household's classification.
 */
import { addMonths } from '../domain/dates.ts';
import type { Fen } from '../domain/money.ts';
import { reason, yuanText, type Context, type Reason } from './context.ts';
import type { Member } from './household.ts';
import type { Param } from './pack.ts';

export type Classification = 'tekun' | 'dibao' | 'lowIncome' | 'none';

export interface DibaoResult {
  /** Members not tekun-eligible (C), and their number n. */
  counted: Member[];
  netFen: Fen;
  assetsOk: boolean;
  status: 'eligible' | 'taper' | 'ineligible' | 'none';
  amountFen: Fen;
  endsOn?: string;
  reasons: Reason[];
  singles: { member: Member; amountFen: Fen; reasons: Reason[] }[];
  classification: Classification;
}

function income(ctx: Context, counted: Member[]): { netFen: Fen; reasons: Reason[] } {
  const S = ctx.standard();
  const n = counted.length;
  const gross = counted.reduce((s, m) => s + m.incomeFen, 0);
  const reasons: Reason[] = [];
  let deductions = 0;
  const costParam = ctx.param<number>('dibao.employmentCost');
  if (costParam.value > 0) {
    const cost = ctx.fen('dibao.employmentCost');
    const employment = counted.filter((m) => m.employed).reduce((s, m) => s + Math.min(m.incomeFen, cost), 0);
    if (employment > 0) {
      deductions += employment;
      reasons.push(reason('dibao.employmentCost', `扣减就业成本 ${yuanText(employment)} 元（每名就业成员至多 ${yuanText(cost)} 元）`, costParam));
    }
  }
  const enabled = ctx.param<boolean>('dibao.rigidExpense.enabled');
  if (enabled.value) {
    const h = ctx.household;
    const threshold = ctx.param<number>('dibao.rigidExpense.thresholdMultiple');
    const cap = ctx.param<number>('dibao.rigidExpense.capMultiple');
    if (h.rigidExpensesFen > threshold.value * h.previousYearIncomeFen) {
      const rigid = Math.min(h.rigidExpensesFen / 12, cap.value * S * n);
      deductions += rigid;
      reasons.push(reason('dibao.rigidExpense', `年刚性支出 ${yuanText(h.rigidExpensesFen)} 元 > ${threshold.value} × 上年家庭收入 ${yuanText(h.previousYearIncomeFen)} 元，按月扣减 ${yuanText(Math.round(rigid))} 元（上限 ${cap.value} × 标准 × ${n} 人）`, enabled, threshold, cap, ctx.standardParam()));
    }
  }
  const netFen = Math.max(0, Math.round(gross - deductions));
  reasons.unshift(reason('dibao.income', `计入 ${n} 人，月收入合计 ${yuanText(gross)} 元，扣减后 ${yuanText(netFen)} 元，人均 ${yuanText(Math.round(netFen / n))} 元`));
  return { netFen, reasons };
}

function assetTest(ctx: Context, n: number): { ok: boolean; reasons: Reason[] } {
  const h = ctx.household;
  const reasons: Reason[] = [];
  const maxVehicles = ctx.param<number>('dibao.assets.maxVehicles');
  if (h.vehicles > maxVehicles.value) reasons.push(reason('dibao.assets.vehicles', `家庭有 ${h.vehicles} 辆机动车，超过允许的 ${maxVehicles.value} 辆`, maxVehicles));
  const business = ctx.param<boolean>('dibao.assets.businessAllowed');
  if (h.businessRegistered && !business.value) reasons.push(reason('dibao.assets.business', '家庭成员登记有经营主体', business));
  const months = ctx.param<number>('dibao.assets.financialMonths');
  const limit = months.value * ctx.standard() * n;
  if (h.financialAssetsFen > limit) {
    reasons.push(reason('dibao.assets.financial', `金融资产 ${yuanText(h.financialAssetsFen)} 元超过上限 ${yuanText(limit)} 元（${months.value} 个月 × 标准 × ${n} 人）`, months, ctx.standardParam()));
  }
  return { ok: reasons.length === 0, reasons };
}

const SURCHARGES = [
  ['elderly', '老年人'], ['severeDisability', '重度残疾人'], ['seriousIllness', '重病患者'], ['student', '在校学生'], ['singleParentChild', '单亲家庭子女'],
] as const;

function surchargeApplies(ctx: Context, m: Member, key: (typeof SURCHARGES)[number][0]): boolean {
  switch (key) {
    case 'elderly': return ctx.age(m) >= ctx.value<number>('dibao.surcharge.elderlyAge');
    case 'severeDisability': return ctx.isSeverelyDisabled(m);
    case 'seriousIllness': return ctx.isSeriouslyIll(m);
    case 'student': return ctx.isStudent(m);
    case 'singleParentChild': return ctx.household.singleParent && ctx.age(m) < ctx.value<number>('dibao.surcharge.singleParentChildAge');
  }
}

/** 分类施保 surcharge of one member: round(f × S), f the largest (or the sum) of the fractions that apply. */
export function surcharge(ctx: Context, m: Member): { fen: Fen; reason?: Reason } {
  const used: [string, Param<number>][] = [];
  for (const [key, label] of SURCHARGES) {
    const p = ctx.param<number>(`dibao.surcharge.${key}`);
    if (p.value > 0 && surchargeApplies(ctx, m, key)) used.push([label, p]);
  }
  if (used.length === 0) return { fen: 0 };
  const combine = ctx.param<string>('dibao.surcharge.combine');
  const f = combine.value === 'sum' ? used.reduce((s, [, p]) => s + p.value, 0) : Math.max(...used.map(([, p]) => p.value));
  const S = ctx.standard();
  const fen = ctx.round(f * S);
  const text = `${m.id} 分类施保（${used.map(([l, p]) => `${l} ${+(p.value * 100).toFixed(4)}%`).join('、')}，${combine.value === 'sum' ? '相加' : '取最高'}）：${+(f * 100).toFixed(4)}% × ${yuanText(S)} 元 = ${yuanText(fen)} 元`;
  return { fen, reason: reason('dibao.surcharge', text, ...used.map(([, p]) => p), combine, ctx.standardParam()) };
}

export function evaluateDibao(ctx: Context, counted: Member[]): DibaoResult {
  const n = counted.length;
  if (n === 0) {
    return { counted, netFen: 0, assetsOk: true, status: 'none', amountFen: 0, reasons: [], singles: [], classification: 'tekun' };
  }
  const h = ctx.household;
  const Sp = ctx.standardParam();
  const S = ctx.standard();
  const line = S * n;
  const { netFen, reasons } = income(ctx, counted);
  const assets = assetTest(ctx, n);
  const lowMultiple = ctx.param<number>('lowIncome.multiple');
  const lowIncome = assets.ok && netFen < lowMultiple.value * line;
  const singles: DibaoResult['singles'] = [];
  const result = (status: DibaoResult['status'], amountFen: Fen, reasons: Reason[], classification: Classification, endsOn?: string): DibaoResult =>
    ({ counted, netFen, assetsOk: assets.ok, status, amountFen, endsOn, reasons, singles, classification });

  if (netFen < line && assets.ok) {
    const gap = ctx.round(line - netFen);
    reasons.push(reason('dibao.gap', `人均收入 ${yuanText(Math.round(netFen / n))} 元 < 低保标准 ${yuanText(S)} 元；差额 = ${yuanText(S)} × ${n} − ${yuanText(netFen)} = ${yuanText(gap)} 元`, Sp));
    let amount = gap;
    for (const m of counted) {
      const s = surcharge(ctx, m);
      if (s.reason) { amount += s.fen; reasons.push(s.reason); }
    }
    const minimum = ctx.param<number>('dibao.minimumMonthly');
    if (amount < ctx.fen('dibao.minimumMonthly')) {
      amount = ctx.fen('dibao.minimumMonthly');
      reasons.push(reason('dibao.minimum', `不足最低发放额，按 ${yuanText(amount)} 元发放`, minimum));
    }
    return result('eligible', amount, reasons, 'dibao');
  }

  reasons.push(...assets.reasons);
  if (netFen >= line) reasons.push(reason('dibao.gap', `人均收入 ${yuanText(Math.round(netFen / n))} 元 ≥ 低保标准 ${yuanText(S)} 元`, Sp));

  // 渐退: on 低保 now, failing only the income test because a member of C works, within the taper period.
  const current = h.current;
  if (current?.program === 'dibao' && assets.ok && counted.some((m) => m.employed)) {
    const months = ctx.param<number>('dibao.taperMonths');
    const since = current.incomeAboveStandardSince ?? ctx.date;
    const endsOn = addMonths(since, months.value);
    if (ctx.date < endsOn) {
      const taperReasons = [...reasons, reason('dibao.taper', `家庭成员就业后收入超过低保标准（${current.incomeAboveStandardSince ? `自 ${since} 起` : '自评估日起'}），给予 ${months.value} 个月渐退期，至 ${endsOn} 止，期间按原低保金 ${yuanText(current.lastMonthlyFen)} 元/月发放`, months)];
      return result('taper', current.lastMonthlyFen, taperReasons, 'dibao', endsOn);
    }
  }

  // 单人户: severely disabled or seriously ill members of a low-income family, each as a one-person household.
  const singleEnabled = ctx.param<boolean>('dibao.single.enabled');
  if (singleEnabled.value && lowIncome) {
    for (const m of counted) {
      const disabled = ctx.isSeverelyDisabled(m);
      if (!disabled && !ctx.isSeriouslyIll(m)) continue;
      const gap = ctx.round(Math.max(0, S - m.incomeFen));
      const s = surcharge(ctx, m);
      const singleReasons = [
        reason('dibao.single', `低收入家庭（人均收入低于 ${lowMultiple.value} 倍低保标准）中的${disabled ? '重度残疾人' : '重病患者'}，参照“单人户”纳入低保：${yuanText(S)} − 本人收入 ${yuanText(m.incomeFen)} = ${yuanText(gap)} 元`,
          singleEnabled, lowMultiple, Sp, ...ctx.definitionParams(disabled ? 'severeDisability' : 'seriousIllness')),
        ...(s.reason ? [s.reason] : []),
      ];
      singles.push({ member: m, amountFen: gap + s.fen, reasons: singleReasons });
    }
  }
  return result('ineligible', 0, reasons, lowIncome ? 'lowIncome' : 'none');
}
