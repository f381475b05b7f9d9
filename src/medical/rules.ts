/**
 * The rules of medical assistance (../shared/domain/RULES.md § 医疗救助), pure: a person's categories
 * on a date from what the platform records (model.ts PersonFacts), the category with the highest
 * ratio after the major-disease bonus (ties by the rules' order), the assistance of one settlement
 * against the calendar-year cap (recorded 医疗救助支付, severe mental illness, top-up to the target
 * ratio), the premium subsidy of a person and the identity list's category with 先诊疗后付费.
 * Amounts in fen, half-up to the fen; every figure carries reasons citing the parameters with
 * their values, dates and sources, as the engine's reasons do (policy/context.ts).
 */
import { ageOn, daysInMonth } from '../domain/dates.ts';
import { roundFen, yuanToFen } from '../domain/money.ts';
import { fractionText, reason, yuanText, type Reason } from '../policy/context.ts';
import type { Param, ResolvedPack } from '../policy/pack.ts';
import { CATEGORIES, CATEGORY_LABELS, type Assessment, type Category, type CategoryOrNone, type Choice, type PersonFacts, type SettlementRow, type Span } from './model.ts';

/** The engine's household classifications that make a household low-income for medical assistance. */
export const LOW_INCOME_HOUSEHOLDS = new Set(['lowIncome', 'dibao', 'tekun']);

/** medical.majorDiseases, or definitions.seriousIllnesses when the pack leaves it unset: the list and the parameters behind it. */
export function majorDiseases(pack: ResolvedPack): { list: string[]; params: Param[] } {
  const own = pack.get<string[] | null>('medical.majorDiseases');
  if (own.value !== null) return { list: own.value, params: [own] };
  const serious = pack.get<string[]>('definitions.seriousIllnesses');
  return { list: serious.value, params: [own, serious] };
}

/**
 * A disease code of the file as the pack's code: one of definitions.seriousIllnesses or
 * medical.majorDiseases, or one that medical.diseaseCodes maps to one; blank → null; unknown → undefined.
 */
export function diseaseCode(pack: ResolvedPack, raw: string | null): string | null | undefined {
  const code = raw?.normalize('NFKC').trim() ?? '';
  if (!code) return null;
  const known = new Set([...pack.value<string[]>('definitions.seriousIllnesses'), ...majorDiseases(pack).list]);
  if (known.has(code)) return code;
  const mapped = pack.value<Record<string, string>>('medical.diseaseCodes')[code];
  return mapped !== undefined && known.has(mapped) ? mapped : undefined;
}

const monthOf = (date: string) => date.slice(0, 7);
export const spanActive = (s: Span, date: string) => s.startMonth <= monthOf(date) && (s.endMonth === null || monthOf(date) <= s.endMonth);

interface Applicable { category: Category; because: string; span: Span | null }

/** The categories whose facts hold for the person on `date` (ratio not yet looked at), in RULES.md order. */
export function applicableCategories(pack: ResolvedPack, facts: PersonFacts, date: string, disease: string | null): { list: Applicable[]; params: Param[] } {
  const list: Applicable[] = [];
  const params: Param[] = [];
  if (facts.tekun) list.push({ category: 'tekun', because: `特困供养（待遇自 ${facts.tekun.startMonth} 起）`, span: facts.tekun });
  if (facts.dibao) {
    const age = ageOn(facts.birthDate, date);
    const elderly = pack.get<number>('medical.elderlyAge');
    const span = facts.dibao;
    if (span.longTerm) list.push({ category: 'dibaoLongTerm', because: `低保长期保障户成员（待遇自 ${span.startMonth} 起，计入低保的成员均无就业、无劳动能力）`, span });
    else if (age >= elderly.value) { list.push({ category: 'dibaoElderly', because: `低保对象，${date} 年满 ${age} 岁（≥ ${elderly.value} 岁）`, span }); params.push(elderly); }
    else list.push({ category: 'dibao', because: `低保对象（待遇自 ${span.startMonth} 起）`, span });
  }
  if (facts.registeredPoor) {
    const major = majorDiseases(pack);
    if (disease !== null && major.list.includes(disease)) { list.push({ category: 'registeredPoorMajor', because: `建档立卡户成员，病种 ${disease} 属重大疾病`, span: null }); params.push(...major.params); }
    list.push({ category: 'registeredPoor', because: '建档立卡户（脱贫户）成员', span: null });
  }
  if (facts.monitored) list.push({ category: 'monitored', because: `${date} 家庭在防返贫监测中`, span: null });
  if (!facts.tekun && !facts.dibao && facts.lowIncome()) list.push({ category: 'lowIncome', because: `${date} 按政策包测算，家庭为低收入家庭（或符合低保、特困条件但未获批）`, span: null });
  return { list, params };
}

