/**
 * The words of disaster relief (受灾人员救助, issue 21; 000:L150, L164; 001 §三): kinds of disaster, response
 * levels, the measures each kind's criteria table is written in, house damage grades, immediate needs, the
 * four kinds of relief and the program names their payroll lines carry, the states of a relief. No
 * dependencies: the web UI imports it for its labels.
 */

export const DISASTER_KINDS = { snowIce: '低温雨雪冰冻', flood: '洪涝', drought: '旱灾', geological: '地质灾害', other: '其他灾害' } as const;
export type DisasterKind = keyof typeof DISASTER_KINDS;

/** Response levels from low to high: IV 一般, III 较大, II 重大, I 特别重大 (001:L2336). */
export const LEVELS = ['IV', 'III', 'II', 'I'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { IV: 'IV 级（一般）', III: 'III 级（较大）', II: 'II 级（重大）', I: 'I 级（特别重大）' };

/**
 * The measures of a kind's criteria table: each is a pack parameter `disaster.criteria.<kind>.<measure>`
 * holding four thresholds (IV, III, II, I). A kind without measures has no table: its level is the
 * confirming person's alone.
 */
export const MEASURES: Partial<Record<DisasterKind, Record<string, string>>> = {
  snowIce: {
    snowCm: '积雪深度（厘米）', glazeMm: '雨凇、冰凌直径（毫米）', roadIceCm: '道路结冰厚度（厘米）', coldDays: '日平均气温连续 0℃ 以下天数',
    highwayBlockedHours: '高速公路中断时长（小时）', gridLossPct: '电网减供负荷（%）',
  },
};

export const DAMAGE_GRADES = { collapsed: '倒塌', severe: '严重损坏', general: '一般损坏', none: '未损坏' } as const;
export type DamageGrade = keyof typeof DAMAGE_GRADES;

export const NEEDS = { food: '口粮', shelter: '住所', medical: '医疗', clothing: '衣被' } as const;
export type Need = keyof typeof NEEDS;

/** The four kinds of relief of 000:L150. */
export const RELIEF_KINDS = { emergency: '应急救助', transition: '过渡期生活救助', hardship: '临时生活困难救助', rebuild: '倒损民房恢复重建' } as const;
export type ReliefKind = keyof typeof RELIEF_KINDS;
export const HARDSHIP_SEASONS = { floodDrought: '旱灾（洪涝）', winterSpring: '冬春荒' } as const;
export type HardshipSeason = keyof typeof HARDSHIP_SEASONS;

/** The program name of each kind's payroll lines (资金发放, 按项目报表). */
export const RELIEF_PROGRAMS: Record<ReliefKind, string> = {
  emergency: '受灾人员应急救助', transition: '过渡期生活救助', hardship: '受灾临时生活困难救助', rebuild: '倒损民房恢复重建',
};
export const EMERGENCY_PROGRAM = '应急期临时生活补贴';
export const DISASTER_PROGRAMS = [...Object.values(RELIEF_PROGRAMS), EMERGENCY_PROGRAM];

export const RELIEF_FORMS = { cash: '现金', inKind: '实物' } as const;
export type ReliefForm = keyof typeof RELIEF_FORMS;

/** States of a relief on its workflow (workflow.ts). */
export const RELIEF_STATES = {
  notice: '公示中', township_approval: '乡镇审批', township_review: '乡镇审核', county_approval: '县级审批', approved: '已批准', rejected: '未批准', distributed: '已发放（实物）',
} as const;
export type ReliefState = keyof typeof RELIEF_STATES;

export const INSTALMENT_STATES = { waiting: '待进度', due: '待发放', paid: '已发放' } as const;

export const EVENT_STATES = { proposed: '待确认级别', confirmed: '已确认', closed: '已结束' } as const;
