/**
 * 最低生活保障 (000:L126-148; 002:L589-593; 003:L36): counted income with employment-cost and
 * rigid-expense deductions, the asset test (over all N members on the date), the gap amount with
 * 分类施保 surcharges, taper (渐退), single-person inclusion (单人户), and the household's classification.
 */
import { addMonths } from '../domain/dates.ts';
import type { Fen } from '../domain/money.ts';
import { disabilityText, fractionText, reason, yuanText, type Context, type Reason } from './context.ts';
import { InputError, type Member } from './household.ts';
import type { Param } from './resolve.ts';
import { SINGLE_CATEGORIES } from './parameters.ts';

export type Classification = 'tekun' | 'dibao' | 'lowIncome' | 'none';

export interface SingleResult {
  member: Member;
  status: 'eligible' | 'ineligible';
  amountFen: Fen;
  reasons: Reason[];
}

export interface DibaoResult {
  /** Members not tekun-eligible (C), and their number n. */
  counted: Member[];
  netFen: Fen;
  assetsOk: boolean;
  status: 'eligible' | 'taper' | 'ineligible' | 'none';
  amountFen: Fen;
  endsOn?: string;
  reasons: Reason[];
  /** 单人户: the eligible ones, and candidates refused with their reasons. */
  singles: SingleResult[];
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
    // Previous-year income not given: 12 × the monthly income of C, the members counted for 低保.
    const previous = h.previousYearIncomeFen ?? 12 * gross;
    const previousText = h.previousYearIncomeFen === null ? `上年家庭收入（未填，按计入成员月收入 × 12）${yuanText(previous)} 元` : `上年家庭收入 ${yuanText(previous)} 元`;
    if (h.rigidExpensesFen > threshold.value * previous) {
      const monthly = h.rigidExpensesFen / 12;
      const capFen = cap.value * S;
      const rigid = Math.round(Math.min(monthly, capFen));
      deductions += rigid;
      reasons.push(reason('dibao.rigidExpense', `年刚性支出 ${yuanText(h.rigidExpensesFen)} 元 > ${threshold.value} × ${previousText}；按月扣减 min(${yuanText(h.rigidExpensesFen)} ÷ 12 = ${yuanText(Math.round(monthly))}，${cap.value} × 月低保标准 ${yuanText(S)} = ${yuanText(Math.round(capFen))}) = ${yuanText(rigid)} 元`,
        enabled, threshold, cap, ctx.standardParam()));
    }
  }
  const netFen = Math.max(0, Math.round(gross - deductions));
  reasons.unshift(reason('dibao.income', `计入 ${n} 人，月收入合计 ${yuanText(gross)} 元${deductions > 0 ? `，扣减后 ${yuanText(netFen)} 元` : ''}，人均约 ${yuanText(Math.round(netFen / n))} 元`));
  return { netFen, reasons };
}

/** The asset test over the household's N members on the date (their assets belong to all of them). */
export function assetTest(ctx: Context): { ok: boolean; reasons: Reason[] } {
  const h = ctx.household;
  const N = ctx.members.length;
  const reasons: Reason[] = [];
  const maxVehicles = ctx.param<number>('dibao.assets.maxVehicles');
  if (h.vehicles > maxVehicles.value) reasons.push(reason('dibao.assets.vehicles', `家庭有 ${h.vehicles} 辆机动车，超过允许的 ${maxVehicles.value} 辆`, maxVehicles));
  const business = ctx.param<boolean>('dibao.assets.businessAllowed');
  if (h.businessRegistered && !business.value) reasons.push(reason('dibao.assets.business', '家庭成员登记有经营主体', business));
  const months = ctx.param<number>('dibao.assets.financialMonths');
  const limit = months.value * ctx.standard() * N;
  if (h.financialAssetsFen > limit) {
    reasons.push(reason('dibao.assets.financial', `金融资产 ${yuanText(h.financialAssetsFen)} 元超过上限 ${months.value} 个月 × 标准 ${yuanText(ctx.standard())} 元 × 家庭 ${N} 人 = ${yuanText(limit)} 元`, months, ctx.standardParam()));
  }
  return { ok: reasons.length === 0, reasons };
}

/** The 分类施保 groups: key, label and the name of the fraction's parameter (written out: looked up per member of every household). */
const SURCHARGES = [
  ['elderly', '老年人', 'dibao.surcharge.elderly'], ['severeDisability', '重度残疾人', 'dibao.surcharge.severeDisability'],
  ['seriousIllness', '重病患者', 'dibao.surcharge.seriousIllness'], ['student', '在校学生', 'dibao.surcharge.student'],
  ['singleParentChild', '单亲家庭成员', 'dibao.surcharge.singleParentChild'],
] as const;

