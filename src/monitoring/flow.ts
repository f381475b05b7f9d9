/**
 * Identification (识别纳入, 002:L665-669) and risk removal (风险消除, 002:L713) as workflow definitions
 * run by src/workflow/machine.ts (`nextState`): the same steps for both —
 *   check (入户核查: for identification, the signed authorisation and integrity pledge are uploaded)
 *   → appraisal (民主评议, then the village notice 公示 is opened)
 *   → notice (公示; closed by the township after its period, with or without an objection)
 *   → township_review (乡镇初审)
 *   → county_decision (县级审定: the type and risk factors; or, for removal, 风险消除)
 *   → identified | removed, or rejected; withdrawn at the household's request.
 * Pure: the guards are supplied by the store (papersSigned, noticeEnded, criteriaHold).
 */
import type { Role } from '../auth/roles.ts';
import type { StepDef, WorkflowDef } from '../workflow/machine.ts';

const V: Role[] = ['village_staff', 'township_staff'];
const T: Role[] = ['township_staff'];
const C: Role[] = ['county_staff', 'county_admin'];

export const OPEN_STATES = ['check', 'appraisal', 'notice', 'township_review', 'county_decision'] as const;
export const FINAL_STATES = ['identified', 'removed', 'rejected', 'withdrawn'] as const;

export const STATE_LABELS: Record<string, string> = {
  check: '入户核查', appraisal: '民主评议', notice: '公示中', township_review: '乡镇初审', county_decision: '县级审定',
  identified: '已纳入监测', removed: '已消除风险', rejected: '未通过', withdrawn: '已撤回',
};

export type Purpose = 'identify' | 'remove';

export function monitoringWorkflow(purpose: Purpose): WorkflowDef {
  const decided = purpose === 'identify' ? 'identified' : 'removed';
  const transitions: StepDef[] = [
    { step: 'check', action: 'complete_check', to: 'appraisal', roles: V, level: 'village', ...(purpose === 'identify' ? { when: 'papersSigned' } : {}) },
    { step: 'appraisal', action: 'appraise', to: 'notice', roles: V, level: 'village' },
    { step: 'notice', action: 'close_notice', to: 'township_review', roles: T, level: 'township', when: 'noticeEnded' },
    { step: 'township_review', action: 'township_approve', to: 'county_decision', roles: T, level: 'township' },
    { step: 'township_review', action: 'reject', to: 'rejected', roles: T, level: 'township' },
    { step: 'county_decision', action: 'decide', to: decided, roles: C, level: 'county', ...(purpose === 'remove' ? { when: 'criteriaHold' } : {}) },
    { step: 'county_decision', action: 'reject', to: 'rejected', roles: C, level: 'county' },
    ...OPEN_STATES.map((s): StepDef => ({ step: s, action: 'withdraw', to: 'withdrawn', roles: T, level: 'township' })),
  ];
  return {
    name: purpose === 'identify' ? '防返贫监测对象识别' : '风险消除',
    labels: {
      ...STATE_LABELS, complete_check: '完成入户核查', appraise: '完成民主评议并公示', close_notice: '结束公示', township_approve: '乡镇初审通过',
      decide: purpose === 'identify' ? '县级审定纳入监测' : '县级审定消除风险', reject: '不予通过', withdraw: '撤回',
    },
    transitions,
  };
}

/** The role that acts in each open state (for the step's deadline task). */
export const STEP_ROLE: Record<(typeof OPEN_STATES)[number], Role> = {
  check: 'village_staff', appraisal: 'village_staff', notice: 'township_staff', township_review: 'township_staff', county_decision: 'county_staff',
};

/** Every action a procedure of either purpose can take: the route refuses any other name before reading anything. */
export const PROCEDURE_ACTIONS: readonly string[] = [...new Set((['identify', 'remove'] as const).flatMap((p) => monitoringWorkflow(p).transitions.map((t) => t.action)))];
