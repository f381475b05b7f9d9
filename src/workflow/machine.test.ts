/** The transition engine on the reference 低保 workflow: every role × state × action, guards, area, level; approval chains. */
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES, ROLES, SCOPE_LENGTH, type Role } from '../auth/roles.ts';
import { approvalChain, DIBAO_WORKFLOW, nextState, statesOf, actionsOf, type Guard } from './machine.ts';

const VILLAGE = '430525101201';
const L = DIBAO_WORKFLOW.labels!;
const T: Role[] = ['township_staff'];
const TV: Role[] = ['township_staff', 'village_staff'];
const TC: Role[] = ['township_staff', 'county_staff', 'county_admin'];
const C: Role[] = ['county_staff', 'county_admin'];
const refuse = { reject: { roles: T, to: 'rejected' }, withdraw: { roles: T, to: 'withdrawn' } };

/** Written out by hand from the process: what may happen in each state, by whom, to where (no objection, verification clear, not yet appealed). */
const ALLOWED: Record<string, Record<string, { roles: Role[]; to: string }>> = {
  intake: { accept: { roles: T, to: 'investigation' }, ...refuse },
  investigation: { investigate: { roles: TV, to: 'verification' }, ...refuse },
  verification: { verify: { roles: T, to: 'notice' }, ...refuse },
  notice: { close_notice: { roles: T, to: 'township_approval' }, ...refuse },
  appraisal: { appraise: { roles: T, to: 'township_approval' }, ...refuse },
  township_approval: { approve: { roles: T, to: 'approved' }, ...refuse },
  rejected: { appeal: { roles: TC, to: 'appeal' } },
  appeal: { uphold: { roles: C, to: 'rejected' }, overturn: { roles: C, to: 'approved' } },
  approved: {},
  withdrawn: {},
};

const GUARDS: Record<string, Guard> = { verificationClear: () => true, objection: () => '公示无异议', noObjection: () => true, notAppealed: () => true };
const actorOf = (role: Role) => ({ role, areaCode: VILLAGE.slice(0, SCOPE_LENGTH[role]) });