/** The living subsidy's parameter by disability grade (1–4). */
const LIVING_GRADE = ['', 'disability.living.grade1', 'disability.living.grade2', 'disability.living.grade3', 'disability.living.grade4'];

function surchargeApplies(ctx: Context, m: Member, key: (typeof SURCHARGES)[number][0]): Param[] | null {
  switch (key) {
    case 'elderly': {
      const age = ctx.param<number>('dibao.surcharge.elderlyAge');
      return ctx.age(m) >= age.value ? [age] : null;
    }
    case 'severeDisability': return ctx.isSeverelyDisabled(m) ? ctx.definitionParams('severeDisability') : null;
    case 'seriousIllness': return ctx.isSeriouslyIll(m) ? ctx.definitionParams('seriousIllness', m) : null;
    case 'student': return ctx.isStudent(m) ? [] : null;
    case 'singleParentChild': {
      if (!ctx.household.singleParent) return null;
      const scope = ctx.param<string>('dibao.surcharge.singleParentScope');
      if (scope.value === 'all') return [scope];
      const age = ctx.param<number>('dibao.surcharge.singleParentChildAge');
      return ctx.age(m) < age.value ? [scope, age] : null;
    }
  }
}

/** Whether the member receives the disability living subsidy (its amount for the grade is above 0). */
export function livingAmount(ctx: Context, m: Member): { param: Param<number>; exactFen: number; fen: Fen } | null {
  if (!m.disability) return null;
  const param = ctx.param<number>(LIVING_GRADE[m.disability.grade] || `disability.living.grade${m.disability.grade}`);
  const exactFen = param.value * ctx.standard();
  const fen = ctx.round(exactFen);
  return fen > 0 ? { param, exactFen, fen } : null;
}

/**
 * 分类施保 surcharge of one member of a 低保 household (or a 单人户): round(f × S), f the largest (or the
 * sum) of the fractions that apply. Where the living subsidy is the 重残 increase
 * (`disability.living.replacesSurcharge`), its recipient gets no 重残 fraction.
 */
export function surcharge(ctx: Context, m: Member): { fen: Fen; reason?: Reason } {
  const used: [string, Param<number>][] = [];
  const behind: Param[] = [];
  let replaced: Reason | undefined;
  for (const [key, label, name] of SURCHARGES) {
    const p = ctx.param<number>(name);
    if (p.value <= 0) continue;
    const applies = surchargeApplies(ctx, m, key);
    if (!applies) continue;
    if (key === 'severeDisability') {
      const replaces = ctx.param<boolean>('disability.living.replacesSurcharge');
      if (replaces.value && livingAmount(ctx, m)) {
        replaced = reason('dibao.surcharge', `${m.id} 领取残疾人生活补贴，即其重残分类施保增发，不再另计重度残疾人 ${fractionText(p.value)}`, replaces, p);
        continue;
      }
    }
    used.push([label, p]);
    behind.push(...applies);
  }
  if (used.length === 0) return { fen: 0, reason: replaced };
  const combine = ctx.param<string>('dibao.surcharge.combine');
  const f = combine.value === 'sum' ? used.reduce((s, [, p]) => s + p.value, 0) : Math.max(...used.map(([, p]) => p.value));
  const S = ctx.standard();
  const exact = f * S;
  const fen = ctx.round(exact);
  const groups = used.map(([l, p]) => `${l} ${fractionText(p.value)}`).join('、');
  const text = `${m.id} 分类施保（${groups}${used.length > 1 ? `，${combine.value === 'sum' ? '相加' : '取最高'}` : ''}）：${fractionText(f)} × ${yuanText(S)} 元 = ${ctx.rounded(exact, fen)} 元${replaced ? `；${replaced.text}` : ''}`;
  return { fen, reason: reason('dibao.surcharge', text, ...used.map(([, p]) => p), ...(used.length > 1 ? [combine] : []), ctx.standardParam(), ...behind, ...(replaced?.parameters.slice(0, 1) ?? [])) };
}