/**
 * The person's category for a settlement (with its disease) or for the identity list (disease null,
 * bonus off): the applicable one with the highest ratio after the bonus, ties by RULES.md order.
 * A category whose ratio the pack leaves null (monitored by default) is not one.
 */
export function chooseCategory(pack: ResolvedPack, facts: PersonFacts | null, date: string, disease: string | null, withBonus = true): Choice {
  if (!facts) return { category: 'none', ratio: 0, span: null, reasons: [reason('medical.category', '不在本平台登记的在册人员中：无医疗救助类别，救助 0 元')] };
  const { list, params } = applicableCategories(pack, facts, date, disease);
  const bonus = withBonus && disease !== null ? bonusFor(pack, disease) : null;
  let best: { a: Applicable; ratio: number; param: Param<number> } | null = null;
  const considered: string[] = [];
  for (const a of list) {
    const p = pack.get<number | null>(`medical.ratio.${a.category}`);
    if (p.value === null) { considered.push(`${CATEGORY_LABELS[a.category]}（政策包未设比例，不作为救助类别）`); continue; }
    const ratio = Math.min(1, round9(p.value + (bonus?.add ?? 0)));
    considered.push(`${CATEGORY_LABELS[a.category]} ${fractionText(ratio)}`);
    if (!best || ratio > best.ratio + 1e-12) best = { a, ratio, param: p as Param<number> };
  }
  const facts_ = list.map((a) => a.because).join('；');
  if (!best) {
    return { category: 'none', ratio: 0, span: null,
      reasons: [reason('medical.category', list.length ? `${facts_}；${considered.join('、')}：无医疗救助类别，救助 0 元` : `${date} 不属于特困、低保、建档立卡、监测或低收入家庭：无医疗救助类别，救助 0 元`, ...params)] };
  }
  const reasons: Reason[] = [reason('medical.category', `${facts_}。可适用：${considered.join('、')}；取比例最高者（相同时按特困、低保长期保障户、低保高龄老人、低保、建档立卡重大疾病、建档立卡、监测、低收入的顺序）：${CATEGORY_LABELS[best.a.category]}`, ...params)];
  const base = best.param.value;
  if (bonus) {
    reasons.push(reason('medical.ratio', `救助比例 ${fractionText(base)}，病种属重大疾病提高 ${fractionText(bonus.add)}，为 ${fractionText(best.ratio)}${base + bonus.add > 1 + 1e-12 ? '（不超过 100%）' : ''}`, best.param, ...bonus.params));
  } else {
    reasons.push(reason('medical.ratio', `救助比例 ${fractionText(base)}`, best.param));
  }
  return { category: best.a.category, ratio: best.ratio, span: best.a.span, reasons };
}

const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

function bonusFor(pack: ResolvedPack, disease: string): { add: number; params: Param[] } | null {
  const major = majorDiseases(pack);
  if (!major.list.includes(disease)) return null;
  const p = pack.get<number>('medical.majorDiseaseBonus');
  return { add: p.value, params: [p, ...major.params] };
}

/**
 * The assistance of one settlement (RULES.md steps 1–4, the severe-mental rule, the top-up), given
 * the category chosen for it and `usedFen`: the person's computed and recorded assistance of earlier
 * settlements in the settlement date's calendar year.
 */
