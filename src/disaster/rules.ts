/**
 * The pure rules of disaster relief: the response level a kind's criteria table proposes for the
 * observations of an event (001 §三, the pack's `disaster.criteria.<kind>.*`), the amount and instalments
 * of each kind of relief (`disaster.relief.*`), the approval chain by amount (township up to
 * `disaster.relief.townshipLimit`, else township review and county approval, like 临时救助) as a
 * transition table for src/workflow/machine.ts, and the emergency period's monthly extra (000:L164).
 * No database, no clock: dates are parameters.
 */
import type { ResolvedPack } from '../policy/pack.ts';
import type { Role } from '../auth/roles.ts';
import type { StepDef, WorkflowDef } from '../workflow/machine.ts';
import { AppError } from '../errors.ts';
import { PARAMETERS } from '../policy/parameters.ts';
import { fenToYuan } from '../domain/money.ts';
import { HARDSHIP_SEASONS, LEVELS, LEVEL_LABELS, MEASURES, RELIEF_KINDS, RELIEF_STATES, DAMAGE_GRADES, type DamageGrade, type DisasterKind, type HardshipSeason, type Level, type ReliefKind } from './vocabulary.ts';

export interface Met { measure: string; label: string; value: number; threshold: number; level: Level }
export interface LevelProposal {
  /** The highest level whose condition one observation meets; null when none is met or the kind has no table. */
  level: Level | null;
  /** Every criterion met at the level proposed (and below it, for the record). */
  met: Met[];
  reasons: string[];
  needsPrefecture: boolean;
}

/** A threshold of 0 means "occurs at all" (出现雨凇、道路结冰): any observation above zero meets it. */
/** A parameter as an officer reads it: its Chinese name (政策包“…”), never its internal path. */
const param = (name: string) => `政策包“${PARAMETERS[name]?.label ?? name}”`;

function meets(value: number, threshold: number): boolean {
  return value > 0 && value >= threshold;
}

/** The response level proposed for `kind` by the pack's criteria table on the observations (达到以下条件之一). */
export function proposeLevel(pack: ResolvedPack, kind: DisasterKind, observations: Record<string, number>): LevelProposal {
  const measures = MEASURES[kind];
  const prefecture = pack.value<string[]>('disaster.prefectureLevels');
  if (!measures) return { level: null, met: [], reasons: ['该灾种没有响应条件表，响应级别由确认人根据灾情决定'], needsPrefecture: false };
  const met: Met[] = [];
  for (const [measure, label] of Object.entries(measures)) {
    const value = observations[measure];
    if (value === undefined || !Number.isFinite(value)) continue;
    const thresholds = pack.value<number[]>(`disaster.criteria.${kind}.${measure}`);
    LEVELS.forEach((level, i) => {
      const t = thresholds[i];
      if (t !== undefined && meets(value, t)) met.push({ measure, label, value, threshold: t, level });
    });
  }
  const rank = (l: Level) => LEVELS.indexOf(l);
  const level = met.reduce<Level | null>((best, m) => (best === null || rank(m.level) > rank(best) ? m.level : best), null);
  const top = level === null ? [] : met.filter((m) => m.level === level);
  const reasons = level === null
    ? ['观测值未达到任何级别的响应条件（政策包的响应条件表）']
    : top.map((m) => `${m.label} ${m.value} 达到${LEVEL_LABELS[m.level]}响应条件（${m.threshold === 0 ? '出现即达到' : `≥ ${m.threshold}`}，${param(`disaster.criteria.${kind}.${m.measure}`)}）`);
  return { level, met, reasons, needsPrefecture: level !== null && prefecture.includes(level) };
}

/** Whether a confirmed level needs the prefecture's approval (disaster.prefectureLevels, 001:L2362). */
export function needsPrefecture(pack: ResolvedPack, level: Level): boolean {
  return pack.value<string[]>('disaster.prefectureLevels').includes(level);
}

export interface ReliefFacts {
  kind: ReliefKind;
  /** People of the household affected. */
  people: number;
  damage: DamageGrade;
  season?: HardshipSeason | null;
}

export interface ReliefAmount {
  amountFen: number;
  /** The instalments in order: monthly (过渡期, one per month from the first), or by progress (重建, the first on approval). */
  instalments: number[];
  schedule: 'once' | 'monthly' | 'progress';
  reasons: string[];
}

function money(pack: ResolvedPack, name: string, what: string): number {
  const v = pack.value<number | null>(name);
  if (v === null || v === undefined) throw new AppError('NO_STANDARD', `政策包未设置${what}（参数 ${name}），请县级管理员在政策包中设置后再计算`, 'kind', 409);
  return Math.round(v * 100);
}