describe('nextState on the 低保 workflow', () => {
  it('has exactly the states and actions of the table', () => {
    expect(statesOf(DIBAO_WORKFLOW).sort()).toEqual(Object.keys(ALLOWED).sort());
    expect(actionsOf(DIBAO_WORKFLOW).sort()).toEqual([...new Set(Object.values(ALLOWED).flatMap((a) => Object.keys(a)))].sort());
  });

  const cases = ROLE_NAMES.flatMap((role) => Object.keys(ALLOWED).flatMap((state) => actionsOf(DIBAO_WORKFLOW).map((action) => [role, state, action] as const)));
  it(`decides all ${cases.length} role × state × action combinations as the table says`, () => {
    for (const [role, state, action] of cases) {
      const r = nextState(DIBAO_WORKFLOW, { state, areaCode: VILLAGE }, action, actorOf(role), GUARDS);
      const allowed = ALLOWED[state][action];
      const where = `${role} ${state} ${action}`;
      if (!allowed) {
        expect('error' in r && { code: r.error.code, message: r.error.message, status: r.error.status }, where)
          .toEqual({ code: 'WRONG_STEP', message: `当前环节「${L[state]}」不能办理「${L[action]}」`, status: 409 });
      } else if (!allowed.roles.includes(role)) {
        expect('error' in r && { code: r.error.code, message: r.error.message, status: r.error.status }, where)
          .toEqual({ code: 'ROLE_NOT_ALLOWED', message: `「${L[action]}」须由${allowed.roles.map((x) => ROLES[x].label).join('、')}办理`, status: 403 });
      } else {
        expect('to' in r && r.to, where).toBe(allowed.to);
      }
    }
  });

  it('goes to 民主评议 only when the notice drew an objection', () => {
    const withObjection = { ...GUARDS, objection: () => true as const, noObjection: () => '公示有异议' };
    expect(nextState(DIBAO_WORKFLOW, { state: 'notice', areaCode: VILLAGE }, 'close_notice', actorOf('township_staff'), withObjection)).toMatchObject({ to: 'appraisal' });
  });

  it('refuses with the guard\'s own message when no guard holds', () => {
    const r = nextState(DIBAO_WORKFLOW, { state: 'verification', areaCode: VILLAGE }, 'verify', actorOf('township_staff'), { ...GUARDS, verificationClear: () => '尚有 2 条未处理的核对疑点' });
    expect('error' in r && r.error).toMatchObject({ code: 'GUARD_FAILED', message: '尚有 2 条未处理的核对疑点', status: 409 });
    const appealed = nextState(DIBAO_WORKFLOW, { state: 'rejected', areaCode: VILLAGE }, 'appeal', actorOf('county_staff'), { ...GUARDS, notAppealed: () => '已申请过复议' });
    expect('error' in appealed && appealed.error.message).toBe('已申请过复议');
  });

  it('refuses a subject outside the actor\'s area, a step above the actor\'s level, and an unknown action', () => {
    const other = nextState(DIBAO_WORKFLOW, { state: 'intake', areaCode: '430525102201' }, 'accept', actorOf('township_staff'), GUARDS);
    expect('error' in other && other.error).toMatchObject({ code: 'OUT_OF_SCOPE', path: 'areaCode', status: 403 });
    // A county role with a township scope cannot take a county step.
    const level = nextState(DIBAO_WORKFLOW, { state: 'appeal', areaCode: VILLAGE }, 'uphold', { role: 'county_staff', areaCode: '430525101' }, GUARDS);
    expect('error' in level && level.error).toMatchObject({ code: 'WRONG_LEVEL', message: '「维持原决定」须由县级办理', status: 403 });
    const unknown = nextState(DIBAO_WORKFLOW, { state: 'intake', areaCode: VILLAGE }, 'pay', actorOf('township_staff'), GUARDS);
    expect('error' in unknown && unknown.error).toMatchObject({ code: 'UNKNOWN_ACTION', status: 400 });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses the unknown action %s with a Chinese 400 that echoes no object', (action) => {
    const r = nextState(DIBAO_WORKFLOW, { state: 'intake', areaCode: VILLAGE }, action, actorOf('township_staff'), GUARDS);
    expect('error' in r && r.error).toMatchObject({ code: 'UNKNOWN_ACTION', status: 400, path: 'action', message: `「${DIBAO_WORKFLOW.name}」没有这一办理事项` });
    expect('error' in r && r.error.message).not.toMatch(/object|function|\[native code\]/i);
  });

  it('treats a guard the caller did not supply as a bug', () => {
    expect(() => nextState(DIBAO_WORKFLOW, { state: 'verification', areaCode: VILLAGE }, 'verify', actorOf('township_staff'), {})).toThrow(/verificationClear/);
  });
});

describe('approval chains', () => {
  it.each([
    ['低保', null, ['township'], false],
    ['特困', null, ['township'], false],
    ['临时救助', 100_000, ['township'], false], // 1000 元, the limit itself (含)
    ['临时救助', 100_001, ['township', 'county'], false], // above the township limit: the county decides, not 一事一议
    ['临时救助', 2_000_000, ['township', 'county'], false], // 20000 元, the county ceiling itself (含)
    ['临时救助', 2_000_001, ['township', 'county'], true], // above temporary.countyLimit: 一事一议 (000:L158 "必要时")
    ['医疗救助', null, ['township', 'county'], false],
  ] as const)('%s (%s fen) is approved by %j, 一事一议 %s', (program, fen, levels, oneByOne) => {
    expect(approvalChain(program, fen, 1000, 20000)).toMatchObject({ levels, oneByOne });
  });

  it('sends nothing to 一事一议 by its amount when the pack states no county ceiling', () => {
    expect(approvalChain('临时救助', 100_000_000, 1000, null)).toMatchObject({ levels: ['township', 'county'], oneByOne: false, department: '民政局' });
  });

  it('has 残疾人两项补贴 reviewed by the township and approved by 县残联 (004:L85; 001:L816)', () => {
    const chain = approvalChain('残疾人两项补贴', null, 1000);
    expect(chain).toMatchObject({ levels: ['township', 'county'], oneByOne: false, department: '残联' });
    expect(chain.reason).toContain('004:L85');
  });

  it('names the limit and its source in the reason', () => {
    expect(approvalChain('临时救助', 200_000, 1000).reason).toContain('temporary.townshipLimit，000:L158');
  });
});
