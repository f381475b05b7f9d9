/**
 * 防返贫动态监测 (issue 9): the vocabulary and the pure rules — signals to warnings by the county's
 * named rules, risk removal criteria, visit compliance (001:L876) and the 约谈 rule (001:L886-888).
 * No storage, no HTTP: the store (store.ts) gathers the signals and the pack's values and calls these.
 * Every parameter is read from the pack (docs/monitoring.md lists them with their sources).
 */
import { addMonths } from '../domain/dates.ts';
import { maskName, maskNamesIn } from '../domain/mask.ts';
import type { ResolvedPack } from '../policy/pack.ts';
import { addDays } from '../workflow/calendar.ts';
import { CHECKLIST_ITEMS, MEASURE_KINDS, MEASURES_FOR_FACTOR, RISK_FACTORS, RULES, type Level, type MeasureKind, type RiskFactor, type RuleName } from './vocabulary.ts';
import { citation } from '../policy/citations.ts';

export * from './vocabulary.ts';

/** Is a measure of `kind` an answer to `factor`? (A Chinese refusal, or true.) */
export function measureMatches(factor: RiskFactor, kind: MeasureKind): true | string {
  return MEASURES_FOR_FACTOR[factor].includes(kind) ? true
    : `「${MEASURE_KINDS[kind]}」不对应风险因子「${RISK_FACTORS[factor]}」，可选：${MEASURES_FOR_FACTOR[factor].map((k) => MEASURE_KINDS[k]).join('、')}`;
}

/** The risk factor a rule points to (proposed at identification). */
export const RULE_FACTOR: Record<RuleName, RiskFactor> = {
  incomeBelowLine: 'employment', incomeNearLine: 'employment', medicalExpense: 'medical', severeDisability: 'medical',
  earnerDeath: 'accident', jobLoss: 'employment', dropout: 'education', disaster: 'disaster', dangerousHousing: 'housing',
};

/** A signal about one household, from the registry, the verification feeds or a report. */
export type Signal = { householdId: string; areaCode: string; source: 'registry' | 'verification' | 'feed' | 'report'; ref: string; on: string } & (
  | { kind: 'income'; perCapitaFen: number; members: number; registeredPoor: boolean }
  | { kind: 'medical'; amountFen: number }
  | { kind: 'severeDisability'; memberName: string; grade: number }
  | { kind: 'death'; memberName: string; mainEarner: boolean }
  /** Wage feed stopped after lastPeriod; or, with `ended`, a placement or 公益性岗位 of the employment records ended on lastDay. */
  | { kind: 'jobLoss'; memberName: string; lastPeriod: string; ended?: { what: string; lastDay: string } }
  | { kind: 'dropout'; memberName: string }
  | { kind: 'disaster'; lossFen: number | null; description: string }
  /** A member on the county's dangerous-housing list (住建 农村危房, a department feed): 住房情况，是否危房 (002:L649, L663). */
  | { kind: 'housing'; memberName: string; grade: string; period: string }
);

export interface RuleSetting { enabled: boolean; level: Level | null }
export interface RuleSettings {
  incomeLineFen: number | null;
  incomeScope: 'registeredPoor' | 'all';
  nearMargin: number | null;
  medicalAmountFen: number | null;
  disasterMinLossFen: number;
  rules: Record<RuleName, RuleSetting>;
}

const fen = (yuan: number) => Math.round(yuan * 100);
const yuanText = (f: number) => (f / 100).toFixed(2).replace(/\.00$/, '');

function optional<T>(pack: ResolvedPack, name: string): T | null {
  try { return pack.value<T>(name) ?? null; } catch { return null; }
}

