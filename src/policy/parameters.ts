/**
 * Every parameter a policy pack may set: its Chinese name, unit and meaning (the catalogue the form,
 * 参数说明 and the difference between versions read), its type, its default from the source documents
 * (line references into ../shared/seeds), or `required` when no document fixes it. A pack naming any
 * other parameter is rejected, so a typo can never fall back silently to a default.
 */
import { ILLNESSES } from '../registry/model.ts';

/**
 * number: any non-negative number (multiples); money: yuan with at most 2 decimals; integer: whole
 * numbers (months, ages, counts); fraction: a share in [0, 1], also written as a/b; stringMap: a
 * mapping of text to text (code → code).
 */
export type ParamType = 'number' | 'money' | 'integer' | 'fraction' | 'boolean' | 'string' | 'numberList' | 'stringList' | 'stringMap';

export interface ParamDef {
  /**
   * The parameter's Chinese name, as a civil servant calls it (the form, 参数说明, the difference between versions).
   * Every parameter has one (form.test.ts names any that lacks it); optional in the type only so that a new
   * parameter fails that test, which says which, rather than the build.
   */
  label?: string;
  /** The unit of the value in Chinese (元/人/月, 个月, 工作日, 比例…); absent for yes/no and choices. */
  unit?: string;
  /** Chinese words for each allowed value (strings), list entry (string lists) or mapped-to value (string maps): never shown as codes. */
  valueLabels?: Readonly<Record<string, string>>;
  type: ParamType;
  /** Absent: the parameter is required (by the rules that use it). */
  default?: unknown;
  /** Allowed values, for strings. */
  values?: readonly string[];
  min?: number;
  /** What the parameter means, in Chinese. */
  description: string;
  /** Where the default comes from: file:line into ../shared/seeds (printed in every reason that uses it). */
  source?: string;
}

const LEVELS = { red: '红色', orange: '橙色', yellow: '黄色' } as const;

const DEFAULT_SERIOUS_ILLNESSES = ['child_chd', 'child_leukemia', 'breast_cancer', 'cervical_cancer', 'liver_transplant', 'kidney_transplant', 'malignant_tumor', 'severe_mental', 'aids_oi'];

/** A named warning rule's switch and level (red/orange/yellow): off unless the county switches it on; the level has no default. */
function ruleParams(rule: string, what: string, source: string): Record<string, ParamDef> {
  return {
    [`monitoring.rules.${rule}.enabled`]: { label: `预警规则「${what}」启用`, type: 'boolean', default: false, description: `预警规则「${what}」是否启用`, source },
    [`monitoring.rules.${rule}.level`]: { label: `预警规则「${what}」等级`, valueLabels: LEVELS, type: 'string', values: ['red', 'orange', 'yellow'], description: `预警规则「${what}」的预警等级（红色、橙色、黄色）` },
  };
}

/** The medical-assistance categories in Chinese (RULES.md § 医疗救助). */
const MEDICAL_CATEGORIES: Record<string, string> = { tekun: '特困供养人员', dibaoLongTerm: '低保长期保障户', dibaoElderly: '低保80岁以上老人', dibao: '低保对象', registeredPoorMajor: '脱贫户大病患者', registeredPoor: '脱贫户（建档立卡）', monitored: '监测对象', lowIncome: '低收入人口' };

