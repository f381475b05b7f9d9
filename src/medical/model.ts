/**
 * The vocabulary of medical assistance (医疗救助, ../shared/domain/RULES.md § 医疗救助 and
 * ../shared/contract/MEDICAL.md): the categories in the rules' order (ties go to the earlier one),
 * the settlement file's fixed values, and the shapes the pure rules (rules.ts) work on — amounts in fen.
 */
import type { Reason } from '../policy/context.ts';

/** RULES.md order: a tie in ratio goes to the category listed first. */
export const CATEGORIES = ['tekun', 'dibaoLongTerm', 'dibaoElderly', 'dibao', 'registeredPoorMajor', 'registeredPoor', 'monitored', 'lowIncome'] as const;
export type Category = (typeof CATEGORIES)[number];
export type CategoryOrNone = Category | 'none';

export const CATEGORY_LABELS: Record<CategoryOrNone, string> = {
  tekun: '特困供养人员', dibaoLongTerm: '低保长期保障户成员', dibaoElderly: '低保高龄老人', dibao: '低保对象',
  registeredPoorMajor: '建档立卡重大疾病患者', registeredPoor: '建档立卡人员', monitored: '防返贫监测对象', lowIncome: '低收入家庭成员', none: '无救助类别',
};

export const VISIT_TYPES = ['住院', '门诊慢特病', '普通门诊'] as const;
export const HOSPITAL_LEVELS = ['县级及以下', '市级', '省级'] as const;
export const METHODS = ['一站式', '个人垫付'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export type Method = (typeof METHODS)[number];

/** The months of an entitlement (YYYY-MM; end null while active). */
export interface Span { startMonth: string; endMonth: string | null }

/** What the platform records about a registered person, as the categories on one date need it. */
export interface PersonFacts {
  birthDate: string;
  /** The 特困 entitlement active in the date's month supports the person (the engine gives them a 特困 benefit on its snapshot). */
  tekun: Span | null;
  /** Counted in the 低保 of the household's entitlement active in that month; longTerm when no counted member is employed or can work. */
  dibao: (Span & { longTerm: boolean }) | null;
  registeredPoor: boolean;
  /** The household is under poverty-return monitoring on the date. */
  monitored: boolean;
  /** The engine classifies the household lowIncome, dibao or tekun on the date (asked only when the person is in no 特困/低保 category). */
  lowIncome: () => boolean;
  /** For premium subsidies: 重病 and 重度残疾 by the pack's definitions. */
  seriouslyIll: boolean;
  severelyDisabled: boolean;
}

/** One settlement's figures as read from the file (fen). */
export interface SettlementRow {
  settlementNo: string;
  idNumber: string;
  name: string;
  visitType: VisitType;
  hospitalLevel: string;
  hospitalName: string | null;
  date: string;
  totalFen: number;
  policyFen: number;
  basicFen: number;
  seriousFen: number;
  /** 医疗救助支付: assistance the insurance platform already paid (0 when blank). */
  recordedFen: number;
  /** The pack's disease code after medical.diseaseCodes; null when blank. */
  disease: string | null;
  /** The code as written in the file (for the record). */
  diseaseRaw: string | null;
  method: Method;
  bank: { bankName: string; accountNo: string; accountName: string } | null;
  /** The row of the file (for errors); 0 from the HTTP route. */
  row: number;
}

/** The category chosen for a settlement (or the identity list), with its ratio after the bonus. */
export interface Choice {
  category: CategoryOrNone;
  ratio: number;
  reasons: Reason[];
  /** Where it comes from when an entitlement gives it (identity list 开始/结束日期). */
  span: Span | null;
}

export interface Assessment {
  category: CategoryOrNone;
  ratio: number;
  baseFen: number;
  assistanceFen: number;
  recordedFen: number;
  topUpFen: number;
  /** The person's computed and recorded assistance in the calendar year after this settlement (top-ups excluded). */
  yearAssistedFen: number;
  capRemainingFen: number;
  reasons: Reason[];
}
