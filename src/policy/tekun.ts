/**
 * 特困供养 (000:L126-130; 002:L597): who qualifies, decided first, and the monthly basic + care
 * amount. A member in a category who fails another condition gets the reasons of the refusal.
 */
import type { Fen } from '../domain/money.ts';
import { fractionText, reason, yuanText, type Context, type Reason } from './context.ts';
import type { Member } from './household.ts';
import type { Param } from './resolve.ts';

const IN_SCHOOL = new Set(['primary', 'junior', 'senior', 'vocational']);
const SCHOOL_TEXT: Record<string, string> = { primary: '小学', junior: '初中', senior: '高中', vocational: '中职' };
const SELF_CARE_TEXT = { unable: '全护理', partial: '半护理', able: '全自理' } as const;

export interface TekunResult {
  member: Member;
  basicFen: Fen;
  careFen: Fen;
  reasons: Reason[];
  /** Not assessed: the care part is 0 until an assessment gives the level (the payroll lists it for review). */
  careWithheld: boolean;
  /** Who the care part is paid to, when the member's 集中/分散 support is known; null otherwise (to the person, with the basic). */
  carePayee: 'institution' | 'carer' | 'person' | null;
}

export interface TekunDecision {
  member: Member;
  eligible: boolean;
  /**
   * Why, in either case; empty when nobody would ask: a member in no category, or refused while an
   * able supporter looks after them and they are not 特困 now.
   */
  reasons: Reason[];
}

/** The categories of rule 1: 0 none; a minor, a continuing student (both exempt from the labour condition), elderly, disabled. */
const enum Category { None, Minor, Continuation, Elderly, Disabled }

/**
 * The category of rule 1: a minor; a member supported as 特困 now who has come of age and is still in school
 * (continuation, only when listed in `current.tekunMembers`); elderly; disabled. Its reason is built only when
 * reported (categoryReason): most members in a category are refused and nobody asks why.
 */
function category(ctx: Context, m: Member): Category {
  const age = ctx.age(m);
  if (age < ctx.value<number>('tekun.minorAge')) return Category.Minor;
  if (ctx.value<boolean>('tekun.studentContinuation') && IN_SCHOOL.has(m.schooling) && (ctx.household.current?.tekunMembers.includes(m.id) ?? false)) return Category.Continuation;
  if (age >= ctx.value<number>('tekun.elderlyAge')) return Category.Elderly;
  return m.disability ? Category.Disabled : Category.None;
}

function categoryReason(ctx: Context, m: Member, cat: Category): Reason {
  const age = ctx.age(m);
  const minorAge = ctx.param<number>('tekun.minorAge');
  switch (cat) {
    case Category.Minor: return reason('tekun.category', `未满 ${minorAge.value} 周岁的未成年人（${age} 岁）`, minorAge);
    case Category.Continuation:
      return reason('tekun.category', `现为特困供养人员，年满 ${minorAge.value} 周岁（${age} 岁）仍在${SCHOOL_TEXT[m.schooling]}就读，可继续享有`, minorAge, ctx.param('tekun.studentContinuation'));
    case Category.Elderly: {
      const elderlyAge = ctx.param<number>('tekun.elderlyAge');
      return reason('tekun.category', `年满 ${elderlyAge.value} 周岁的老年人（${age} 岁）`, elderlyAge);
    }
    default: return reason('tekun.category', `残疾人（${m.disability!.grade} 级）`);
  }
}

/**
 * Rules 1-4 of RULES.md for one member on the date. `assetsOk` is the household's 低保 asset test
 * over all its members on the date (无生活来源 when `tekun.assetTest`).
 */