/** Members left out of 低保 on the date, and why: 特困 members and those not yet born. */
function leftOut(ctx: Context, counted: Member[]): Reason[] {
  if (counted.length === ctx.members.length && ctx.unborn.length === 0) return [];
  const inC = new Set(counted);
  const tekun = ctx.members.filter((m) => !inC.has(m));
  const reasons: Reason[] = [];
  if (tekun.length) reasons.push(reason('dibao.members', `${tekun.map((m) => m.id).join('、')} 符合特困供养条件，单独供养，不计入低保家庭人数和收入`));
  if (ctx.unborn.length) reasons.push(reason('dibao.members', `${ctx.unborn.map((m) => `${m.id}（${m.birthDate} 出生）`).join('、')}在评估日 ${ctx.date} 尚未出生，不计入`));
  return reasons;
}

/**
 * A result of evaluateDibao. Module-level functions rather than named closures on the per-household path:
 * the TypeScript compiler keeps a named closure's name by setting it on every creation (issue 23 profile).
 */
function dibaoResult(base: Pick<DibaoResult, 'counted' | 'netFen' | 'assetsOk' | 'singles'>, status: DibaoResult['status'], amountFen: Fen, reasons: Reason[], classification: Classification, endsOn?: string): DibaoResult {
  return { counted: base.counted, netFen: base.netFen, assetsOk: base.assetsOk, status, amountFen, endsOn, reasons, singles: base.singles, classification };
}