/** The rule settings of a resolved pack (a switched-on rule without a level or threshold stays off, said by `problems`). */
export function ruleSettings(pack: ResolvedPack): RuleSettings & { problems: string[] } {
  const problems: string[] = [];
  const rules = {} as Record<RuleName, RuleSetting>;
  const line = optional<number>(pack, 'monitoring.incomeLine');
  const margin = optional<number>(pack, 'monitoring.rules.incomeNearLine.margin');
  const medical = optional<number>(pack, 'monitoring.rules.medicalExpense.amount');
  for (const name of Object.keys(RULES) as RuleName[]) {
    const enabled = pack.value<boolean>(`monitoring.rules.${name}.enabled`);
    const level = optional<Level>(pack, `monitoring.rules.${name}.level`);
    let on = enabled;
    if (enabled && !level) { problems.push(`规则「${RULES[name]}」已启用但未设置预警等级 monitoring.rules.${name}.level`); on = false; }
    if (enabled && (name === 'incomeBelowLine' || name === 'incomeNearLine') && line === null) { problems.push(`规则「${RULES[name]}」需要监测范围 monitoring.incomeLine`); on = false; }
    if (enabled && name === 'incomeNearLine' && margin === null) { problems.push('规则「人均收入接近监测范围」需要浮动比例 monitoring.rules.incomeNearLine.margin'); on = false; }
    if (enabled && name === 'medicalExpense' && medical === null) { problems.push('规则「医疗自付费用高」需要限额 monitoring.rules.medicalExpense.amount'); on = false; }
    rules[name] = { enabled: on, level: level ?? null };
  }
  return {
    incomeLineFen: line === null ? null : fen(line), incomeScope: pack.value('monitoring.rules.income.scope'), nearMargin: margin,
    medicalAmountFen: medical === null ? null : fen(medical), disasterMinLossFen: fen(pack.value<number>('monitoring.rules.disaster.minLoss')), rules, problems,
  };
}

export interface WarningDraft {
  householdId: string;
  areaCode: string;
  rule: RuleName;
  level: Level;
  source: Signal['source'];
  /** Same signal, same key: a second run raises nothing new. */
  dedupeKey: string;
  message: string;
  evidence: Record<string, unknown>;
  clueOn: string;
}

/** The warning a signal raises under the settings, or null (rule off, or the signal below its threshold). */
export function warningFor(s: Signal, st: RuleSettings): WarningDraft | null {
  const make = (rule: RuleName, message: string, evidence: Record<string, unknown>, key = `${rule}:${s.ref}`): WarningDraft | null => {
    const r = st.rules[rule];
    if (!r.enabled || !r.level) return null;
    return { householdId: s.householdId, areaCode: s.areaCode, rule, level: r.level, source: s.source, dedupeKey: key, message, evidence: { ...evidence, signal: s.source, ref: s.ref }, clueOn: s.on };
  };
  switch (s.kind) {
    case 'income': {
      if (st.incomeLineFen === null || (st.incomeScope === 'registeredPoor' && !s.registeredPoor)) return null;
      const line = st.incomeLineFen;
      const ev = { 人均年收入: yuanText(s.perCapitaFen), 监测范围: yuanText(line), 人数: s.members };
      // One key per household and rule and line: the same income under the same line raises once.
      if (s.perCapitaFen < line) return make('incomeBelowLine', `家庭年人均收入 ${yuanText(s.perCapitaFen)} 元，低于监测范围 ${yuanText(line)} 元`, ev, `incomeBelowLine:${line}`);
      if (st.nearMargin !== null && s.perCapitaFen < Math.round(line * (1 + st.nearMargin))) {
        const upper = Math.round(line * (1 + st.nearMargin));
        return make('incomeNearLine', `家庭年人均收入 ${yuanText(s.perCapitaFen)} 元，高于监测范围 ${yuanText(line)} 元但低于 ${yuanText(upper)} 元（浮动 ${Math.round(st.nearMargin * 100)}%）`,
          { ...ev, 浮动上限: yuanText(upper) }, `incomeNearLine:${line}:${st.nearMargin}`);
      }
      return null;
    }
    case 'medical':
      if (st.medicalAmountFen === null || s.amountFen <= st.medicalAmountFen) return null;
      return make('medicalExpense', `医疗自付费用 ${yuanText(s.amountFen)} 元，超过预警限额 ${yuanText(st.medicalAmountFen)} 元`, { 自付费用: yuanText(s.amountFen), 限额: yuanText(st.medicalAmountFen) });
    // Member names come from the registry: masked (张*兰) in the message and the evidence, as every
    // monitoring page shows members; the member is evidence.ref (member:<id>).
    case 'severeDisability':
      return make('severeDisability', `${maskName(s.memberName)} 新认定为 ${s.grade} 级重度残疾`, { 成员: maskName(s.memberName), 残疾等级: s.grade });
    case 'death':
      if (!s.mainEarner) return null;
      return make('earnerDeath', `家庭主要劳动力 ${maskName(s.memberName)} 死亡`, { 成员: maskName(s.memberName) });
    case 'jobLoss':
      if (s.ended) {
        return make('jobLoss', `${maskName(s.memberName)} 的${s.ended.what}已于 ${s.ended.lastDay} 结束，目前没有就业记录，可能失业`,
          { 成员: maskName(s.memberName), 结束的就业: s.ended.what, 结束日期: s.ended.lastDay });
      }
      return make('jobLoss', `${maskName(s.memberName)} 的工资发放数据在 ${s.lastPeriod} 之后中断，可能失业`, { 成员: maskName(s.memberName), 最后工资期别: s.lastPeriod });
    case 'dropout':
      return make('dropout', `${maskName(s.memberName)} 辍学（学籍数据）`, { 成员: maskName(s.memberName) });
    case 'housing':
      return make('dangerousHousing', `住建部门危房名单（${s.period}）：${maskName(s.memberName)} 的住房鉴定为 ${s.grade} 危房`, { 成员: maskName(s.memberName), 危房等级: s.grade, 名单期别: s.period });
    case 'disaster':
      if (s.lossFen !== null && s.lossFen < st.disasterMinLossFen) return null;
      return make('disaster', `灾害或事故：${s.description}${s.lossFen !== null ? `（损失约 ${yuanText(s.lossFen)} 元）` : ''}`, { 情况: s.description, ...(s.lossFen !== null ? { 损失: yuanText(s.lossFen) } : {}) });
  }
}