/** The relief a household is owed of one kind, from the pack's amounts. */
export function reliefAmount(pack: ResolvedPack, f: ReliefFacts): ReliefAmount {
  if (!Number.isInteger(f.people) || f.people < 1) throw new AppError('NO_PEOPLE', '受灾人数应至少 1 人', 'people');
  const name = RELIEF_KINDS[f.kind];
  switch (f.kind) {
    case 'emergency': {
      const per = money(pack, 'disaster.relief.emergency', '应急救助标准');
      const amountFen = per * f.people;
      return { amountFen, instalments: [amountFen], schedule: 'once', reasons: [`${name}：${fenToYuan(per)} 元/人 × ${f.people} 人 = ${fenToYuan(amountFen)} 元（${param('disaster.relief.emergency')}）`] };
    }
    case 'transition': {
      if (f.damage !== 'collapsed') throw new AppError('NOT_COLLAPSED', '过渡期生活救助只给住房倒塌的受灾家庭', 'kind', 409);
      const per = money(pack, 'disaster.relief.transitionMonthly', '过渡期生活救助标准');
      const months = pack.value<number | null>('disaster.relief.transitionMonths');
      if (!months) throw new AppError('NO_STANDARD', '政策包未设置过渡期生活救助月数（参数 disaster.relief.transitionMonths），请县级管理员在政策包中设置后再计算', 'kind', 409);
      const monthly = per * f.people;
      return { amountFen: monthly * months, instalments: Array.from({ length: months }, () => monthly), schedule: 'monthly',
        reasons: [`${name}：${fenToYuan(per)} 元/人/月 × ${f.people} 人 × ${months} 个月 = ${fenToYuan(monthly * months)} 元，按月发放（${param('disaster.relief.transitionMonthly')}、${param('disaster.relief.transitionMonths')}）`] };
    }
    case 'hardship': {
      if (!f.season) throw new AppError('NO_SEASON', `临时生活困难救助须选择：${Object.values(HARDSHIP_SEASONS).join('、')}`, 'season');
      const per = money(pack, 'disaster.relief.hardship', '临时生活困难救助标准');
      const amountFen = per * f.people;
      return { amountFen, instalments: [amountFen], schedule: 'once', reasons: [`${HARDSHIP_SEASONS[f.season]}${name}：${fenToYuan(per)} 元/人 × ${f.people} 人 = ${fenToYuan(amountFen)} 元（${param('disaster.relief.hardship')}）`] };
    }
    case 'rebuild': {
      if (f.damage === 'none') throw new AppError('NOT_DAMAGED', '住房未损坏，没有恢复重建补助', 'kind', 409);
      const total = money(pack, `disaster.relief.rebuild.${f.damage}`, `${DAMAGE_GRADES[f.damage]}的恢复重建补助`);
      const shares = pack.value<number[]>('disaster.relief.rebuild.instalments');
      const sum = shares.reduce((a, b) => a + b, 0);
      if (shares.length === 0 || shares.some((s) => s <= 0) || Math.abs(sum - 1) > 1e-6) throw new AppError('BAD_INSTALMENTS', '政策包的恢复重建分期比例（disaster.relief.rebuild.instalments）应为正数且合计为 1', 'kind', 409);
      const instalments = shares.map((s) => Math.floor(total * s));
      instalments[instalments.length - 1] += total - instalments.reduce((a, b) => a + b, 0);
      return { amountFen: total, instalments, schedule: shares.length > 1 ? 'progress' : 'once',
        reasons: [`${name}（${DAMAGE_GRADES[f.damage]}）：${fenToYuan(total)} 元/户（${param(`disaster.relief.rebuild.${f.damage}`)}）${shares.length > 1 ? `，按进度分 ${shares.length} 期：${instalments.map(fenToYuan).join('、')} 元` : ''}`] };
    }
  }
}

/** The township's approval limit in fen: disaster.relief.townshipLimit, else 临时救助's temporary.townshipLimit. */
export function townshipLimitFen(pack: ResolvedPack): { fen: number; parameter: string } {
  const own = pack.value<number | null>('disaster.relief.townshipLimit');
  if (own !== null && own !== undefined) return { fen: Math.round(own * 100), parameter: 'disaster.relief.townshipLimit' };
  return { fen: Math.round(pack.value<number>('temporary.townshipLimit') * 100), parameter: 'temporary.townshipLimit' };
}

const T: Role[] = ['township_staff'];
const C: Role[] = ['county_staff', 'county_admin'];

export interface ReliefWorkflow extends WorkflowDef {
  level: 'township' | 'county';
  first: 'notice' | 'township_approval' | 'township_review';
  /** Whether the relief is posted (公示) before it is decided, and why (or why not). */
  notice: boolean;
  noticeReason: string;
  /** Working days of each state's deadline task (cases.deadlines.townshipApproval / countyApproval). */
  deadlines: Record<string, number>;
  reason: string;
}

/**
 * The transition table of one relief, chosen by its amount like 临时救助's: within the township's limit the
 * township approves; above it the township reviews (审核) and the county approves (县级审批). Either may refuse.
 */
/**
 * Whether a relief is posted (公示) before it is decided, by 临时救助's rule (src/cases/flow.ts): a notice is held
 * when the pack's `cases.steps` has 公示, except for urgent relief paid at once — 应急救助 within the township's
 * limit while `temporary.advance` (先行救助, 000:L174; 002:L601) lets 急难型临时救助 skip it the same way.
 */
