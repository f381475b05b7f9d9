/**
 * The workflow of one program of a case, as data: built from the county's pack and the case's facts
 * when the program is accepted (受理), stored on the program (`case_programs.workflow`), and run by
 * the transition engine of src/workflow/machine.ts. A pack published later affects new cases only.
 *
 * Steps (docs/cases.md): 受理 → the pack's `cases.steps` in their order (入户调查, 家庭经济状况核对,
 * 公示, 民主评议) → 审批. 民主评议 follows a notice only when it drew an objection, unless
 * `cases.appraisal` is `always`. Who decides is `approvalChain` of src/workflow/machine.ts, the one rule:
 * the township for 低保, 特困 and 临时救助 up to `temporary.townshipLimit`; above it the township reviews
 * (审核) and the county civil affairs bureau decides, and above `temporary.countyLimit` the county's
 * coordination mechanism decides it 一事一议 (000:L158); 残疾人两项补贴 is reviewed by the township and
 * approved by 县残联 (004:L85; 001:L816).
 * An applicant related to staff always gets a county home visit after the township's. 急难型临时救助
 * within the township limit is paid first from the reserve and documented after (002:L601). Programs
 * of a department (医疗救助 医保局, 教育资助 教育局, 住房救助 住建局, 就业救助 人社局) are referred to
 * it after the township's investigation and decided by its 办结 result. Pure.
 */
import type { Role } from '../auth/roles.ts';
import type { ResolvedPack } from '../policy/pack.ts';
import { approvalChain } from '../workflow/machine.ts';
import type { CaseProgram, State } from './model.ts';

export type Level = 'village' | 'township' | 'county';

export interface Transition {
  /** The state the action is taken in. */
  step: State;
  action: string;
  to: State;
  roles: Role[];
  level: Level;
  /** A fact that must hold (checked by the store): objection, noObjection, notAppealed. */
  when?: 'objection' | 'noObjection' | 'notAppealed';
  /** A county step: the department whose staff take it (absent: 民政局). */
  department?: string;
}

export interface ProgramWorkflow {
  program: CaseProgram;
  /** The pack version it was built from. */
  policy: { packId: string; version: number } | null;
  level: 'township' | 'county';
  oneByOne: boolean;
  steps: State[];
  transitions: Transition[];
  /** Working days allowed in each state (its deadline task). */
  deadlines: Partial<Record<State, number>>;
  /** Who is expected to act in each state (the task's assignee). */
  assignees: Partial<Record<State, { role: Role; department?: string }>>;
}

export interface ProgramFacts {
  program: CaseProgram;
  subtype?: string | null;
  amountFen?: number | null;
  /** 近亲属: the county visits the household itself. */
  countyVisit: boolean;
  /**
   * The household is a 低保 or 特困 recipient now: applying for 临时救助 it is not 核对'd again (002:L601
   * "不再进行家庭收入和财产状况调查") — no 家庭经济状况核对 step, so no 核对授权书 is asked for it.
   */
  recipient?: boolean;
}

const TOWNSHIP: Role[] = ['township_staff'];
/** County steps of the case workflow are the civil affairs bureau's (县民政局); other departments answer referrals. */
export const CIVIL_AFFAIRS_DEPARTMENT = '民政局';
const CIVIL_AFFAIRS = { role: 'county_staff' as Role, department: CIVIL_AFFAIRS_DEPARTMENT };
const COUNTY: Role[] = ['county_staff', 'county_admin'];
const STEP_NAMES = ['investigation', 'verification', 'notice', 'appraisal'] as const;
const DEPARTMENT_PROGRAMS: Partial<Record<CaseProgram, string>> = { 医疗救助: '医保局', 教育资助: '教育局', 住房救助: '住建局', 就业救助: '人社局' };

/** The program's department when a department decides it (referral after investigation), else null. */
export function departmentOf(program: CaseProgram): string | null {
  return DEPARTMENT_PROGRAMS[program] ?? null;
}