/**
 * A stored warning as it leaves the server: warnings stored before names were masked at the source carry
 * the member's full name in the message and evidence.成员; both are masked again here (and, given
 * `text`, a timeline entry that repeats the message).
 */
export function maskedWarning<T extends { message: string; evidence: Record<string, unknown> }>(w: T): T {
  const name = w.evidence['成员'];
  if (typeof name !== 'string') return w;
  return { ...w, message: maskNamesIn(w.message, [name]), evidence: { ...w.evidence, 成员: maskName(name) } };
}

/** Per-capita annual income in fen: the members' monthly incomes × 12 / members (the registry's figures). */
export function perCapitaAnnualFen(monthlyIncomesFen: readonly number[]): number {
  if (monthlyIncomesFen.length === 0) return 0;
  return Math.floor((monthlyIncomesFen.reduce((s, x) => s + x, 0) * 12) / monthlyIncomesFen.length);
}

/** The main earner: the member with the highest monthly income (the head on a tie at zero). */
export function mainEarnerId(ms: readonly { id: string; monthlyIncomeFen: number; relation: string }[]): string | null {
  if (!ms.length) return null;
  const top = Math.max(...ms.map((m) => m.monthlyIncomeFen));
  const candidates = ms.filter((m) => m.monthlyIncomeFen === top);
  return (candidates.find((m) => m.relation === 'head') ?? candidates[0]).id;
}

/**
 * The kind of cadre a household gets (001:L860): a monitoring cadre (监测帮扶) for a monitored household whose
 * risk is not removed; a paired cadre (结对联系) for a 稳定脱贫 household (a 脱贫户 not monitored) and for a
 * household whose risk is removed; none for any other household.
 */
export function cadreKindFor(h: { registeredPoor: boolean }, mh: { status: string } | undefined | null): 'monitoring' | 'paired' | null {
  if (mh?.status === 'monitored') return 'monitoring';
  if (mh?.status === 'removed' || h.registeredPoor) return 'paired';
  return null;
}

// ─── Risk removal (风险消除, 002:L713) ───

export interface RemovalFacts {
  status: 'monitored' | 'removed';
  /** The county's decision to monitor the household: results count, and hold, only after it (002:L713). */
  identifiedOn: string;
  perCapitaFen: number;
  openWarnings: number;
  measures: readonly { kind: string; startOn: string; result: string | null; resultOn: string | null }[];
}

/**
 * The pack's criteria (002:L713 取得帮扶成效并持续稳定达到要求): at least one measure, every measure
 * with its result, the household's per-capita income at or above the monitoring line, no warning
 * open, and `monitoring.removal.stableMonths` months since the last measure took effect — results gained
 * and held after the household is monitored (监测对象取得帮扶成效并持续稳定, 002:L713): a measure begun
 * before the identification is not one of this monitoring's, and the stable months never start before it.
 * Returns the reasons it does not hold (empty: it holds).
 */
