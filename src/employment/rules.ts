/**
 * The pure rules of 就业救助 (docs/employment.md), as functions of values and the pack resolved on a date;
 * no database, no clock. Amounts in fen.
 * - who can work: working age (employment.workingAge.min up to the retirement age of the person's sex),
 *   labour capacity, not in school; a 零就业家庭 has such members and none of them employed (000:L148);
 * - 公益性岗位 (002:L305): the last day a person may hold a subsidised job — 3 years in all, or to
 *   retirement when retirement is less than 5 years away at the start — and the month's subsidy (the
 *   pack's minimum wage, by days held in a part month);
 * - allowances: training living allowance per day (002:L283), 两后生 per year for at most two years
 *   (002:L285), the broker's reward after six months in work (002:L297), 以工代训 per workshop month (002:L303);
 * - the "311" counts of a person's year against the pack's targets (002:L293).
 */
import { addMonths, ageOn, daysInMonth } from '../domain/dates.ts';
import { yuanToFen } from '../domain/money.ts';
import { AppError } from '../errors.ts';
import { PARAMETERS } from '../policy/parameters.ts';
import { PolicyError, type ResolvedPack } from '../policy/pack.ts';
import { addDays } from '../workflow/calendar.ts';

/** A pack value, or a 409 naming the parameter in Chinese when the pack does not set a required one. */
export function param<T>(pack: ResolvedPack, name: string): T {
  try {
    return pack.value<T>(name);
  } catch (e) {
    if (e instanceof PolicyError) {
      throw new AppError('POLICY_MISSING', `政策包未设置「${PARAMETERS[name]?.label ?? name}」，请县级管理员在政策包中设置后再办理`, 'policy', 409);
    }
    throw e;
  }
}

export interface WorkerFacts { birthDate: string; sex: string; laborCapacity: string; schooling: string }

/** The day a person reaches the legal retirement age of the pack (their birthday in that year). */
export function retirementDate(pack: ResolvedPack, p: { birthDate: string; sex: string }): string {
  const age = param<number>(pack, p.sex === 'female' ? 'employment.retirementAge.female' : 'employment.retirementAge.male');
  return addMonths(p.birthDate, 12 * age);
}

/** Of working age on `date`: at least the minimum age, not yet at the retirement age. */
export function isWorkingAge(pack: ResolvedPack, p: { birthDate: string; sex: string }, date: string): boolean {
  return ageOn(p.birthDate, date) >= param<number>(pack, 'employment.workingAge.min') && date < retirementDate(pack, p);
}

/** Able to work on `date`: of working age, with full or partial labour capacity, and not in school. */
export function canWork(pack: ResolvedPack, p: WorkerFacts, date: string): boolean {
  return p.laborCapacity !== 'none' && p.schooling === 'none' && isWorkingAge(pack, p, date);
}

/**
 * 零就业家庭 on `date`: at least one member able to work, and none of those able members employed
 * (employed: the member ids with a placement, a 公益性岗位 or the registry's 就业 on that date).
 */
export function zeroEmployment(pack: ResolvedPack, ms: (WorkerFacts & { id: string })[], employed: ReadonlySet<string>, date: string): { zero: boolean; able: string[] } {
  const able = ms.filter((m) => canWork(pack, m, date)).map((m) => m.id);
  return { zero: able.length > 0 && able.every((id) => !employed.has(id)), able };
}

export type TermResult =
  | { ok: true; lastDay: string; toRetirement: boolean; reason: string }
  | { ok: false; message: string };

/**
 * The last day a person may hold a subsidised 公益性岗位 starting on `start`, having held such jobs for
 * `previousDays` days before: to the day before retirement when retirement is less than
 * `nearRetirementYears` away at the start; otherwise `termYears` in all, counting the days held before.
 */
export function welfareJobTerm(pack: ResolvedPack, p: { birthDate: string; sex: string }, start: string, previousDays = 0): TermResult {
  const retires = retirementDate(pack, p);
  if (start >= retires) return { ok: false, message: `该人员 ${retires} 已到法定退休年龄，不能安排公益性岗位` };
  const near = param<number>(pack, 'employment.welfareJob.nearRetirementYears');
  const years = param<number>(pack, 'employment.welfareJob.termYears');
  if (retires < addMonths(start, 12 * near)) {
    return { ok: true, lastDay: addDays(retires, -1), toRetirement: true, reason: `距法定退休年龄（${retires}）不足 ${near} 年，补贴可延长至退休` };
  }
  const lastDay = addDays(addMonths(start, 12 * years), -1 - previousDays);
  if (lastDay < start) return { ok: false, message: `该人员已累计享受公益性岗位补贴 ${previousDays} 天，已满 ${years} 年期限，不能再安排` };
  return { ok: true, lastDay, toRetirement: false, reason: `公益性岗位补贴最长 ${years} 年${previousDays ? `（此前已享受 ${previousDays} 天）` : ''}，至 ${lastDay}` };
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);
}