export function assess(pack: ResolvedPack, s: SettlementRow, choice: Choice, facts: PersonFacts | null, usedFen: number): Assessment {
  const reasons: Reason[] = [...choice.reasons];
  const capParam = pack.get<number>('medical.annualCap');
  const capFen = yuanToFen(capParam.value);
  const covered = pack.get<string[]>('medical.coveredTypes');
  const P = s.recordedFen;
  let ratio = choice.ratio;
  let baseFen = 0;
  let assistanceFen = 0;

  const fullCover = pack.get<boolean>('medical.severeMental.fullCover');
  const severe = fullCover.value && s.visitType === '住院' && s.disease === 'severe_mental' && !['none', 'lowIncome', 'monitored'].includes(choice.category);
  if (severe) {
    ratio = 1;
    baseFen = Math.max(0, s.totalFen - s.basicFen - s.seriousFen - P);
    assistanceFen = baseFen;
    reasons.push(reason('medical.severeMental', `重度精神病人住院：医保报销后的剩余费用全部救助，不受年度限额限制：总费用 ${yuanText(s.totalFen)} − 基本医保 ${yuanText(s.basicFen)} − 大病保险 ${yuanText(s.seriousFen)} − 已付医疗救助 ${yuanText(P)} = ${yuanText(baseFen)} 元`, fullCover));
  } else if (!covered.value.includes(s.visitType)) {
    reasons.push(reason('medical.notCovered', `就诊类型“${s.visitType}”不在医疗救助范围（${covered.value.join('、')}）：救助 0 元`, covered));
  } else {
    const deductible = pack.get<number>('medical.deductible');
    const dFen = yuanToFen(deductible.value);
    baseFen = Math.max(0, s.policyFen - s.basicFen - s.seriousFen - dFen);
    reasons.push(reason('medical.base', `可救助费用 = 政策范围内费用 ${yuanText(s.policyFen)} − 基本医保 ${yuanText(s.basicFen)} − 大病保险 ${yuanText(s.seriousFen)} − 起付线 ${yuanText(dFen)} = ${yuanText(baseFen)} 元${s.policyFen - s.basicFen - s.seriousFen - dFen < 0 ? '（不足 0 按 0 计）' : ''}`, deductible));
    if (choice.category === 'none') {
      // The category reason already says why: nothing is computed.
    } else if (P > 0) {
      reasons.push(reason('medical.recorded', `医保平台已支付医疗救助 ${yuanText(P)} 元：本次不再计算救助，该金额计入年度已救助额`, capParam));
    } else {
      const exact = baseFen * ratio;
      const computed = roundFen(exact, 'fen');
      const room = Math.max(0, capFen - usedFen);
      assistanceFen = Math.min(computed, room);
      const text = `${yuanText(baseFen)} × ${fractionText(ratio)} = ${Math.abs(exact - computed) < 1e-6 ? yuanText(computed) : `${(exact / 100).toFixed(4)}，四舍五入到分为 ${yuanText(computed)}`} 元；本年已救助 ${yuanText(usedFen)} 元，年度限额 ${yuanText(capFen)} 元，尚余 ${yuanText(room)} 元`;
      reasons.push(reason('medical.cap', computed > room ? `${text}，救助以限额余额为限：${yuanText(assistanceFen)} 元` : `${text}，救助 ${yuanText(assistanceFen)} 元`, capParam));
    }
  }
  if (severe && P > 0) reasons.push(reason('medical.recorded', `医保平台已支付医疗救助 ${yuanText(P)} 元，计入年度已救助额`, capParam));
  const yearAssistedFen = usedFen + P + assistanceFen;
  const capRemainingFen = Math.max(0, capFen - yearAssistedFen);

  let topUpFen = 0;
  const target = pack.get<number | null>('medical.topUp.ratio');
  if (target.value !== null && s.visitType === '住院' && facts?.registeredPoor) {
    const goal = roundFen(target.value * s.totalFen, 'fen');
    topUpFen = Math.max(0, goal - s.basicFen - s.seriousFen - P - assistanceFen);
    reasons.push(reason('medical.topUp', `建档立卡户成员住院，实际补偿比目标 ${fractionText(target.value)}：${yuanText(s.totalFen)} × ${fractionText(target.value)} = ${yuanText(goal)} 元，已由基本医保 ${yuanText(s.basicFen)}、大病保险 ${yuanText(s.seriousFen)}、医疗救助 ${yuanText(P + assistanceFen)} 元补偿，补足 ${yuanText(topUpFen)} 元（医疗扶助资金，不计入年度限额）`, target));
  }
  return { category: choice.category, ratio, baseFen, assistanceFen, recordedFen: P, topUpFen, yearAssistedFen, capRemainingFen, reasons };
}

