/**
 * The transition-table engine: a workflow is data (transitions from a state by an action to a state,
 * with the roles allowed, the area level required and named guards), and `nextState` decides one
 * step. Pure; the caller supplies the guards as functions (e.g. 'noObjection', 'verificationClear',
 * 'amountWithinTownshipLimit') and stores the result.
 *
 * Checks, in this order, each with its own refusal (AppError):
 * 1. the action exists in the workflow (400 UNKNOWN_ACTION);
 * 2. the subject's current state has that action (409 WRONG_STEP): step order holds by construction,
 *    because a transition starts from a state — a county approval cannot happen before the township
 *    has moved the subject into the county's state;
 * 3. the subject lies inside the actor's area scope (403 OUT_OF_SCOPE);
 * 4. the actor's role is allowed (403 ROLE_NOT_ALLOWED);
 * 5. the actor's scope is at the step's level or above (403 WRONG_LEVEL): a county step needs a
 *    county scope, a township step a township or county scope, a village step any;
 * 6. the guards: of the transitions left, the first whose guard holds (or that has none) is taken;
 *    if none holds, 409 GUARD_FAILED with the guard's own message.
 *
 * Approvals (`approvalChain`): 低保, 特困 and 临时救助 up to temporary.townshipLimit are approved by the
 * township (000:L158, L174); 临时救助 above it by the county civil affairs bureau, and above the county's
 * own ceiling (temporary.countyLimit) by the coordination mechanism as 一事一议 (000:L158 "必要时");
 * 残疾人两项补贴 by 县残联 after the township's review (004:L85; 001:L816); other programs by the county. `DIBAO_WORKFLOW` is the reference 低保 definition (tested exhaustively); cases builds
 * each program's definition from its pack in the same shape (src/cases/flow.ts).
 */
import { ROLES, type Role } from '../auth/roles.ts';
import { AppError } from '../errors.ts';

export type Level = 'village' | 'township' | 'county';

const LEVEL_LENGTH: Record<Level, number> = { county: 6, township: 9, village: 12 };
const LEVEL_NAME: Record<Level, string> = { county: '县级', township: '乡镇（街道）', village: '村（社区）' };

export interface StepDef {
  /** The state the action is taken in. */
  step: string;
  action: string;
  to: string;
  roles: readonly Role[];
  /** The lowest area level that may take it. */
  level: Level;
  /** A guard's name: the transition applies only when the caller's guard function holds. */
  when?: string;
}

export interface WorkflowDef {
  name: string;
  transitions: readonly StepDef[];
  /** Chinese names of states and actions, for messages. */
  labels?: Readonly<Record<string, string>>;
}

export interface CaseState {
  state: string;
  /** The subject's area (12-digit village code). */
  areaCode: string;
}

export interface MachineActor {
  username?: string;
  role: Role;
  areaCode: string;
}

/** A guard: true, or a Chinese message saying why not. */
export type Guard = () => true | string;

export type NextResult = { to: string; transition: StepDef } | { error: AppError };

/** The label of a state or action; only the definition's own labels count (never `__proto__` and the like). */
function label(def: WorkflowDef, key: string): string {
  return def.labels && Object.hasOwn(def.labels, key) ? def.labels[key] : key;
}

export function nextState(def: WorkflowDef, subject: CaseState, action: string, actor: MachineActor, guards: Readonly<Record<string, Guard>> = {}): NextResult {
  if (!def.transitions.some((t) => t.action === action)) {
    return { error: new AppError('UNKNOWN_ACTION', `「${def.name}」没有这一办理事项`, 'action') };
  }
  const fromState = def.transitions.filter((t) => t.step === subject.state && t.action === action);
  if (fromState.length === 0) {
    return { error: new AppError('WRONG_STEP', `当前环节「${label(def, subject.state)}」不能办理「${label(def, action)}」`, 'action', 409) };
  }
  if (!subject.areaCode.startsWith(actor.areaCode)) {
    return { error: new AppError('OUT_OF_SCOPE', '该事项不在您的管辖范围内', 'areaCode', 403) };
  }
  const byRole = fromState.filter((t) => t.roles.includes(actor.role));
  if (byRole.length === 0) {
    const roles = [...new Set(fromState.flatMap((t) => t.roles))].map((r) => ROLES[r].label).join('、');
    return { error: new AppError('ROLE_NOT_ALLOWED', `「${label(def, action)}」须由${roles}办理`, 'action', 403) };
  }
  const byLevel = byRole.filter((t) => actor.areaCode.length <= LEVEL_LENGTH[t.level]);
  if (byLevel.length === 0) {
    return { error: new AppError('WRONG_LEVEL', `「${label(def, action)}」须由${LEVEL_NAME[byRole[0].level]}办理`, 'action', 403) };
  }
  let refusal: string | null = null;
  for (const t of byLevel) {
    if (!t.when) return { to: t.to, transition: t };
    const guard = guards[t.when];
    if (!guard) throw new Error(`workflow ${def.name}: guard ${t.when} not supplied`);
    const r = guard();
    if (r === true) return { to: t.to, transition: t };
    refusal ??= r;
  }
  return { error: new AppError('GUARD_FAILED', refusal ?? '办理条件不满足', 'action', 409) };
}

/** Every state named in a definition (from and to). */
export function statesOf(def: WorkflowDef): string[] {
  return [...new Set(def.transitions.flatMap((t) => [t.step, t.to]))];
}

