/**
 * 复核 and 公示 (000:L134, L174): how often a household on 特困 or 低保 is re-checked, and how long a
 * public notice runs. Neither is part of `evaluate`; case handling asks for them when it needs them,
 * so a pack without `notice.days` still evaluates.
 */
import { addMonths } from '../domain/dates.ts';
import { reason, type Reason } from './context.ts';
import type { Classification } from './dibao.ts';
import type { Evaluation } from './evaluate.ts';
import type { Household } from './household.ts';
import type { Param, ResolvedPack } from './pack.ts';

export interface ReviewPeriod {
  months: number;
  /** The date of the next review after `lastReviewedOn`. */
  nextOn: string;
  reason: Reason;
}

/**
 * 特困 households, and 低保 households with no employed or work-capable member of C, every
 * `review.stableMonths`; 低保 households with one every `review.variableMonths`; others are not
 * reviewed. C is the household's 低保 members of `evaluation` (特困 members and the unborn do not count).
 */
export function reviewPeriod(pack: ResolvedPack, h: Household, evaluation: Evaluation, lastReviewedOn: string): ReviewPeriod | null {
  const classification = evaluation.household.classification as Classification;
  if (classification !== 'tekun' && classification !== 'dibao') return null;
  const counted = new Set(evaluation.benefits.find((b) => b.program === 'dibao')?.members ?? []);
  const variable = classification === 'dibao' && h.members.some((m) => counted.has(m.id) && (m.employed || m.laborCapacity !== 'none'));
  const p = pack.get<number>(variable ? 'review.variableMonths' : 'review.stableMonths');
  const why = classification === 'tekun' ? '特困供养人员' : variable ? '有就业或有劳动能力成员的低保家庭' : '无就业、无劳动能力成员的低保家庭（特困供养成员不计）';
  const nextOn = addMonths(lastReviewedOn, p.value);
  return { months: p.value, nextOn, reason: reason('review.period', `${why}每 ${p.value} 个月核查一次，下次 ${nextOn}`, p) };
}

/** The length of a public notice; `notice.days` is required (the documents fix none), so this throws when unset. */
export function noticeDays(pack: ResolvedPack): Param<number> {
  return pack.get<number>('notice.days');
}
