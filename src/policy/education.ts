/** 教育资助: boarding living subsidy for primary and junior school (004 三(一)2). */
import type { Fen } from '../domain/money.ts';
import { reason, yuanText, type Context, type Reason } from './context.ts';
import type { Classification } from './dibao.ts';
import type { Member } from './household.ts';

const LEVEL_TEXT = { primary: '小学', junior: '初中' } as const;
const CLASS_TEXT = { dibao: '低保家庭', lowIncome: '低收入家庭' } as const;

export function boardingSubsidy(ctx: Context, m: Member, tekun: boolean, classification: Classification): { member: Member; annualFen: Fen; reasons: Reason[] } | null {
  if (!m.boarding || (m.schooling !== 'primary' && m.schooling !== 'junior')) return null;
  const basis = tekun ? '特困供养人员' : classification === 'dibao' || classification === 'lowIncome' ? CLASS_TEXT[classification] : ctx.household.registeredPoor ? '脱贫户（建档立卡）家庭' : null;
  if (!basis) return null;
  const p = ctx.param<number>(`education.boarding.${m.schooling}`);
  const annualFen = ctx.round(ctx.fen(p.name));
  return { member: m, annualFen, reasons: [reason('education.boarding', `${basis}${LEVEL_TEXT[m.schooling]}寄宿生，生活费补助 ${yuanText(annualFen)} 元/年`, p)] };
}
