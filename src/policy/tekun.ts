/** 特困供养 (000:L126-130; 002:L597): who qualifies, decided first, and the monthly basic + care amount. */
import type { Fen } from '../domain/money.ts';
import { reason, yuanText, type Context, type Reason } from './context.ts';
import type { Member } from './household.ts';

const IN_SCHOOL = new Set(['primary', 'junior', 'senior', 'vocational']);
const SELF_CARE_TEXT = { unable: '全护理', partial: '半护理', able: '全自理' } as const;

export interface TekunResult {
  member: Member;
  basicFen: Fen;
  careFen: Fen;
  reasons: Reason[];
}

/** The category of rule 1, or null: elderly, disabled, minor, or an adult still in school. */
function category(ctx: Context, m: Member): { text: string; exemptFromLabor: boolean } | null {
  const age = ctx.age(m);
  const elderlyAge = ctx.value<number>('tekun.elderlyAge');
  const minorAge = ctx.value<number>('tekun.minorAge');
  if (age < minorAge) return { text: `未满 ${minorAge} 周岁的未成年人（${age} 岁）`, exemptFromLabor: true };
  if (IN_SCHOOL.has(m.schooling)) return { text: `年满 ${minorAge} 周岁仍在校就读（${age} 岁）`, exemptFromLabor: true };
  if (age >= elderlyAge) return { text: `年满 ${elderlyAge} 周岁的老年人（${age} 岁）`, exemptFromLabor: false };
  if (m.disability) return { text: `残疾人（${m.disability.grade} 级）`, exemptFromLabor: false };
  return null;
}

/** Whether the member is tekun-eligible on the date (rules 1-4 of RULES.md). */
export function isTekunEligible(ctx: Context, m: Member): boolean {
  const cat = category(ctx, m);
  if (!cat) return false;
  if (!cat.exemptFromLabor && m.laborCapacity !== 'none') return false;
  if (m.incomeFen >= ctx.standard()) return false;
  return m.supporter === 'none' || m.supporter === 'unable';
}

export function tekunAmount(ctx: Context, m: Member): TekunResult {
  const cat = category(ctx, m)!;
  const S = ctx.standardParam();
  const minorAge = ctx.param('tekun.minorAge');
  const elderlyAge = ctx.param('tekun.elderlyAge');
  const reasons: Reason[] = [
    reason('tekun.category', `${cat.text}${cat.exemptFromLabor ? '' : '，无劳动能力'}`, elderlyAge, minorAge),
    reason('tekun.noLivelihood', `本人月收入 ${yuanText(m.incomeFen)} 元 < 低保标准 ${yuanText(ctx.standard())} 元，无生活来源`, S),
    reason('tekun.noSupporter', m.supporter === 'none' ? '无法定赡养、抚养、扶养义务人' : '法定义务人无履行义务能力'),
  ];
  let basicFen: Fen;
  const fixed = ctx.param<number | null>('tekun.basicStandard');
  if (fixed.value !== null) {
    basicFen = ctx.round(ctx.fen('tekun.basicStandard'));
    reasons.push(reason('tekun.basic', `基本生活标准 ${yuanText(basicFen)} 元/月（政策包设定）`, fixed));
  } else {
    const multiple = ctx.param<number>('tekun.basicMultiple');
    const base = ctx.param<string>('tekun.base');
    const baseParam = base.value === 'urban' ? ctx.param<number>('dibao.standard.urban') : S;
    const baseFen = ctx.fen(baseParam.name);
    basicFen = ctx.round(multiple.value * baseFen);
    reasons.push(reason('tekun.basic', `基本生活标准 = ${multiple.value} × ${base.value === 'urban' ? '城市' : ''}低保标准 ${yuanText(baseFen)} 元 = ${yuanText(basicFen)} 元/月`, multiple, base, baseParam));
  }
  const wage = ctx.param<number>('tekun.minimumWage');
  const fraction = ctx.param<number>(`tekun.care.${m.selfCare}`);
  const careFen = ctx.round(fraction.value * ctx.fen('tekun.minimumWage'));
  reasons.push(reason('tekun.care', `照料护理费（${SELF_CARE_TEXT[m.selfCare]}）= ${+fraction.value.toFixed(6)} × 最低工资 ${yuanText(ctx.fen('tekun.minimumWage'))} 元 = ${yuanText(careFen)} 元/月`, fraction, wage));
  return { member: m, basicFen, careFen, reasons };
}