export function evaluateDibao(ctx: Context, counted: Member[], assets: { ok: boolean; reasons: Reason[] }): DibaoResult {
  const n = counted.length;
  if (n === 0) {
    return { counted, netFen: 0, assetsOk: assets.ok, status: 'none', amountFen: 0, reasons: [], singles: [], classification: ctx.members.length ? 'tekun' : 'none' };
  }
  const h = ctx.household;
  const Sp = ctx.standardParam();
  const S = ctx.standard();
  const line = S * n;
  const { netFen, reasons } = income(ctx, counted);
  reasons.unshift(...leftOut(ctx, counted));
  const lowMultiple = ctx.param<number>('lowIncome.multiple');
  const lowIncome = assets.ok && netFen < lowMultiple.value * line;
  const singles: SingleResult[] = [];
  const base = { counted, netFen, assetsOk: assets.ok, singles };

  if (netFen < line && assets.ok) {
    const exactGap = line - netFen;
    const gap = ctx.round(exactGap);
    const own: Reason[] = [reason('dibao.gap', `人均收入约 ${yuanText(Math.round(netFen / n))} 元 < 低保标准 ${yuanText(S)} 元；差额 = ${yuanText(S)} × ${n} − ${yuanText(netFen)} = ${ctx.rounded(exactGap, gap)} 元`, Sp)];
    let amount = gap;
    const parts = [yuanText(gap)];
    for (const m of counted) {
      const s = surcharge(ctx, m);
      if (s.reason) own.push(s.reason);
      if (s.fen > 0) { amount += s.fen; parts.push(yuanText(s.fen)); }
    }
    const minimum = ctx.param<number>('dibao.minimumMonthly');
    if (amount > 0 && amount < ctx.fen('dibao.minimumMonthly')) {
      own.push(reason('dibao.minimum', `计算金额 ${yuanText(amount)} 元不足最低发放额，按 ${yuanText(ctx.fen('dibao.minimumMonthly'))} 元发放`, minimum));
      amount = ctx.fen('dibao.minimumMonthly');
    } else if (parts.length > 1) {
      own.push(reason('dibao.amount', `低保金 = ${parts.join(' + ')} = ${yuanText(amount)} 元/月`));
    }
    if (amount > 0) { for (const r of own) reasons.push(r); return dibaoResult(base, 'eligible', amount, reasons, 'dibao'); }
    // A household whose amount is 0 is not eligible: classified as below, and may have 单人户.
    reasons.push(...own, reason('dibao.zero', '计算低保金为 0 元，不纳入低保'));
  } else {
    reasons.push(...assets.reasons);
    if (netFen >= line) reasons.push(reason('dibao.gap', `人均收入约 ${yuanText(Math.round(netFen / n))} 元 ≥ 低保标准 ${yuanText(S)} 元（家庭月收入 ${yuanText(netFen)} 元 ≥ ${yuanText(S)} × ${n} = ${yuanText(line)} 元）`, Sp));
  }

  // 渐退: on 低保 now, failing only the income test, with an employed member of C, within the taper period.
  const current = h.current;
  const taperCandidate = assets.ok && netFen >= line && counted.some((m) => m.employed);
  if (taperCandidate && current && current.program === null && (current.incomeAboveStandardSince !== null || current.lastMonthlyFen !== null)) {
    throw new InputError('current.program', '判断渐退期需要现享受的项目（现享受低保填 dibao）：已给出收入超过标准的日期或现发放金额，有成员就业且收入已超过标准');
  }
  if (current?.program === 'dibao' && taperCandidate) {
    const months = ctx.param<number>('dibao.taperMonths');
    const since = current.incomeAboveStandardSince;
    if (since === null) throw new InputError('current.incomeAboveStandardSince', '判断渐退期需要家庭收入超过低保标准的日期（YYYY-MM-DD）：现享受低保、有成员就业且收入已超过标准');
    if (since > ctx.date) throw new InputError('current.incomeAboveStandardSince', `收入超过低保标准的日期 ${since} 晚于评估日 ${ctx.date}`);
    if (current.lastMonthlyFen === null) throw new InputError('current.lastMonthlyYuan', '判断渐退期需要现发放的低保金（元/月）');
    // 000:L148 "不超过一年的渐退期": the months decided for the case, up to dibao.taperMonths; the maximum only when none was decided.
    const decided = current.taperMonths;
    if (decided !== null && decided > months.value) throw new InputError('current.taperMonths', `决定的渐退期 ${decided} 个月超过政策包规定的上限 ${months.value} 个月（dibao.taperMonths）`);
    const taperMonths = decided ?? months.value;
    const why = decided !== null ? `按决定给予 ${decided} 个月渐退期（上限 ${months.value} 个月）` : `给予 ${months.value} 个月渐退期（未另行决定，按上限）`;
    const endsOn = addMonths(since, taperMonths);
    if (ctx.date < endsOn) {
      reasons.push(reason('dibao.taper', `家庭成员就业后自 ${since} 起收入超过低保标准，${why}，至 ${endsOn} 止，期间按原低保金 ${yuanText(current.lastMonthlyFen)} 元/月发放`, months));
      return dibaoResult(base, 'taper', current.lastMonthlyFen, reasons, 'dibao', endsOn);
    }
    reasons.push(reason('dibao.taper', `收入自 ${since} 起超过低保标准，${taperMonths} 个月渐退期已于 ${endsOn} 结束`, months));
  }

  // 单人户: members of a low-income family in the pack's categories (重残, 重病; 郴州 more, 002:L589) whose own income is below S, each alone.
  const singleEnabled = ctx.param<boolean>('dibao.single.enabled');
  if (singleEnabled.value && lowIncome) {
    const laborLoss = ctx.param<boolean>('dibao.single.requireLaborLoss');
    for (const m of counted) {
      const { matches, notes } = singleCategories(ctx, m);
      if (matches.length === 0) {
        if (notes.length) singles.push({ member: m, status: 'ineligible', amountFen: 0, reasons: notes });
        continue;
      }
      const laborFails = laborLoss.value && m.laborCapacity === 'full';
      // Labor loss required and the member can work: a category without that requirement (成年、无业重度残疾人), if any.
      const match = (laborFails && matches.find((x) => x.laborExempt)) || matches[0];
      const basis = reason('dibao.single', `${m.id} 是低收入家庭（家庭月收入 ${yuanText(netFen)} 元 < ${lowMultiple.value} × ${yuanText(S)} × ${n} 元）中的${match.who}`,
        singleEnabled, lowMultiple, Sp, ...match.params);
      const refusals: Reason[] = [];
      if (m.incomeFen >= S) refusals.push(reason('dibao.single', `本人月收入 ${yuanText(m.incomeFen)} 元 ≥ 低保标准 ${yuanText(S)} 元，不参照“单人户”纳入低保`, Sp));
      if (laborFails && !match.laborExempt) refusals.push(reason('dibao.single', '有劳动能力，不属“完全或部分丧失劳动能力”的人员', laborLoss));
      if (refusals.length) {
        singles.push({ member: m, status: 'ineligible', amountFen: 0, reasons: [basis, ...refusals] });
        continue;
      }
      const laborText = laborLoss.value && !match.laborExempt;
      const gap = ctx.round(S - m.incomeFen);
      const s = surcharge(ctx, m);
      const singleReasons = [
        basis,
        reason('dibao.single', `参照“单人户”纳入低保：${yuanText(S)} − 本人收入 ${yuanText(m.incomeFen)} = ${ctx.rounded(S - m.incomeFen, gap)} 元${laborText ? `（${m.laborCapacity === 'none' ? '完全' : '部分'}丧失劳动能力）` : ''}`, Sp, ...(laborText ? [laborLoss] : [])),
        ...(s.reason ? [s.reason] : []),
        ...(s.fen > 0 ? [reason('dibao.amount', `低保金 = ${yuanText(gap)} + ${yuanText(s.fen)} = ${yuanText(gap + s.fen)} 元/月`)] : []),
      ];
      singles.push({ member: m, status: 'eligible', amountFen: gap + s.fen, reasons: singleReasons });
    }
  }
  return dibaoResult(base, 'ineligible', 0, reasons, lowIncome ? 'lowIncome' : 'none');
}