/** Who reviews and decides the program (approvalChain under the pack's temporary.townshipLimit and temporary.countyLimit). */
export function chainOf(pack: ResolvedPack, f: Pick<ProgramFacts, 'program' | 'amountFen'>) {
  return approvalChain(f.program, f.amountFen ?? null, pack.value<number>('temporary.townshipLimit'), pack.value<number | null>('temporary.countyLimit') ?? null);
}

/** Whether 临时救助 of this amount is decided by the county (above temporary.townshipLimit). */
export function countyLevel(pack: ResolvedPack, f: Pick<ProgramFacts, 'program' | 'amountFen'>): boolean {
  return f.program === '临时救助' && chainOf(pack, f).levels.includes('county');
}

/** 急难型 within the township limit, when the pack allows paying first (temporary.advance). */
export function paysFirst(pack: ResolvedPack, f: ProgramFacts): boolean {
  return f.program === '临时救助' && f.subtype === '急难型' && pack.value<boolean>('temporary.advance') && !countyLevel(pack, f);
}

export class FlowError extends Error {}

/** The workflow of one program, from the pack in force on the day it is accepted. */
export function buildWorkflow(pack: ResolvedPack, f: ProgramFacts, policy: ProgramWorkflow['policy'] = null): ProgramWorkflow {
  const d = (name: string) => pack.value<number>(`cases.deadlines.${name}`);
  const chain = chainOf(pack, f);
  const county = chain.levels.includes('county');
  const deadlines: ProgramWorkflow['deadlines'] = { intake: d('accept') };
  const assignees: ProgramWorkflow['assignees'] = { intake: { role: 'township_staff' } };
  const transitions: Transition[] = [];
  const t = (step: State, action: string, to: State, roles: Role[], level: Level, when?: Transition['when'], department?: string) =>
    transitions.push({ step, action, to, roles, level, ...(when ? { when } : {}), ...(department ? { department } : {}) });

  if (paysFirst(pack, f)) {
    // 先行救助: accepted and paid in one action from the township's reserve; documented after.
    t('intake', 'pay_advance', 'documenting', TOWNSHIP, 'township');
    t('documenting', 'document', 'approved', TOWNSHIP, 'township');
    deadlines.documenting = d('documentation');
    assignees.documenting = { role: 'township_staff' };
    for (const s of ['intake', 'documenting'] as State[]) t(s, 'withdraw', 'withdrawn', TOWNSHIP, 'township');
    return { program: f.program, policy, level: 'township', oneByOne: false, steps: ['intake', 'documenting', 'approved'], transitions, deadlines, assignees };
  }

  const configured = pack.value<string[]>('cases.steps');
  for (const s of configured) {
    if (!(STEP_NAMES as readonly string[]).includes(s)) throw new FlowError(`政策包 cases.steps 含有未知步骤 ${s}（可用：${STEP_NAMES.join('、')}）`);
  }
  if (new Set(configured).size !== configured.length) throw new FlowError('政策包 cases.steps 含有重复步骤');
  const department = departmentOf(f.program);
  // A department's program: the township investigates, then the department decides (转办).
  let steps = (department ? configured.filter((s) => s === 'investigation') : [...configured]) as State[];
  // 002:L601: a 低保/特困 recipient applying for 临时救助 is checked on its necessary expenses (入户调查), not on income and assets.
  if (f.program === '临时救助' && f.recipient) steps = steps.filter((s) => s !== 'verification');
  if (f.countyVisit) {
    const i = steps.indexOf('investigation');
    steps.splice(i + 1, 0, 'county_visit');
  }
  const appraisalAlways = pack.value<string>('cases.appraisal') === 'always';
  const noticeAt = steps.indexOf('notice');
  const appraisalAt = steps.indexOf('appraisal');
  // 民主评议 placed before the notice cannot depend on its objections: it is then always held.
  const conditional = !appraisalAlways && appraisalAt > noticeAt && noticeAt >= 0;
  const decision: State[] = department ? ['referred'] : county ? ['township_review', 'county_approval'] : ['township_approval'];
  steps = [...steps, ...decision];

  t('intake', 'accept', steps[0], TOWNSHIP, 'township');
  steps.forEach((s, i) => {
    const next = steps[i + 1];
    switch (s) {
      case 'investigation':
        t(s, 'investigate', next, [...TOWNSHIP, 'village_staff'], 'township');
        deadlines[s] = d('investigation');
        assignees[s] = { role: 'township_staff' };
        break;
      case 'county_visit':
        t(s, 'county_visit', next, COUNTY, 'county');
        deadlines[s] = d('countyVisit');
        assignees[s] = CIVIL_AFFAIRS;
        break;
      case 'verification':
        t(s, 'verify', next, TOWNSHIP, 'township');
        deadlines[s] = d('verification');
        assignees[s] = { role: 'township_staff' };
        break;
      case 'notice':
        if (conditional && steps[i + 1] === 'appraisal') {
          t(s, 'close_notice', 'appraisal', TOWNSHIP, 'township', 'objection');
          t(s, 'close_notice', steps[i + 2], TOWNSHIP, 'township', 'noObjection');
        } else {
          t(s, 'close_notice', next, TOWNSHIP, 'township');
        }
        // The notice runs notice.days; its task falls due after that many working days.
        deadlines[s] = pack.value<number>('notice.days');
        assignees[s] = { role: 'township_staff' };
        break;
      case 'appraisal':
        t(s, 'appraise', next, TOWNSHIP, 'township');
        deadlines[s] = conditional ? d('objection') : d('appraisal');
        assignees[s] = { role: 'township_staff' };
        break;
      case 'township_approval':
        t(s, 'approve', 'approved', TOWNSHIP, 'township');
        deadlines[s] = d('townshipApproval');
        assignees[s] = { role: 'township_staff' };
        break;
      case 'township_review':
        t(s, 'review', 'county_approval', TOWNSHIP, 'township');
        deadlines[s] = d('townshipApproval');
        assignees[s] = { role: 'township_staff' };
        break;
      case 'county_approval': {
        const decider = chain.department ?? CIVIL_AFFAIRS_DEPARTMENT;
        t(s, 'approve', 'approved', COUNTY, 'county', undefined, decider);
        t(s, 'reject', 'rejected', COUNTY, 'county', undefined, decider);
        deadlines[s] = d('countyApproval');
        assignees[s] = { role: 'county_staff', department: decider };
        break;
      }
      case 'referred':
        // Decided by the department's 办结 result (referrals.ts), not by an action here.
        deadlines[s] = d('referral');
        assignees[s] = { role: 'county_staff', department: department! };
        break;
      default:
        break;
    }
    // The township may refuse at any of its own steps (with reasons).
    if (s !== 'county_visit' && s !== 'county_approval' && s !== 'referred') t(s, 'reject', 'rejected', TOWNSHIP, 'township');
  });
  // 复议: a rejection may be appealed once to the county, which upholds it or approves.
  t('rejected', 'appeal', 'appeal', [...TOWNSHIP, ...COUNTY], 'township', 'notAppealed');
  t('appeal', 'uphold', 'rejected', COUNTY, 'county');
  t('appeal', 'overturn', 'approved', COUNTY, 'county');
  deadlines.appeal = d('appeal');
  assignees.appeal = CIVIL_AFFAIRS;
  for (const s of ['intake', ...steps.filter((x) => x !== 'referred')] as State[]) t(s, 'withdraw', 'withdrawn', TOWNSHIP, 'township');
  // 支出型临时救助: "进一步压缩办理时限" (002:L601) — no step longer than temporary.expenditureDeadline working days.
  const cap = f.program === '临时救助' && f.subtype === '支出型' ? pack.value<number | null>('temporary.expenditureDeadline') : null;
  if (cap != null) for (const s of Object.keys(deadlines) as State[]) if (s !== 'notice' && s !== 'appeal') deadlines[s] = Math.min(deadlines[s]!, cap);
  return { program: f.program, policy, level: county ? 'county' : 'township', oneByOne: chain.oneByOne, steps: ['intake', ...steps, 'approved'], transitions, deadlines, assignees };
}

/** The transitions of `action` in `state`, whose `when` the caller checks against the case. */
export function transitionsFor(wf: ProgramWorkflow, state: string, action: string): Transition[] {
  return wf.transitions.filter((x) => x.step === state && x.action === action);
}
