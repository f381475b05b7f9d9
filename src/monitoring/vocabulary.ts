/**
 * The vocabulary of monitoring (issue 9), shared by the server and the web UI: warning levels, household
 * types (000:L562), risk factors (002:L647-651), measures (002:L679-693), the 六看六查 checklist
 * (001:L876), rule names, report channels and kinds. Constants only, no imports.
 */
export const LEVELS = { red: '红色', orange: '橙色', yellow: '黄色' } as const;
export type Level = keyof typeof LEVELS;
/** Most urgent first. */
export const LEVEL_ORDER: readonly Level[] = ['red', 'orange', 'yellow'];

/** 监测对象类别 (000:L562). */
export const HOUSEHOLD_TYPES = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

/** 致贫返贫风险因子 (002:L647-651): income (industry, employment), expense (medical, education, housing), accident (disaster, accident). */
export const RISK_FACTORS = {
  industry: '产业风险', employment: '就业风险', medical: '看病支出', education: '教育支出', housing: '住房安全', disaster: '自然灾害', accident: '意外事故',
} as const;
export type RiskFactor = keyof typeof RISK_FACTORS;
export const RISK_GROUPS: Record<RiskFactor, '收入' | '支出' | '意外'> = {
  industry: '收入', employment: '收入', medical: '支出', education: '支出', housing: '支出', disaster: '意外', accident: '意外',
};

/** 帮扶措施 (002:L679-693 政策工具), each matched to the risk factors it answers; social assistance opens a case. */
export const MEASURE_KINDS = {
  industry: '产业帮扶', employment: '就业帮扶', health: '健康帮扶', education: '教育帮扶', housing: '住房保障', social_assistance: '社会救助', social: '社会帮扶',
} as const;
export type MeasureKind = keyof typeof MEASURE_KINDS;
export const MEASURES_FOR_FACTOR: Record<RiskFactor, readonly MeasureKind[]> = {
  industry: ['industry', 'employment', 'social_assistance', 'social'],
  employment: ['employment', 'industry', 'social_assistance', 'social'],
  medical: ['health', 'social_assistance', 'social'],
  education: ['education', 'social_assistance', 'social'],
  housing: ['housing', 'social_assistance', 'social'],
  disaster: ['housing', 'social_assistance', 'social', 'industry'],
  accident: ['health', 'social_assistance', 'social', 'employment'],
};

/** 六看六查 (001:L876): six looks, six checks, in the document's order. */
export const CHECKLIST = {
  look: { industryEmployment: '看产业就业', housingSafety: '看住房安全', waterPower: '看水电保障', kitchenBedroom: '看厨房卧室', hygiene: '看环境卫生', familyCulture: '看文明家风' },
  check: { basicInfo: '查基本信息', passbook: '查存折流水', educationSecurity: '查教育保障', medicalSecurity: '查医疗保障', disabilitySecurity: '查残疾人保障', familyIncome: '查家庭收入' },
} as const;
export const CHECKLIST_ITEMS: Record<string, string> = { ...CHECKLIST.look, ...CHECKLIST.check };

/** 四治三创 (001:L876), done at every visit to the household's home with 六看六查: each 已落实 or 需整改 with a note. */
export const IMPROVEMENTS: Record<string, string> = {
  toilet: '治厕所', garbage: '治垃圾', sewage: '治污水', appearance: '治容貌', vegetables: '种菜', flowers: '种花', trees: '种树', beautifulHome: '创美丽农家',
};

/** The named warning rules a county switches on (monitoring.rules.<name>.enabled) and gives a level. */
export const RULES = {
  incomeBelowLine: '人均收入低于监测范围', incomeNearLine: '人均收入接近监测范围', medicalExpense: '医疗自付费用高', severeDisability: '新认定重度残疾',
  earnerDeath: '主要劳动力死亡', jobLoss: '失业（工资中断）', dropout: '辍学', disaster: '灾害或事故', dangerousHousing: '住房为危房',
} as const;
export type RuleName = keyof typeof RULES;

/** Report channels (002:L657-663: self, village, cadre; plus the hotline). */
export const REPORT_CHANNELS = { village: '村级报告', cadre: '帮扶干部报告', hotline: '服务热线', self: '本人申报' } as const;
export type ReportChannel = keyof typeof REPORT_CHANNELS;
export const REPORT_KINDS = { medical: '大额医疗支出', disaster: '自然灾害或意外事故', death: '家庭成员死亡', jobLoss: '失业', dropout: '辍学' } as const;
export type ReportKind = keyof typeof REPORT_KINDS;


/** 负面因子 (002:L653): recorded with evidence; only a person's decision may exclude a household from monitoring (L645), never from 低保 (L589). */
export const NEGATIVE_FACTORS = { gambling: '赌博', drugs: '吸毒', theft: '偷盗', fraud: '诈骗', idleness: '懒惰', luxury: '享受高消费服务', other: '其他不良行为' } as const;
export type NegativeFactor = keyof typeof NEGATIVE_FACTORS;
export const NEGATIVE_DECISIONS = { exclude: '不纳入监测', keep: '不影响监测' } as const;