interface SingleMatch {
  who: string;
  params: Param[];
  /** 002:L589 lists 生活困难的成年、无业重度残疾人 apart from those who lost their capacity to work. */
  laborExempt: boolean;
}

/**
 * The 单人户 categories of `dibao.single.categories` the member falls in, first the documents' 重残 and
 * 重病 (000:L128, worded as before), then 郴州's (002:L589), which need the input's optional facts: an
 * absent fact is never assumed (and adds nothing to the output); a fact given that does not make the member
 * a candidate is said in `notes`.
 */
/** A fact given that does not make the member a candidate of a 单人户 category, said in the notes (not a closure: see dibaoResult). */
function note(notes: Reason[], m: Member, categories: Param<string[]>, category: string, text: string, ...params: Param[]) {
  notes.push(reason('dibao.single', `${m.id} 不属“单人户”${SINGLE_CATEGORIES[category]}：${text}`, categories, ...params));
}

function singleCategories(ctx: Context, m: Member): { matches: SingleMatch[]; notes: Reason[] } {
  const categories = ctx.param<string[]>('dibao.single.categories');
  const matches: SingleMatch[] = [];
  const notes: Reason[] = [];
  const disabled = ctx.isSeverelyDisabled(m);
  const illnesses = ctx.seriousIllnesses(m);
  if (disabled && categories.value.includes('severeDisability')) matches.push({ who: `重度残疾人（${disabilityText(m.disability!)}）`, params: ctx.definitionParams('severeDisability'), laborExempt: false });
  else if (illnesses.length > 0 && categories.value.includes('seriousIllness')) matches.push({ who: `重病患者（${illnesses.join('、')}）`, params: ctx.definitionParams('seriousIllness', m), laborExempt: false });
  const age = ctx.age(m);
  if (categories.value.includes('difficultElderly') && m.difficultElderly !== null) {
    const elderlyAge = ctx.param<number>('dibao.single.elderlyAge');
    if (!m.difficultElderly) note(notes, m, categories, 'difficultElderly', '未认定为子女均属低收入家庭、赡养能力较弱且实际生活困难的老年人（difficultElderly 为 false）');
    else if (age < elderlyAge.value) note(notes, m, categories, 'difficultElderly', `${age} 岁，未满 ${elderlyAge.value} 岁`, elderlyAge);
    else matches.push({ who: `困难老年人（${age} 岁，子女均属低收入家庭、赡养能力较弱且实际生活困难）`, params: [categories, elderlyAge], laborExempt: false });
  }
  const adultAge = ctx.param<number>('dibao.single.adultAge');
  if (categories.value.includes('difficultMinor') && age < adultAge.value && (illnesses.length > 0 || m.unsupportedChild === true)) {
    const why = illnesses.length > 0 ? `重病：${illnesses.join('、')}` : '事实无人抚养儿童';
    matches.push({ who: `困难未成年人（${age} 岁，${why}）`, params: [categories, adultAge, ...(illnesses.length > 0 ? ctx.definitionParams('seriousIllness', m) : [])], laborExempt: false });
  } else if (categories.value.includes('difficultMinor') && m.unsupportedChild === true) {
    note(notes, m, categories, 'difficultMinor', `${age} 岁，已满 ${adultAge.value} 岁，不是未成年人`, adultAge);
  }
  if (categories.value.includes('adultUnemployedSevereDisability') && m.livingDifficulty !== null) {
    if (!m.livingDifficulty) note(notes, m, categories, 'adultUnemployedSevereDisability', '未认定为生活困难（livingDifficulty 为 false）');
    else if (!disabled) note(notes, m, categories, 'adultUnemployedSevereDisability', '不是重度残疾人', ...ctx.definitionParams('severeDisability'));
    else if (age < adultAge.value) note(notes, m, categories, 'adultUnemployedSevereDisability', `${age} 岁，未满 ${adultAge.value} 岁`, adultAge);
    else if (m.employed) note(notes, m, categories, 'adultUnemployedSevereDisability', '有就业，不是无业人员');
    else matches.push({ who: `生活困难的成年、无业重度残疾人（${disabilityText(m.disability!)}，${age} 岁，无业）`, params: [categories, adultAge, ...ctx.definitionParams('severeDisability')], laborExempt: true });
  }
  return { matches, notes };
}