export function decideTekun(ctx: Context, m: Member, assetsOk: boolean): TekunDecision {
  const cat = category(ctx, m);
  if (cat === Category.None) return { member: m, eligible: false, reasons: [] };
  const exemptFromLabor = cat === Category.Minor || cat === Category.Continuation;
  // The conditions first, and only the reasons that are reported built: a refused member's met conditions are never
  // shown, and nothing at all for one nobody would ask about (issue 23: most members in a category are refused).
  const laborOk = exemptFromLabor || m.laborCapacity === 'none';
  const incomeOk = m.incomeFen < ctx.standard();
  const assetTest = ctx.param<boolean>('tekun.assetTest');
  const assetsPass = !assetTest.value || assetsOk;
  const supporterOk = m.supporter !== 'able';
  if (laborOk && incomeOk && assetsPass && supporterOk) {
    const reasons: Reason[] = [categoryReason(ctx, m, cat)];
    // Continuation keeps a 特困 minor in school; an adult student who was not 特困 is not made one.
    if (!exemptFromLabor) reasons.push(reason('tekun.noLabor', '无劳动能力'));
    reasons.push(reason('tekun.noLivelihood', `本人月收入 ${yuanText(m.incomeFen)} 元 < 低保标准 ${yuanText(ctx.standard())} 元`, ctx.standardParam()));
    if (assetTest.value) reasons.push(reason('tekun.assets', '家庭财产符合低保财产条件，无生活来源', assetTest));
    reasons.push(reason('tekun.noSupporter', m.supporter === 'none' ? '无法定赡养、抚养、扶养义务人' : '法定义务人无履行义务能力'));
    return { member: m, eligible: true, reasons };
  }
  // A refusal is reported for someone an officer would look at: supported as 特困 now, or without an able supporter.
  const asked = supporterOk || (ctx.household.current?.tekunMembers.includes(m.id) ?? false);
  if (!asked) return { member: m, eligible: false, reasons: [] };
  const refusals: Reason[] = [categoryReason(ctx, m, cat)];
  if (!laborOk) refusals.push(reason('tekun.noLabor', m.laborCapacity === 'full' ? '有劳动能力，不符合“无劳动能力”' : '部分丧失劳动能力，不符合“无劳动能力”'));
  if (!incomeOk) refusals.push(reason('tekun.noLivelihood', `本人月收入 ${yuanText(m.incomeFen)} 元 ≥ 低保标准 ${yuanText(ctx.standard())} 元，有生活来源`, ctx.standardParam()));
  if (!assetsPass) refusals.push(reason('tekun.assets', '家庭财产超过低保财产条件（见低保理由），不属“无生活来源”', assetTest));
  if (!supporterOk) refusals.push(reason('tekun.noSupporter', '有法定赡养、抚养、扶养义务人且有履行能力'));
  return { member: m, eligible: false, reasons: refusals };
}

/**
 * 000:L122: for 重病患者 and 重度残疾人 among 特困 persons the standard is raised — the basic standard
 * times (1 + the largest of `tekun.surcharge.severeDisability` / `.seriousIllness` that applies).
 */
function raised(ctx: Context, m: Member, basicFen: Fen, reasons: Reason[]): Fen {
  const applying: { label: string; param: Param<number>; behind: Param[] }[] = [];
  const disability = ctx.param<number>('tekun.surcharge.severeDisability');
  if (disability.value > 0 && ctx.isSeverelyDisabled(m)) applying.push({ label: '重度残疾人', param: disability, behind: ctx.definitionParams('severeDisability') });
  const illness = ctx.param<number>('tekun.surcharge.seriousIllness');
  if (illness.value > 0 && ctx.isSeriouslyIll(m)) applying.push({ label: '重病患者', param: illness, behind: ctx.definitionParams('seriousIllness', m) });
  if (applying.length === 0) return basicFen;
  const top = applying.reduce((a, b) => (b.param.value > a.param.value ? b : a));
  const raiseFen = ctx.round(top.param.value * basicFen);
  reasons.push(reason('tekun.raise', `${top.label}提高基本生活标准 ${fractionText(top.param.value)} × ${yuanText(basicFen)} 元 = ${yuanText(raiseFen)} 元，基本生活标准计 ${yuanText(basicFen + raiseFen)} 元/月`,
    top.param, ...top.behind));
  return (basicFen + raiseFen) as Fen;
}