export const PARAMETERS: Record<string, ParamDef> = {
  'general.rounding': { label: '计算结果取整单位', valueLabels: { fen: '分', jiao: '角', yuan: '元' }, type: 'string', values: ['fen', 'jiao', 'yuan'], default: 'fen', description: '计算结果的取整单位（四舍五入）' },

  'definitions.severeDisability.grades': { label: '重度残疾等级', unit: '级', type: 'numberList', default: [1, 2], description: '重度残疾的残疾等级', source: '000:L128' },
  'definitions.severeDisability.grade3IntellectualMental': { label: '三级智力、精神残疾视为重度', type: 'boolean', default: true, description: '三级智力、精神残疾视为重度残疾', source: '000:L128' },
  'definitions.severeDisability.requireSecondGeneration': { label: '重度残疾须持第二代残疾人证', type: 'boolean', default: false, description: '重度残疾须持第二代残疾人证', source: '000:L128' },
  'definitions.seriousIllnesses': { label: '重病病种', valueLabels: ILLNESSES, type: 'stringList', default: DEFAULT_SERIOUS_ILLNESSES, description: '重病病种', source: '000:L128' },

  'dibao.standard.urban': { label: '城市低保标准', unit: '元/人/月', type: 'money', min: 0, description: '城市低保标准（元/人/月）' },
  'dibao.standard.rural': { label: '农村低保标准', unit: '元/人/月', type: 'money', min: 0, description: '农村低保标准（元/人/月）' },
  'dibao.employmentCost': { label: '就业成本扣减', unit: '元/人/月', type: 'money', min: 0, default: 0, description: '就业成本扣减（元/人/月）', source: '000:L148' },
  'dibao.rigidExpense.enabled': { label: '扣减刚性支出', type: 'boolean', default: false, description: '是否扣减刚性支出', source: '002:L593' },
  'dibao.rigidExpense.thresholdMultiple': { label: '刚性支出扣减门槛', unit: '倍（上年家庭收入）', type: 'number', min: 0, default: 2, description: '刚性支出超过上年家庭收入的倍数时可扣减', source: '002:L593' },
  'dibao.rigidExpense.capMultiple': { label: '刚性支出每月扣减上限', unit: '倍（月低保标准）', type: 'number', min: 0, default: 2, description: '刚性支出每月扣减上限（当地月低保标准的倍数，不乘人数）', source: '002:L593' },
  'dibao.assets.maxVehicles': { label: '允许的机动车数量', unit: '辆', type: 'integer', min: 0, default: 0, description: '允许的机动车数量' },
  'dibao.assets.businessAllowed': { label: '允许登记经营主体', type: 'boolean', default: false, description: '是否允许登记经营主体' },
  'dibao.assets.financialMonths': { label: '金融资产上限月数', unit: '个月', type: 'integer', min: 0, default: 24, description: '金融资产上限（低保标准×人数×月数）' },
  'dibao.minimumMonthly': { label: '低保金最低发放额', unit: '元/户/月', type: 'money', min: 0, default: 0, description: '低保金最低发放额（元/户/月）' },
  'dibao.surcharge.combine': { label: '多项分类施保的合并方式', valueLabels: { max: '取最高', sum: '相加' }, type: 'string', values: ['max', 'sum'], default: 'max', description: '多项分类施保比例取最高或相加' },
  'dibao.surcharge.elderly': { label: '老年人分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '老年人分类施保比例', source: '003:L36' },
  'dibao.surcharge.elderlyAge': { label: '分类施保老年人年龄', unit: '岁', type: 'integer', min: 0, default: 60, description: '分类施保老年人年龄' },
  'dibao.surcharge.severeDisability': { label: '重度残疾人分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '重度残疾人分类施保比例', source: '003:L36' },
  'dibao.surcharge.seriousIllness': { label: '重病患者分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '重病患者分类施保比例', source: '003:L36' },
  'dibao.surcharge.student': { label: '在校学生分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '在校学生分类施保比例', source: '003:L36' },
  'dibao.surcharge.singleParentChild': { label: '单亲家庭分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '单亲家庭未成年子女分类施保比例', source: '003:L36' },
  'dibao.surcharge.singleParentScope': { label: '单亲家庭分类施保对象', valueLabels: { children: '未成年子女', all: '全体家庭成员' }, type: 'string', values: ['children', 'all'], default: 'children', description: '单亲家庭分类施保对象：未成年子女或全体家庭成员（沿河“单亲家庭成员”）', source: '003:L36' },
  'dibao.surcharge.singleParentChildAge': { label: '单亲家庭子女分类施保年龄上限', unit: '岁（不含）', type: 'integer', min: 0, default: 18, description: '单亲家庭子女享受分类施保的年龄上限（不含）' },
  'dibao.taperMonths': { label: '低保渐退期', unit: '个月', type: 'integer', min: 0, default: 12, description: '渐退期（月）', source: '000:L148' },
  'dibao.single.enabled': { label: '重残重病人员“单人户”纳入低保', type: 'boolean', default: true, description: '低收入家庭重残、重病人员参照“单人户”纳入低保', source: '000:L128' },
  'dibao.single.requireLaborLoss': { label: '“单人户”须丧失劳动能力', type: 'boolean', default: false, description: '“单人户”须完全或部分丧失劳动能力', source: '002:L589' },
  'lowIncome.multiple': { label: '低收入家庭认定倍数', unit: '倍（低保标准）', type: 'number', min: 0, default: 1.5, description: '低收入家庭认定：人均收入低于低保标准的倍数' },

  'tekun.elderlyAge': { label: '特困老年人年龄', unit: '岁', type: 'integer', min: 0, default: 60, description: '特困老年人年龄' },
  'tekun.minorAge': { label: '特困未成年人年龄上限', unit: '岁（不含）', type: 'integer', min: 0, default: 18, description: '特困未成年人年龄上限（不含）', source: '000:L126' },
  'tekun.studentContinuation': { label: '特困学生年满后继续供养', type: 'boolean', default: true, description: '已供养的特困未成年人年满年龄上限后仍在校就读的可继续享有', source: '000:L126' },
  'tekun.assetTest': { label: '特困须通过低保财产条件', type: 'boolean', default: true, description: '特困“无生活来源”须家庭通过低保财产条件', source: '002:L597' },
  'tekun.basicMultiple': { label: '特困基本生活标准倍数', unit: '倍（低保标准）', type: 'number', min: 0, default: 1.3, description: '特困基本生活标准为低保标准的倍数', source: '000:L130' },
  'tekun.base': { label: '特困基本生活标准的基数', valueLabels: { applicable: '按户籍适用的低保标准', urban: '城市低保标准' }, type: 'string', values: ['applicable', 'urban'], default: 'applicable', description: '特困基本生活标准的基数：按户籍适用的低保标准或城市低保标准', source: '004:L89' },
  'tekun.basicStandard': { label: '特困基本生活标准（固定金额）', unit: '元/月', type: 'money', min: 0, default: null, description: '特困基本生活标准（元/月），设置后取代倍数计算' },
  'tekun.minimumWage': { label: '最低工资标准（计算照料护理费）', unit: '元/月', type: 'money', min: 0, description: '计算照料护理费的最低工资标准（元/月）', source: '000:L130' },
  'tekun.care.unable': { label: '全护理照料护理费比例', unit: '比例（最低工资）', type: 'fraction', min: 0, default: 1 / 3, description: '全护理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.partial': { label: '半护理照料护理费比例', unit: '比例（最低工资）', type: 'fraction', min: 0, default: 1 / 6, description: '半护理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.able': { label: '全自理照料护理费比例', unit: '比例（最低工资）', type: 'fraction', min: 0, default: 1 / 10, description: '全自理照料护理费占最低工资比例', source: '000:L130' },

  'disability.nursing.grade1': { label: '一级残疾人护理补贴', unit: '元/月', type: 'money', min: 0, default: 50, description: '一级重度残疾人护理补贴（元/月）', source: '004:L85' },
  'disability.nursing.grade2': { label: '二级残疾人护理补贴', unit: '元/月', type: 'money', min: 0, default: 40, description: '二级重度残疾人护理补贴（元/月）', source: '004:L85' },
  'disability.nursing.grade3': { label: '三级残疾人护理补贴', unit: '元/月', type: 'money', min: 0, default: 0, description: '三级残疾人护理补贴（元/月）' },
  'disability.nursing.grade4': { label: '四级残疾人护理补贴', unit: '元/月', type: 'money', min: 0, default: 0, description: '四级残疾人护理补贴（元/月）' },
  'disability.nursing.grade3IntellectualMental': { label: '三级智力、精神残疾人护理补贴', unit: '元/月', type: 'money', min: 0, default: 0, description: '三级智力、精神残疾人护理补贴（元/月）' },
  'disability.living.grade1': { label: '一级残疾人生活补贴比例', unit: '比例（低保标准）', type: 'fraction', min: 0, default: 0.3, description: '一级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.grade2': { label: '二级残疾人生活补贴比例', unit: '比例（低保标准）', type: 'fraction', min: 0, default: 0.3, description: '二级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.grade3': { label: '三级残疾人生活补贴比例', unit: '比例（低保标准）', type: 'fraction', min: 0, default: 0.2, description: '三级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.grade4': { label: '四级残疾人生活补贴比例', unit: '比例（低保标准）', type: 'fraction', min: 0, default: 0.1, description: '四级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.replacesSurcharge': { label: '生活补贴即重残分类施保', type: 'boolean', default: false, description: '残疾人生活补贴即重残分类施保增发，领取者不再计重残分类施保', source: '004:L85' },
  'disability.living.includeLowIncome': { label: '低收入家庭残疾人享受生活补贴', type: 'boolean', default: false, description: '低收入家庭残疾人也享受生活补贴' },

  'education.boarding.primary': { label: '小学寄宿生生活补助', unit: '元/年', type: 'money', min: 0, default: 1000, description: '小学寄宿生生活补助（元/年）', source: '004:L55' },
  'education.boarding.junior': { label: '初中寄宿生生活补助', unit: '元/年', type: 'money', min: 0, default: 1250, description: '初中寄宿生生活补助（元/年）', source: '004:L55' },

  'temporary.townshipLimit': { label: '乡镇直接审批额度上限', unit: '元', type: 'money', min: 0, default: 1000, description: '乡镇直接审批临时救助的额度上限（元，含）', source: '000:L158' },
  'temporary.advance': { label: '急难型先行救助', type: 'boolean', default: true, description: '急难型临时救助可先行救助、事后补充说明', source: '000:L174' },
  'temporary.reserveFundLimit': { label: '乡镇备用金上限', unit: '元', type: 'money', min: 0, default: 50000, description: '乡镇临时救助备用金上限（元）', source: '000:L158' },

  'review.stableMonths': { label: '稳定家庭复核周期', unit: '个月', type: 'integer', min: 1, default: 12, description: '特困和收入稳定低保家庭的复核周期（月）', source: '000:L134' },
  'review.variableMonths': { label: '收入不固定家庭复核周期', unit: '个月', type: 'integer', min: 1, default: 6, description: '收入不固定或有劳动能力的低保家庭复核周期（月）', source: '000:L134' },
  // Cross-department verification (src/verification/, docs/verification.md).
  'verification.wageMargin': { label: '工资收入少报提示差额', unit: '元/月', type: 'money', min: 0, default: 0, description: '核对：人社工资高于登记月收入超过此差额（元/月）时提示收入少报' },
  'notice.days': { label: '公示天数', unit: '天', type: 'integer', min: 1, description: '公示天数（文件未规定，由县设定）' },
  'notice.workingDays': { label: '公示天数按工作日计算', type: 'boolean', default: false, description: '公示天数按工作日计算（否则按自然日）' },
  'notice.objectionPhone': { label: '公示异议受理电话', type: 'string', default: null, description: '受理公示异议的电话（未设置时由乡镇在生成公示时填写，或为乡镇社会救助服务窗口）' },

  'workflow.escalation.countyAfterDays': { label: '升级为县级督办的逾期天数', unit: '工作日', type: 'integer', min: 0, description: '逾期超过该工作日数仍未办结的，乡镇督办升级为县级督办（文件建立督办制度，未定天数；未设置时乡镇督办的次一工作日升级）', source: '000:L172' },

  // Poverty-return monitoring (src/monitoring/, docs/monitoring.md): 监测范围, named warning rules (each switched on and tuned by the county), deadlines, visits, 约谈.
  'monitoring.incomeLine': { label: '防返贫监测范围（收入线）', unit: '元/人/年', type: 'money', min: 0, description: '防返贫监测范围：家庭年人均纯收入低于此线纳入监测（元/人/年；2019 年边缘户标准为 5000 元）', source: '002:L641' },
  'monitoring.rules.income.scope': { label: '收入预警适用家庭', valueLabels: { registeredPoor: '脱贫户（建档立卡户）', all: '全部在册家庭' }, type: 'string', values: ['registeredPoor', 'all'], default: 'registeredPoor', description: '收入预警适用的家庭：脱贫户（建档立卡户）或全部在册家庭', source: '002:L637' },
  ...ruleParams('incomeBelowLine', '家庭年人均收入低于监测范围', '002:L647'),
  ...ruleParams('incomeNearLine', '家庭年人均收入高于监测范围但在浮动比例以内', '002:L647'),
  'monitoring.rules.incomeNearLine.margin': { label: '收入临界预警浮动比例', unit: '比例', type: 'fraction', min: 0, description: '收入临界预警的浮动比例：人均收入低于监测范围 ×（1 + 比例）时预警' },
  ...ruleParams('medicalExpense', '医疗自付费用超过限额（因病）', '000:L568'),
  'monitoring.rules.medicalExpense.amount': { label: '医疗自付费用预警限额', unit: '元/年', type: 'money', min: 0, description: '医疗自付费用预警限额（元/年）' },
  ...ruleParams('severeDisability', '新认定重度残疾（残联数据或报告）', '002:L663'),
  ...ruleParams('earnerDeath', '主要劳动力（收入最高的成员）死亡', '002:L675'),
  ...ruleParams('jobLoss', '失业：人社工资数据中断（上期有工资、本期无）', '002:L647'),
  ...ruleParams('dropout', '辍学：学籍数据为退学或义务教育年龄无在读记录', '002:L649'),
  ...ruleParams('disaster', '自然灾害或意外事故报告', '002:L651'),
  'monitoring.rules.disaster.minLoss': { label: '灾害事故预警的最低损失', unit: '元', type: 'money', min: 0, default: 0, description: '灾害、事故报告的损失金额达到此数才预警（元；0 为一律预警）' },
  'monitoring.deadlines.identification': { label: '识别认定时限', unit: '天', type: 'integer', min: 1, description: '从首次发现线索到完成识别认定的时限（天；文件未规定，常见做法 15 天）' },
  'monitoring.deadlines.workingDays': { label: '识别时限按工作日计算', type: 'boolean', default: false, description: '识别时限按工作日计算（否则按自然日）' },
  'monitoring.removal.stableMonths': { label: '风险消除所需稳定月数', unit: '个月', type: 'integer', min: 0, description: '风险消除：帮扶措施见效后收入稳定高于监测范围的月数（文件称“持续稳定达到要求”，未定月数）', source: '002:L713' },
  'monitoring.visits.monitoringCadreMonths': { label: '监测帮扶干部走访周期', unit: '个月', type: 'integer', min: 1, default: 1, description: '监测帮扶干部入户走访周期（月，每周期不少于 1 次）', source: '001:L876' },
  'monitoring.visits.pairedCadreMonths': { label: '结对联系干部联系周期', unit: '个月', type: 'integer', min: 1, default: 2, description: '结对联系干部联系周期（月，每周期不少于 1 次）', source: '001:L876' },
  'monitoring.supervision.consecutive': { label: '连续通报约谈次数', unit: '次', type: 'integer', min: 1, default: 2, description: '连续被通报批评达此次数的乡镇、村（社区）予以约谈', source: '001:L886' },
  'monitoring.supervision.total': { label: '累计通报约谈次数', unit: '次', type: 'integer', min: 1, default: 3, description: '累计被通报批评达此次数的乡镇、村（社区）予以约谈', source: '001:L886' },

  // Medical assistance (src/medical/, docs/medical.md; RULES.md § 医疗救助): ratios by category, cap, top-up, premium subsidies, identity list.
  'medical.ratio.tekun': { label: '医疗救助比例：特困供养人员', unit: '比例', type: 'fraction', min: 0, description: '医疗救助比例：特困供养人员（文件未规定，由县设定）' },
  'medical.ratio.dibaoLongTerm': { label: '医疗救助比例：低保长期保障户', unit: '比例', type: 'fraction', min: 0, default: 1, description: '医疗救助比例：低保长期保障户成员', source: '003:L40' },
  'medical.ratio.dibaoElderly': { label: '医疗救助比例：低保80岁以上老人', unit: '比例', type: 'fraction', min: 0, default: 1, description: '医疗救助比例：80 岁以上低保对象', source: '003:L40' },
  'medical.ratio.dibao': { label: '医疗救助比例：其他低保对象', unit: '比例', type: 'fraction', min: 0, default: 0.7, description: '医疗救助比例：其他低保对象（不低于 70%）', source: '003:L40' },
  'medical.ratio.registeredPoorMajor': { label: '医疗救助比例：脱贫户大病患者', unit: '比例', type: 'fraction', min: 0, default: 1, description: '医疗救助比例：建档立卡重大疾病患者', source: '003:L40' },
  'medical.ratio.registeredPoor': { label: '医疗救助比例：脱贫户（建档立卡）', unit: '比例', type: 'fraction', min: 0, default: 0.7, description: '医疗救助比例：建档立卡人员（不低于 70%）', source: '003:L40' },
  'medical.ratio.monitored': { label: '医疗救助比例：监测对象', unit: '比例', type: 'fraction', min: 0, default: null, description: '医疗救助比例：防返贫监测对象（未设置则不单列为救助类别）', source: '000:L138' },
  'medical.ratio.lowIncome': { label: '医疗救助比例：低收入人口', unit: '比例', type: 'fraction', min: 0, default: 0.5, description: '医疗救助比例：低收入家庭成员（不低于 50%）', source: '003:L40' },
  'medical.majorDiseaseBonus': { label: '重大疾病救助比例提高', unit: '比例', type: 'fraction', min: 0, default: 0.05, description: '重大疾病患者救助比例提高的百分点（相加后不超过 100%）', source: '003:L40' },
  'medical.majorDiseases': { label: '重大疾病病种', valueLabels: ILLNESSES, type: 'stringList', default: null, description: '重大疾病病种（未设置时同认定口径中的“重病病种”）', source: '003:L40' },
  'medical.diseaseCodes': { label: '病种编码对照', valueLabels: ILLNESSES, type: 'stringMap', default: {}, description: '结算数据病种编码到本包病种的对照（如 ICD-10 C50 → 乳腺癌）' },
  'medical.deductible': { label: '医疗救助起付线', unit: '元/次', type: 'money', min: 0, default: 0, description: '医疗救助起付线（元/次；文件未规定）' },
  'medical.annualCap': { label: '年度医疗救助限额', unit: '元/人/年', type: 'money', min: 0, default: 30000, description: '年度医疗救助限额（元/人/年，自然年）', source: '003:L40' },
  'medical.coveredTypes': { label: '给予救助的就诊类型', valueLabels: { 住院: '住院', 门诊慢特病: '门诊慢特病', 普通门诊: '普通门诊' }, type: 'stringList', default: ['住院', '门诊慢特病'], description: '给予医疗救助的就诊类型（住院、门诊慢特病、普通门诊）', source: '003:L40' },
  'medical.elderlyAge': { label: '低保高龄老人年龄', unit: '岁', type: 'integer', min: 0, default: 80, description: '低保高龄老人医疗救助年龄（岁及以上）', source: '003:L40' },
  'medical.severeMental.fullCover': { label: '重度精神病人住院兜底', type: 'boolean', default: false, description: '重度精神病人住院费用在医保报销后由医疗救助兜底全部剩余（不受年度限额限制）', source: '003:L42' },
  'medical.topUp.ratio': { label: '脱贫户住院实际补偿比目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '建档立卡人员住院医药费用实际补偿比目标（未达部分由医疗扶助补足，不计入年度限额）', source: '004:L30' },
  'medical.premium.individual': { label: '城乡居民医保个人缴费标准', unit: '元/人/年', type: 'money', min: 0, description: '城乡居民医保个人缴费标准（元/人/年；按年设定，文件未给金额）' },
  'medical.premium.dibao': { label: '资助参保：低保对象', unit: '元/人/年', type: 'money', min: 0, default: 30, description: '资助参保：低保对象（元/人/年，不低于 30 元）', source: '003:L46' },
  'medical.premium.lowIncomeSpecial': { label: '资助参保：低收入人口中的重病、重残、未成年人和老年人', unit: '元/人/年', type: 'money', min: 0, default: 10, description: '资助参保：低收入家庭中重病、重残、未成年人、老年人（元/人/年，不低于 10 元）', source: '003:L46' },
  'medical.premium.minorAge': { label: '资助参保：未成年人年龄上限', unit: '岁', type: 'integer', min: 0, default: 18, description: '资助参保：低收入家庭“未成年人”的年龄上限（不含）', source: '003:L46' },
  'medical.premium.elderlyAge': { label: '资助参保：老年人年龄', unit: '岁', type: 'integer', min: 0, default: 60, description: '资助参保：低收入家庭“老年人”的年龄（岁及以上）', source: '003:L46' },
  'medical.premium.severeDisability': { label: '资助参保：重度残疾人', unit: '元/人/年', type: 'money', min: 0, default: null, description: '资助参保：重度残疾人（元/人/年；未设置则不资助）', source: '000:L138' },
  'medical.premium.monitored': { label: '资助参保：监测对象', unit: '元/人/年', type: 'money', min: 0, default: null, description: '资助参保：防返贫监测对象（元/人/年；未设置则不资助）', source: '000:L138' },
  'medical.tempRelief.outOfPocket': { label: '自付过高提示临时救助', unit: '元', type: 'money', min: 0, default: null, description: '一次结算在各项报销、救助和补足后自付仍超过此数（元）时，提示给予临时救助（未设置则不提示；文件只说“自付费用仍然过高”）', source: '004:L66' },
  'medical.treatFirstPayLater.categories': { label: '先诊疗后付费的人员类别', valueLabels: MEDICAL_CATEGORIES, type: 'stringList', default: ['tekun', 'dibaoLongTerm', 'dibaoElderly', 'dibao', 'monitored'], description: '享受先诊疗后付费、一站式结算的医疗救助类别', source: '000:L564' },

  // Case workflow (src/cases/flow.ts, docs/cases.md): step order, 民主评议, deadlines in working days, 双随机 sample, entitlement start.
  'cases.steps': { label: '审核确认步骤及顺序', valueLabels: { investigation: '入户调查', verification: '家庭经济状况核对', notice: '公示', appraisal: '民主评议' }, type: 'stringList', default: ['investigation', 'verification', 'notice', 'appraisal'], description: '审核确认步骤及顺序（入户调查、家庭经济状况核对、公示、民主评议；审批总在最后）', source: '003:L34' },
  'cases.appraisal': { label: '民主评议', valueLabels: { onObjection: '仅公示有异议时', always: '一律评议' }, type: 'string', values: ['onObjection', 'always'], default: 'onObjection', description: '民主评议：仅公示有异议时评议或一律评议', source: '000:L174' },
  'cases.deadlines.accept': { label: '受理时限', unit: '工作日', type: 'integer', min: 1, default: 5, description: '受理时限（工作日）' },
  'cases.deadlines.investigation': { label: '入户调查时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '入户调查时限（工作日）' },
  'cases.deadlines.verification': { label: '经济状况核对时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '家庭经济状况核对时限（工作日）' },
  'cases.deadlines.appraisal': { label: '民主评议时限', unit: '工作日', type: 'integer', min: 1, default: 5, description: '民主评议时限（工作日）' },
  'cases.deadlines.townshipApproval': { label: '乡镇审核时限', unit: '工作日', type: 'integer', min: 1, default: 5, description: '乡镇审核（审批）时限（工作日）' },
  'cases.deadlines.countyApproval': { label: '县级审批时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '县级审批时限（工作日）' },
  'cases.deadlines.objection': { label: '公示异议处理时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '公示有异议后作出决定的时限（工作日）' },
  'cases.deadlines.countyVisit': { label: '县级入户抽查时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '县级入户抽查（近亲属、双随机）时限（工作日）' },
  'cases.deadlines.documentation': { label: '先行救助补齐手续时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '急难型临时救助先行救助后补齐手续时限（工作日）', source: '002:L601' },
  'cases.deadlines.referral': { label: '转办部门办结时限', unit: '工作日', type: 'integer', min: 1, default: 10, description: '转办部门办结时限（工作日）', source: '000:L174' },
  'cases.deadlines.appeal': { label: '复议决定时限', unit: '工作日', type: 'integer', min: 1, default: 40, description: '复议决定时限（工作日）' },
  'cases.deadlines.review': { label: '复核办理时限', unit: '工作日', type: 'integer', min: 1, default: 20, description: '复核办理时限（工作日）', source: '000:L134' },
  'cases.sampleShare': { label: '县级随机抽查比例', unit: '比例', type: 'fraction', min: 0, default: 0.05, description: '县级随机抽查入户的案件比例（双随机）', source: '000:L194' },
  'cases.entitlementStart': { label: '待遇起始月', valueLabels: { nextMonth: '批准次月', approvalMonth: '批准当月' }, type: 'string', values: ['nextMonth', 'approvalMonth'], default: 'nextMonth', description: '待遇起始月：批准次月或批准当月' },
};

/**
 * The programs parameters are grouped by on screen: the first part of a parameter's name → its Chinese
 * name. A parameter whose first part is not here fails the catalogue test.
 */
export const PROGRAMS: Readonly<Record<string, string>> = {
  general: '通用', definitions: '认定口径', dibao: '最低生活保障（低保）', lowIncome: '低收入家庭', tekun: '特困人员救助供养',
  disability: '残疾人两项补贴', education: '教育资助', medical: '医疗救助', temporary: '临时救助', review: '复核', verification: '家庭经济状况核对',
  notice: '公示', workflow: '督办', cases: '审核确认流程与时限', monitoring: '防返贫动态监测',
};

/** Path prefixes that group parameters (dibao, dibao.standard, …): mappings there are not values. */
export const GROUPS = new Set(Object.keys(PARAMETERS).flatMap((name) => {
  const parts = name.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}));

export interface ParameterInfo {
  name: string;
  label: string;
  unit?: string;
  valueLabels?: Readonly<Record<string, string>>;
  /** The first part of the name (dibao, tekun, …): the program it belongs to, named in `PROGRAMS`. */
  program: string;
  type: ParamType;
  /** True when no document fixes a value: a pack must set it before a rule that uses it runs. */
  required: boolean;
  default?: unknown;
  values?: readonly string[];
  min?: number;
  description: string;
  /** Where the default comes from, as file:line or section into ../shared/seeds. */
  source?: string;
}

/** Every parameter as a list, in the order above, for showing and editing packs. */
export const PARAMETER_LIST: readonly ParameterInfo[] = Object.entries(PARAMETERS).map(([name, d]) => ({
  name, program: name.split('.')[0], required: !('default' in d), ...d, label: d.label ?? name,
}));
