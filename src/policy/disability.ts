/** 残疾人两项补贴 (004 三(三)4): nursing subsidy by grade, and living subsidy as a share of the standard. */
import type { Fen } from '../domain/money.ts';
import { disabilityText, fractionText, reason, yuanText, type Context, type Reason } from './context.ts';
import { livingAmount } from './dibao.ts';
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
  return { member: m, amountFen, reasons: [reason('disability.nursing', `${disabilityText(d)}残疾人护理补贴 ${yuanText(amountFen)} 元/月`, p)] };
}

/** 生活补贴, for disabled members of a 低保 (or, if the pack says so, low-income) household and single-person 低保 members. */
export function livingSubsidy(ctx: Context, m: Member, basis: string): SubsidyResult | null {
  const l = livingAmount(ctx, m);
  if (!l) return null;
  const d = m.disability!;
  const S = ctx.standard();
  const replaces = ctx.param<boolean>('disability.living.replacesSurcharge');
  const reasons = [reason('disability.living', `${basis}的${disabilityText(d)}残疾人，生活补贴 = ${fractionText(l.param.value)} × 低保标准 ${yuanText(S)} 元 = ${ctx.rounded(l.exactFen, l.fen)} 元/月`, l.param, ctx.standardParam())];
  if (replaces.value) reasons.push(reason('disability.living', '本补贴即低保“分类施保”中重度残疾人的增发，不与重残分类施保重复领取', replaces));
  return { member: m, amountFen: l.fen, reasons };
}