export function removalCheck(f: RemovalFacts, incomeLineFen: number | null, stableMonths: number, today: string): string[] {
  const out: string[] = [];
  if (f.status !== 'monitored') out.push('该户不是在监测的对象');
  // Only the measures of this monitoring count: those begun on or after the identification (an earlier
  // monitoring's, or a measure dated before the decision, are not its results).
  const earlier = f.measures.filter((m) => m.startOn < f.identifiedOn).length;
  const measures = f.measures.filter((m) => m.startOn >= f.identifiedOn);
  if (measures.length === 0) out.push(earlier ? `纳入监测（${f.identifiedOn}）后尚未落实帮扶措施：此前的 ${earlier} 项措施不计（${citation('002:L713')}）` : '尚未落实帮扶措施');
  const pending = measures.filter((m) => !m.result || !m.resultOn).length;
  if (pending) out.push(`有 ${pending} 项帮扶措施尚未登记成效`);
  if (incomeLineFen === null) out.push('政策包未设置监测范围 monitoring.incomeLine');
  else if (f.perCapitaFen < incomeLineFen) out.push(`家庭年人均收入 ${yuanText(f.perCapitaFen)} 元仍低于监测范围 ${yuanText(incomeLineFen)} 元`);
  if (f.openWarnings) out.push(`还有 ${f.openWarnings} 条预警未处置`);
  const last = measures.map((m) => m.resultOn).filter((d): d is string => !!d).sort().at(-1);
  const from = last && last > f.identifiedOn ? last : f.identifiedOn;
  if (last && addMonths(from, stableMonths) > today) {
    out.push(from === last
      ? `帮扶成效须稳定 ${stableMonths} 个月（monitoring.removal.stableMonths）：最近一项措施 ${last} 见效，${addMonths(last, stableMonths)} 起方可消除风险`
      : `帮扶成效须在纳入监测（${f.identifiedOn}）后稳定 ${stableMonths} 个月（monitoring.removal.stableMonths），${addMonths(from, stableMonths)} 起方可消除风险`);
  }
  return out;
}

// ─── Visits (001:L876) ───

export interface Compliance {
  /** Windows of `everyMonths` calendar months from the month of assignment, completed before today. */
  completed: number;
  met: number;
  /** ok: the current window has a contact; due: not yet (still time); overdue: the last completed window had none. */
  status: 'ok' | 'due' | 'overdue';
  lastVisit: string | null;
  /** The end of the current window (last day). */
  windowEnds: string;
}

const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
const monthStart = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;

/**
 * Compliance of one cadre with one household: each window of `everyMonths` calendar months, counted
 * from the month the cadre was assigned, needs at least one contact (monitoring cadres: a visit
 * every month; paired cadres: a contact every 2 months, 001:L876).
 */
export function visitCompliance(assignedOn: string, visits: readonly string[], today: string, everyMonths: number): Compliance {
  const start = monthIndex(assignedOn);
  const now = monthIndex(today);
  const current = start + Math.floor((now - start) / everyMonths) * everyMonths;
  const inWindow = (w: number) => visits.some((v) => v >= (w === start ? assignedOn : monthStart(w)) && v < monthStart(w + everyMonths) && v <= today);
  let completed = 0;
  let met = 0;
  for (let w = start; w < current; w += everyMonths) { completed++; if (inWindow(w)) met++; }
  const lastVisit = [...visits].filter((v) => v <= today).sort().at(-1) ?? null;
  const status = inWindow(current) ? 'ok' : completed > 0 && !inWindow(current - everyMonths) ? 'overdue' : 'due';
  return { completed, met, status, lastVisit, windowEnds: addDays(monthStart(current + everyMonths), -1) };
}

// ─── Supervision (001:L886-888) ───

export interface InterviewFlag { areaCode: string; criticisms: number; consecutive: number; due: boolean; reason: string | null }

/**
 * 约谈: a township or village criticised (通报批评) in `consecutive` rounds in a row, or `total` times
 * in all, is due an interview. `rounds` are all the county's rounds in date order (a round without
 * a criticism of the unit breaks its run); `criticised` maps a unit to the round ids it was criticised in.
 */
export function interviewFlags(rounds: readonly { id: number }[], criticised: ReadonlyMap<string, ReadonlySet<number>>, consecutive: number, total: number): InterviewFlag[] {
  const out: InterviewFlag[] = [];
  for (const [areaCode, ids] of criticised) {
    let run = 0;
    let best = 0;
    for (const r of rounds) { run = ids.has(r.id) ? run + 1 : 0; best = Math.max(best, run); }
    const n = rounds.filter((r) => ids.has(r.id)).length;
    const reasons = [best >= consecutive ? `连续 ${best} 次被通报批评` : null, n >= total ? `累计 ${n} 次被通报批评` : null].filter(Boolean);
    out.push({ areaCode, criticisms: n, consecutive: best, due: reasons.length > 0, reason: reasons.length ? `${reasons.join('，')}，应予约谈（${citation('001:L886-888')}）` : null });
  }
  return out.sort((a, b) => a.areaCode.localeCompare(b.areaCode));
}