/** Premium subsidy rows' categories, in RULES.md order (equal amounts: the first listed). */
export const PREMIUM_CATEGORIES = ['tekun', 'dibao', 'lowIncome', 'severeDisability', 'monitored'] as const;
export type PremiumCategory = (typeof PREMIUM_CATEGORIES)[number];

/** The premium subsidy (资助参保) of one person by their categories on the pack's date: the largest, never more than the individual premium; null when none. */
export function premiumSubsidy(pack: ResolvedPack, facts: PersonFacts): { category: PremiumCategory; fen: number; reasons: Reason[] } | null {
  const date = pack.date;
  const { list } = applicableCategories(pack, facts, date, null);
  const has = (c: Category) => list.some((a) => a.category === c);
  const candidates: { category: PremiumCategory; param: Param<number | null>; why: string; extra: Param[] }[] = [];
  if (has('tekun')) candidates.push({ category: 'tekun', param: pack.get('medical.premium.individual'), why: '特困供养人员，个人缴费全额资助', extra: [] });
  if (has('dibaoLongTerm') || has('dibaoElderly') || has('dibao')) candidates.push({ category: 'dibao', param: pack.get('medical.premium.dibao'), why: '低保对象', extra: [] });
  if (has('lowIncome')) {
    const age = ageOn(facts.birthDate, date);
    const minor = pack.get<number>('medical.premium.minorAge');
    const elderly = pack.get<number>('medical.premium.elderlyAge');
    const why = facts.seriouslyIll ? '重病' : facts.severelyDisabled ? '重度残疾' : age < minor.value ? `未成年人（${age} 岁）` : age >= elderly.value ? `老年人（${age} 岁）` : null;
    if (why) candidates.push({ category: 'lowIncome', param: pack.get('medical.premium.lowIncomeSpecial'), why: `低收入家庭中的${why}`, extra: [minor, elderly] });
  }
  if (facts.severelyDisabled) candidates.push({ category: 'severeDisability', param: pack.get('medical.premium.severeDisability'), why: '重度残疾人', extra: [] });
  if (facts.monitored) candidates.push({ category: 'monitored', param: pack.get('medical.premium.monitored'), why: '防返贫监测对象', extra: [] });
  const usable = candidates.filter((c) => c.param.value !== null);
  if (!usable.length) return null;
  const individual = pack.get<number>('medical.premium.individual');
  const indFen = yuanToFen(individual.value);
  let best: { c: (typeof usable)[number]; fen: number } | null = null;
  for (const c of usable) {
    const fen = Math.min(indFen, yuanToFen(c.param.value!));
    if (!best || fen > best.fen) best = { c, fen };
  }
  if (!best || best.fen <= 0) return null;
  const capped = yuanToFen(best.c.param.value!) > indFen;
  return { category: best.c.category, fen: best.fen, reasons: [reason('medical.premium', `${best.c.why}：资助参保 ${yuanText(best.fen)} 元${capped ? `（不超过个人缴费 ${yuanText(indFen)} 元）` : ''}`, best.c.param, individual, ...best.c.extra)] };
}

/** The identity list's entry: the category as for a settlement without a disease, its dates, 先诊疗后付费. */
export function identityOn(pack: ResolvedPack, facts: PersonFacts): { choice: Choice; from: string | null; to: string | null; treatFirst: boolean } | null {
  const choice = chooseCategory(pack, facts, pack.date, null, false);
  if (choice.category === 'none') return null;
  const treat = pack.get<string[]>('medical.treatFirstPayLater.categories');
  const span = choice.span;
  return { choice, from: span ? `${span.startMonth}-01` : null, to: span?.endMonth ? lastDay(span.endMonth) : null, treatFirst: treat.value.includes(choice.category) };
}

function lastDay(month: string): string {
  return `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
}

export const isCategory = (c: string): c is CategoryOrNone => c === 'none' || (CATEGORIES as readonly string[]).includes(c);