/**
 * The 公益性岗位 subsidy for `month` (YYYY-MM) of a holding from `start` to `lastDay` (inclusive; null
 * while open): the pack's minimum wage for a whole month, by days held in a part month (rounded to fen).
 */
export function welfareJobSubsidyFen(pack: ResolvedPack, holding: { start: string; lastDay: string | null }, month: string): number {
  const [y, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
  const from = holding.start > first ? holding.start : first;
  const to = holding.lastDay !== null && holding.lastDay < last ? holding.lastDay : last;
  const held = daysBetween(from, to);
  if (held === 0) return 0;
  const wage = yuanToFen(param<number>(pack, 'tekun.minimumWage'));
  return Math.round((wage * held) / daysInMonth(y, m));
}

/** The training living allowance: the pack's amount per day for each day attended (0 when the pack pays none). */
export function trainingAllowanceFen(pack: ResolvedPack, days: number): number {
  const daily = param<number | null>(pack, 'employment.training.dailyAllowance');
  return daily ? yuanToFen(daily) * days : 0;
}

/** Whether a person of `birthDate` starting school on `start` is a 两后生 by age (the pack's ages, inclusive). */
export function isLiangHouShengAge(pack: ResolvedPack, birthDate: string, start: string): boolean {
  const age = ageOn(birthDate, start);
  return age >= param<number>(pack, 'employment.liangHouSheng.minAge') && age <= param<number>(pack, 'employment.liangHouSheng.maxAge');
}

/**
 * The 两后生 payments of a schooling from `start` (ended on `end`, or null while in school): one a year on
 * each anniversary of the start while still in school, for at most `employment.liangHouSheng.years` years.
 */
export function liangHouShengDue(pack: ResolvedPack, s: { start: string; end: string | null }): { year: number; due: string; amountFen: number }[] {
  const perYear = param<number | null>(pack, 'employment.liangHouSheng.perYear');
  if (!perYear) return [];
  const years = param<number>(pack, 'employment.liangHouSheng.years');
  const out = [];
  for (let i = 0; i < years; i++) {
    const due = addMonths(s.start, 12 * i);
    if (s.end !== null && s.end < due) break;
    out.push({ year: i + 1, due, amountFen: yuanToFen(perYear) });
  }
  return out;
}

/** The broker's reward for a placement from `start` (ended on `end`, or null): due when the person has worked the pack's months, else nothing. */
export function brokerRewardDue(pack: ResolvedPack, p: { start: string; end: string | null }): { due: string; amountFen: number } | null {
  const reward = param<number | null>(pack, 'employment.broker.reward');
  if (!reward) return null;
  const due = addMonths(p.start, param<number>(pack, 'employment.broker.months'));
  if (p.end !== null && p.end < due) return null;
  return { due, amountFen: yuanToFen(reward) };
}

/** 以工代训: the pack's amount per workshop and month, for at most the pack's months. */
export function workTrainingFen(pack: ResolvedPack, months: number): { months: number; amountFen: number } {
  const perMonth = param<number | null>(pack, 'employment.workTraining.perMonth');
  const paid = Math.min(months, param<number>(pack, 'employment.workTraining.maxMonths'));
  return { months: paid, amountFen: perMonth ? yuanToFen(perMonth) * paid : 0 };
}

/** A person's "311" year: recommendations, guidance and training counted against the pack's targets. */
export function serviceTargets(pack: ResolvedPack, counts: { recommendation: number; guidance: number; training: number }) {
  const t = { recommendation: param<number>(pack, 'employment.targets.recommendations'), guidance: param<number>(pack, 'employment.targets.guidance'), training: param<number>(pack, 'employment.targets.training') };
  return { targets: t, met: counts.recommendation >= t.recommendation && counts.guidance >= t.guidance && counts.training >= t.training };
}