export function reliefNotice(pack: ResolvedPack, kind: ReliefKind, amountFen: number): { notice: boolean; reason: string } {
  if (!pack.value<string[]>('cases.steps').includes('notice')) return { notice: false, reason: `审核确认步骤不含公示（${param('cases.steps')}）` };
  if (kind === 'emergency' && pack.value<boolean>('temporary.advance') && amountFen <= townshipLimitFen(pack).fen) {
    return { notice: false, reason: `应急救助不超过乡镇审批额度，与急难型临时救助一样先行救助，不公示（${param('temporary.advance')}）` };
  }
  return { notice: true, reason: `救助对象名单公示 ${pack.value<number>('notice.days')} 天后审批（${param('cases.steps')}、${param('notice.days')}）` };
}

export function reliefWorkflow(pack: ResolvedPack, amountFen: number, kind: ReliefKind): ReliefWorkflow {
  const limit = townshipLimitFen(pack);
  const county = amountFen > limit.fen;
  const posted = reliefNotice(pack, kind, amountFen);
  const labels: Record<string, string> = { ...RELIEF_STATES, approve: '批准', review: '乡镇审核', reject: '不予批准', distribute: '登记实物发放', close_notice: '公示结束' };
  const transitions: StepDef[] = county
    ? [
      { step: 'township_review', action: 'review', to: 'county_approval', roles: T, level: 'township' },
      { step: 'township_review', action: 'reject', to: 'rejected', roles: T, level: 'township' },
      { step: 'county_approval', action: 'approve', to: 'approved', roles: C, level: 'county' },
      { step: 'county_approval', action: 'reject', to: 'rejected', roles: C, level: 'county' },
    ]
    : [
      { step: 'township_approval', action: 'approve', to: 'approved', roles: T, level: 'township' },
      { step: 'township_approval', action: 'reject', to: 'rejected', roles: T, level: 'township' },
    ];
  const deadlines: Record<string, number> = county
    ? { township_review: pack.value<number>('cases.deadlines.townshipApproval'), county_approval: pack.value<number>('cases.deadlines.countyApproval') }
    : { township_approval: pack.value<number>('cases.deadlines.townshipApproval') };
  const decides = county ? 'township_review' : 'township_approval';
  if (posted.notice) {
    // 公示 first: closed by the township once the period is over and every objection is handled (store.ts), or refused.
    transitions.unshift({ step: 'notice', action: 'close_notice', to: decides, roles: T, level: 'township' }, { step: 'notice', action: 'reject', to: 'rejected', roles: T, level: 'township' });
    deadlines.notice = pack.value<number>('notice.days');
  }
  const yuan = fenToYuan(limit.fen);
  return {
    name: '受灾人员救助', labels, transitions, deadlines, level: county ? 'county' : 'township', first: posted.notice ? 'notice' : decides,
    notice: posted.notice, noticeReason: posted.reason,
    reason: county ? `金额超过乡镇审批额度 ${yuan} 元（${param(limit.parameter)}），乡镇审核后报县级审批` : `金额不超过乡镇审批额度 ${yuan} 元（${param(limit.parameter)}），由乡镇审批`,
  };
}

/** The months from `from` (YYYY-MM) on, `n` of them. */
export function monthsFrom(from: string, n: number): string[] {
  const [y, m] = from.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** The months (YYYY-MM) a period from `start` to `end` (dates) touches. */
export function monthsOfPeriod(start: string, end: string): string[] {
  const a = start.slice(0, 7);
  const b = end.slice(0, 7);
  const out: string[] = [];
  for (let m = a; m <= b; m = monthsFrom(m, 2)[1]) out.push(m);
  return out;
}

/**
 * The emergency period's extra for one household in one month (000:L164): the pack's raise of the 低保/特困
 * amount it is paid that month, plus the temporary allowance per person when its program is in the listed groups.
 */
export function emergencyExtra(pack: ResolvedPack, o: { program: string; monthlyFen: number; people: number }): { amountFen: number; reasons: string[] } {
  const raise = pack.value<number>('disaster.emergency.standardRaise');
  const allowance = Math.round(pack.value<number>('disaster.emergency.allowance') * 100);
  const groups = pack.value<string[]>('disaster.emergency.groups');
  const reasons: string[] = [];
  let amountFen = 0;
  if (raise > 0 && (o.program === '低保' || o.program === '特困')) {
    const r = Math.round(o.monthlyFen * raise);
    amountFen += r;
    reasons.push(`${o.program}待遇 ${fenToYuan(o.monthlyFen)} 元 × 提高 ${raise} = ${fenToYuan(r)} 元（${param('disaster.emergency.standardRaise')}）`);
  }
  if (allowance > 0 && groups.includes(o.program)) {
    amountFen += allowance * o.people;
    reasons.push(`临时生活补贴 ${fenToYuan(allowance)} 元/人 × ${o.people} 人（${param('disaster.emergency.allowance')}）`);
  }
  return { amountFen, reasons };
}
