/** 残疾人两项补贴 (004 三(三)4): nursing subsidy by grade, and living subsidy as a share of the standard. */
import type { Fen } from '../domain/money.ts';
import { reason, yuanText, type Context, type Reason } from './context.ts';
import type { Member } from './household.ts';

export interface SubsidyResult {
  member: Member;
  amountFen: Fen;
  reasons: Reason[];
}

/** 护理补贴, in any household; a grade whose amount is 0 gives nothing. */
export function nursingSubsidy(ctx: Context, m: Member): SubsidyResult | null {
  const d = m.disability;
  if (!d) return null;
  const name = d.grade === 3 && (d.kind === 'intellectual' || d.kind === 'mental') ? 'disability.nursing.grade3IntellectualMental' : `disability.nursing.grade${d.grade}`;
  const p = ctx.param<number>(name);
  const amountFen = ctx.round(ctx.fen(name));
  if (amountFen <= 0) return null;
  return { member: m, amountFen, reasons: [reason('disability.nursing', `${d.grade} 级${d.grade === 3 ? '智力/精神' : ''}残疾人护理补贴 ${yuanText(amountFen)} 元/月`, p)] };
}

/** 生活补贴, for disabled members of a 低保 (or, if the pack says so, low-income) household and single-person 低保 members. */
export function livingSubsidy(ctx: Context, m: Member, basis: string): SubsidyResult | null {
  const d = m.disability;
  if (!d) return null;
  const p = ctx.param<number>(`disability.living.grade${d.grade}`);
  const S = ctx.standard();
  const amountFen = ctx.round(p.value * S);
  if (amountFen <= 0) return null;
  return { member: m, amountFen, reasons: [reason('disability.living', `${basis}的 ${d.grade} 级残疾人，生活补贴 = ${+(p.value * 100).toFixed(4)}% × 低保标准 ${yuanText(S)} 元 = ${yuanText(amountFen)} 元/月`, p, ctx.standardParam())] };
}