/** Every action of a definition. */
export function actionsOf(def: WorkflowDef): string[] {
  return [...new Set(def.transitions.map((t) => t.action))];
}

export interface ApprovalChain {
  /** Who reviews and who decides, in order: the township always first. */
  levels: ('township' | 'county')[];
  /**
   * 一事一议 (000:L158 "必要时"): 临时救助 above the county's own ceiling (temporary.countyLimit), decided by
   * the county's coordination mechanism (县级困难群众基本生活保障工作协调机制), not by the bureau alone.
   */
  oneByOne: boolean;
  /** The county department that decides a county-level step: 民政局, or 残联 for 残疾人两项补贴 (004:L85; 001:L816). */
  department: string | null;
  /** Chinese, with the parameter and its source. */
  reason: string;
}

const TOWNSHIP_PROGRAMS = ['低保', '特困'];

/**
 * The approval chain of a program (amount in fen for 临时救助) under `townshipLimitYuan` (temporary.townshipLimit)
 * and, for 一事一议, `countyLimitYuan` (temporary.countyLimit; null: the pack states no ceiling, so no request is
 * sent to the coordination mechanism by its amount).
 */
export function approvalChain(program: string, amountFen: number | null, townshipLimitYuan: number, countyLimitYuan: number | null = null): ApprovalChain {
  if (TOWNSHIP_PROGRAMS.includes(program)) {
    return { levels: ['township'], oneByOne: false, department: null, reason: `${program}审批权限下放至乡镇（000:L174）` };
  }
  if (program === '残疾人两项补贴') {
    return { levels: ['township', 'county'], oneByOne: false, department: '残联',
      reason: '残疾人两项补贴由乡镇受理审核，县残联审批（004:L85 牵头部门县残联；001:L816）' };
  }
  if (program === '临时救助') {
    const limitFen = Math.round(townshipLimitYuan * 100);
    if ((amountFen ?? 0) <= limitFen) {
      return { levels: ['township'], oneByOne: false, department: null, reason: `临时救助金额不超过乡镇审批额度 ${townshipLimitYuan} 元（temporary.townshipLimit，000:L158），由乡镇审批` };
    }
    if (countyLimitYuan !== null && (amountFen ?? 0) > Math.round(countyLimitYuan * 100)) {
      return { levels: ['township', 'county'], oneByOne: true, department: '民政局',
        reason: `临时救助金额超过县级审批额度 ${countyLimitYuan} 元（temporary.countyLimit），乡镇审核后提交县级困难群众基本生活保障工作协调机制“一事一议”审批（000:L158）` };
    }
    return { levels: ['township', 'county'], oneByOne: false, department: '民政局',
      reason: `临时救助金额超过乡镇审批额度 ${townshipLimitYuan} 元（temporary.townshipLimit，000:L158），乡镇审核后报县民政局审批` };
  }
  return { levels: ['township', 'county'], oneByOne: false, department: null, reason: `${program}由乡镇受理审核，县级主管部门审批` };
}

const T: Role[] = ['township_staff'];
const C: Role[] = ['county_staff', 'county_admin'];

/**
 * The reference 低保 workflow: 受理 → 入户调查 → 家庭经济状况核对 → 公示 → (民主评议 only when the
 * notice drew an objection, 000:L174) → 乡镇审批 → 批准; the township may reject or the applicant
 * withdraw at any township step; a rejection may be appealed once (复议) to the county.
 */
export const DIBAO_WORKFLOW: WorkflowDef = {
  name: '低保',
  labels: {
    intake: '受理', investigation: '入户调查', verification: '家庭经济状况核对', notice: '公示', appraisal: '民主评议', township_approval: '乡镇审批',
    approved: '已批准', rejected: '不予批准', withdrawn: '已撤回', appeal: '复议',
    accept: '受理', investigate: '完成入户调查', verify: '完成核对', close_notice: '结束公示', appraise: '完成民主评议', approve: '批准', reject: '不予批准',
    withdraw: '撤回申请', uphold: '维持原决定', overturn: '撤销原决定并批准',
  },
  transitions: [
    { step: 'intake', action: 'accept', to: 'investigation', roles: T, level: 'township' },
    { step: 'investigation', action: 'investigate', to: 'verification', roles: [...T, 'village_staff'], level: 'village' },
    { step: 'verification', action: 'verify', to: 'notice', roles: T, level: 'township', when: 'verificationClear' },
    { step: 'notice', action: 'close_notice', to: 'appraisal', roles: T, level: 'township', when: 'objection' },
    { step: 'notice', action: 'close_notice', to: 'township_approval', roles: T, level: 'township', when: 'noObjection' },
    { step: 'appraisal', action: 'appraise', to: 'township_approval', roles: T, level: 'township' },
    { step: 'township_approval', action: 'approve', to: 'approved', roles: T, level: 'township' },
    ...['intake', 'investigation', 'verification', 'notice', 'appraisal', 'township_approval'].flatMap((s): StepDef[] => [
      { step: s, action: 'reject', to: 'rejected', roles: T, level: 'township' },
      { step: s, action: 'withdraw', to: 'withdrawn', roles: T, level: 'township' },
    ]),
    { step: 'rejected', action: 'appeal', to: 'appeal', roles: [...T, ...C], level: 'township', when: 'notAppealed' },
    { step: 'appeal', action: 'uphold', to: 'rejected', roles: C, level: 'county' },
    { step: 'appeal', action: 'overturn', to: 'approved', roles: C, level: 'county' },
  ],
};