export function tekunAmount(ctx: Context, decision: TekunDecision): TekunResult {
  const m = decision.member;
  const S = ctx.standardParam();
  const reasons: Reason[] = [...decision.reasons];
  let basicFen: Fen;
  const fixed = ctx.param<number | null>('tekun.basicStandard');
  if (fixed.value !== null) {
    basicFen = ctx.round(ctx.fen('tekun.basicStandard'));
    reasons.push(reason('tekun.basic', `基本生活标准 ${ctx.rounded(ctx.fen('tekun.basicStandard'), basicFen)} 元/月（政策包设定）`, fixed));
  } else {
    const multiple = ctx.param<number>('tekun.basicMultiple');
    const base = ctx.param<string>('tekun.base');
    const baseParam = base.value === 'urban' ? ctx.param<number>('dibao.standard.urban') : S;
    const baseFen = ctx.fen(baseParam.name);
    const exact = multiple.value * baseFen;
    basicFen = ctx.round(exact);
    reasons.push(reason('tekun.basic', `基本生活标准 = ${multiple.value} × ${base.value === 'urban' ? '城市' : ''}低保标准 ${yuanText(baseFen)} 元 = ${ctx.rounded(exact, basicFen)} 元/月`, multiple, base, baseParam));
  }
  basicFen = raised(ctx, m, basicFen, reasons);
  const care = careAmount(ctx, m);
  reasons.push(care.reason);
  const careFen = care.fen;
  reasons.push(reason('tekun.total', `特困供养金 = ${yuanText(basicFen)} + ${yuanText(careFen)} = ${yuanText(basicFen + careFen)} 元/月${care.withheld ? '（照料护理费待评估后计发）' : ''}`));
  return { member: m, basicFen, careFen, reasons, careWithheld: care.withheld, carePayee: carePayee(ctx, m) };
}

/**
 * The monthly care amount (照料护理费) of a 特困 person, in order: not assessed → withheld (0, never guessed);
 * 集中供养 and 全护理 with the pack's annual standard (郴州 10,000 元/年, 002:L597) → that ÷ 12; 全自理 with the
 * hospital care insurance and the city's standard (000:L130) → that; otherwise the tier's fraction of the minimum wage.
 */
function careAmount(ctx: Context, m: Member): { fen: Fen; withheld: boolean; reason: Reason } {
  if (m.selfCare === 'unassessed') {
    return { fen: 0, withheld: true, reason: reason('tekun.care', '未做生活自理能力评估：照料护理费暂不计发，待评估后按评估等级确定（不作推定）') };
  }
  const annual = ctx.param<number | null>('tekun.care.concentratedUnableAnnual');
  if (m.selfCare === 'unable' && m.careSetting === 'concentrated' && annual.value !== null) {
    const exact = ctx.fen('tekun.care.concentratedUnableAnnual') / 12;
    const fen = ctx.round(exact);
    return { fen, withheld: false, reason: reason('tekun.care', `照料护理费（集中供养、全护理）= 护理标准 ${yuanText(ctx.fen('tekun.care.concentratedUnableAnnual'))} 元/年 ÷ 12 = ${ctx.rounded(exact, fen)} 元/月`, annual) };
  }
  const insured = ctx.param<number | null>('tekun.care.ableInsured');
  if (m.selfCare === 'able' && m.careInsured && insured.value !== null) {
    const fen = ctx.round(ctx.fen('tekun.care.ableInsured'));
    return { fen, withheld: false, reason: reason('tekun.care', `照料护理费（全自理，已购买住院期间照料护理保险）按市定标准 ${yuanText(fen)} 元/月`, insured) };
  }
  const wage = ctx.param<number>('tekun.minimumWage');
  const fraction = ctx.param<number>(`tekun.care.${m.selfCare}`);
  const exactCare = fraction.value * ctx.fen('tekun.minimumWage');
  const fen = ctx.round(exactCare);
  return { fen, withheld: false, reason: reason('tekun.care', `照料护理费（${SELF_CARE_TEXT[m.selfCare]}）= ${fractionText(fraction.value)} × 最低工资 ${yuanText(ctx.fen('tekun.minimumWage'))} 元 = ${ctx.rounded(exactCare, fen)} 元/月`, fraction, wage) };
}

/** Who the care part is paid to, when the member's 集中/分散 support is known (the registry's records); null: with the rest, to the person. */
function carePayee(ctx: Context, m: Member): 'institution' | 'carer' | 'person' | null {
  if (m.careSetting === null) return null;
  return ctx.value<'institution' | 'person' | 'carer'>(`tekun.carePayee.${m.careSetting}`);
}
