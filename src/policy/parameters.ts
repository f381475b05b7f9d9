/**
 * Every parameter a policy pack may set: its type, its default from the source documents (line
 * references into ../shared/seeds), or `required` when no document fixes it. A pack naming any
 * other parameter is rejected, so a typo can never fall back silently to a default.
 */

/**
 * number: any non-negative number (multiples); money: yuan with at most 2 decimals; integer: whole
 * numbers (months, ages, counts); fraction: a share in [0, 1], also written as a/b; stringMap: a
 * mapping of text to text (code → code).
 */
export type ParamType = 'number' | 'money' | 'integer' | 'fraction' | 'boolean' | 'string' | 'numberList' | 'stringList' | 'stringMap';

export interface ParamDef {
  type: ParamType;
  /** Absent: the parameter is required (by the rules that use it). */
  default?: unknown;
  /** Allowed values, for strings. */
  values?: readonly string[];
  min?: number;
  description: string;
  /** Where the default comes from: file:line into ../shared/seeds (printed in every reason that uses it). */
  source?: string;
}

const DEFAULT_SERIOUS_ILLNESSES = ['child_chd', 'child_leukemia', 'breast_cancer', 'cervical_cancer', 'liver_transplant', 'kidney_transplant', 'malignant_tumor', 'severe_mental', 'aids_oi'];

/** A named warning rule's switch and level (red/orange/yellow): off unless the county switches it on; the level has no default. */
function ruleParams(rule: string, what: string, source: string): Record<string, ParamDef> {
  return {
    [`monitoring.rules.${rule}.enabled`]: { type: 'boolean', default: false, description: `预警规则「${what}」是否启用`, source },
    [`monitoring.rules.${rule}.level`]: { type: 'string', values: ['red', 'orange', 'yellow'], description: `预警规则「${what}」的预警等级（red 红、orange 橙、yellow 黄）` },
  };
}

export const PARAMETERS: Record<string, ParamDef> = {
  'general.rounding': { type: 'string', values: ['fen', 'jiao', 'yuan'], default: 'fen', description: '计算结果的取整单位（四舍五入）' },

  'definitions.severeDisability.grades': { type: 'numberList', default: [1, 2], description: '重度残疾的残疾等级', source: '000:L128' },
  'definitions.severeDisability.grade3IntellectualMental': { type: 'boolean', default: true, description: '三级智力、精神残疾视为重度残疾', source: '000:L128' },
  'definitions.severeDisability.requireSecondGeneration': { type: 'boolean', default: false, description: '重度残疾须持第二代残疾人证', source: '000:L128' },
  'definitions.seriousIllnesses': { type: 'stringList', default: DEFAULT_SERIOUS_ILLNESSES, description: '重病病种代码', source: '000:L128' },

  'dibao.standard.urban': { type: 'money', min: 0, description: '城市低保标准（元/人/月）' },
  'dibao.standard.rural': { type: 'money', min: 0, description: '农村低保标准（元/人/月）' },
  'dibao.employmentCost': { type: 'money', min: 0, default: 0, description: '就业成本扣减（元/人/月）', source: '000:L148' },
  'dibao.rigidExpense.enabled': { type: 'boolean', default: false, description: '是否扣减刚性支出', source: '002:L593' },
  'dibao.rigidExpense.thresholdMultiple': { type: 'number', min: 0, default: 2, description: '刚性支出超过上年家庭收入的倍数时可扣减', source: '002:L593' },
  'dibao.rigidExpense.capMultiple': { type: 'number', min: 0, default: 2, description: '刚性支出每月扣减上限（当地月低保标准的倍数，不乘人数）', source: '002:L593' },
  'dibao.assets.maxVehicles': { type: 'integer', min: 0, default: 0, description: '允许的机动车数量' },
  'dibao.assets.businessAllowed': { type: 'boolean', default: false, description: '是否允许登记经营主体' },
  'dibao.assets.financialMonths': { type: 'integer', min: 0, default: 24, description: '金融资产上限（低保标准×人数×月数）' },
  'dibao.minimumMonthly': { type: 'money', min: 0, default: 0, description: '低保金最低发放额（元/户/月）' },
  'dibao.surcharge.combine': { type: 'string', values: ['max', 'sum'], default: 'max', description: '多项分类施保比例取最高（max）或相加（sum）' },
  'dibao.surcharge.elderly': { type: 'fraction', min: 0, default: 0, description: '老年人分类施保比例', source: '003:L36' },
  'dibao.surcharge.elderlyAge': { type: 'integer', min: 0, default: 60, description: '分类施保老年人年龄' },
  'dibao.surcharge.severeDisability': { type: 'fraction', min: 0, default: 0, description: '重度残疾人分类施保比例', source: '003:L36' },
  'dibao.surcharge.seriousIllness': { type: 'fraction', min: 0, default: 0, description: '重病患者分类施保比例', source: '003:L36' },
  'dibao.surcharge.student': { type: 'fraction', min: 0, default: 0, description: '在校学生分类施保比例', source: '003:L36' },
  'dibao.surcharge.singleParentChild': { type: 'fraction', min: 0, default: 0, description: '单亲家庭未成年子女分类施保比例', source: '003:L36' },
  'dibao.surcharge.singleParentScope': { type: 'string', values: ['children', 'all'], default: 'children', description: '单亲家庭分类施保对象：未成年子女（children）或全体家庭成员（all，沿河“单亲家庭成员”）', source: '003:L36' },
  'dibao.surcharge.singleParentChildAge': { type: 'integer', min: 0, default: 18, description: '单亲家庭子女享受分类施保的年龄上限（不含）' },
  'dibao.taperMonths': { type: 'integer', min: 0, default: 12, description: '渐退期（月）', source: '000:L148' },
  'dibao.single.enabled': { type: 'boolean', default: true, description: '低收入家庭重残、重病人员参照“单人户”纳入低保', source: '000:L128' },
  'dibao.single.requireLaborLoss': { type: 'boolean', default: false, description: '“单人户”须完全或部分丧失劳动能力', source: '002:L589' },
  'lowIncome.multiple': { type: 'number', min: 0, default: 1.5, description: '低收入家庭认定：人均收入低于低保标准的倍数' },

  'tekun.elderlyAge': { type: 'integer', min: 0, default: 60, description: '特困老年人年龄' },
  'tekun.minorAge': { type: 'integer', min: 0, default: 18, description: '特困未成年人年龄上限（不含）', source: '000:L126' },
  'tekun.studentContinuation': { type: 'boolean', default: true, description: '已供养的特困未成年人年满年龄上限后仍在校就读的可继续享有', source: '000:L126' },
  'tekun.assetTest': { type: 'boolean', default: true, description: '特困“无生活来源”须家庭通过低保财产条件', source: '002:L597' },
  'tekun.basicMultiple': { type: 'number', min: 0, default: 1.3, description: '特困基本生活标准为低保标准的倍数', source: '000:L130' },
  'tekun.base': { type: 'string', values: ['applicable', 'urban'], default: 'applicable', description: '特困基本生活标准的基数：按户籍适用的低保标准（applicable）或城市低保标准（urban）', source: '004:L89' },
  'tekun.basicStandard': { type: 'money', min: 0, default: null, description: '特困基本生活标准（元/月），设置后取代倍数计算' },
  'tekun.minimumWage': { type: 'money', min: 0, description: '计算照料护理费的最低工资标准（元/月）', source: '000:L130' },
  'tekun.care.unable': { type: 'fraction', min: 0, default: 1 / 3, description: '全护理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.partial': { type: 'fraction', min: 0, default: 1 / 6, description: '半护理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.able': { type: 'fraction', min: 0, default: 1 / 10, description: '全自理照料护理费占最低工资比例', source: '000:L130' },

  'disability.nursing.grade1': { type: 'money', min: 0, default: 50, description: '一级重度残疾人护理补贴（元/月）', source: '004:L85' },
  'disability.nursing.grade2': { type: 'money', min: 0, default: 40, description: '二级重度残疾人护理补贴（元/月）', source: '004:L85' },
  'disability.nursing.grade3': { type: 'money', min: 0, default: 0, description: '三级残疾人护理补贴（元/月）' },
  'disability.nursing.grade4': { type: 'money', min: 0, default: 0, description: '四级残疾人护理补贴（元/月）' },
  'disability.nursing.grade3IntellectualMental': { type: 'money', min: 0, default: 0, description: '三级智力、精神残疾人护理补贴（元/月）' },
  'disability.living.grade1': { type: 'fraction', min: 0, default: 0.3, description: '一级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.grade2': { type: 'fraction', min: 0, default: 0.3, description: '二级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.grade3': { type: 'fraction', min: 0, default: 0.2, description: '三级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.grade4': { type: 'fraction', min: 0, default: 0.1, description: '四级残疾人生活补贴（低保标准的比例）', source: '004:L85' },
  'disability.living.replacesSurcharge': { type: 'boolean', default: false, description: '残疾人生活补贴即重残分类施保增发，领取者不再计重残分类施保', source: '004:L85' },
  'disability.living.includeLowIncome': { type: 'boolean', default: false, description: '低收入家庭残疾人也享受生活补贴' },

  'education.boarding.primary': { type: 'money', min: 0, default: 1000, description: '小学寄宿生生活补助（元/年）', source: '004:L55' },
  'education.boarding.junior': { type: 'money', min: 0, default: 1250, description: '初中寄宿生生活补助（元/年）', source: '004:L55' },

  'temporary.townshipLimit': { type: 'money', min: 0, default: 1000, description: '乡镇直接审批临时救助的额度上限（元，含）', source: '000:L158' },
  'temporary.advance': { type: 'boolean', default: true, description: '急难型临时救助可先行救助、事后补充说明', source: '000:L174' },
  'temporary.reserveFundLimit': { type: 'money', min: 0, default: 50000, description: '乡镇临时救助备用金上限（元）', source: '000:L158' },

  'review.stableMonths': { type: 'integer', min: 1, default: 12, description: '特困和收入稳定低保家庭的复核周期（月）', source: '000:L134' },
  'review.variableMonths': { type: 'integer', min: 1, default: 6, description: '收入不固定或有劳动能力的低保家庭复核周期（月）', source: '000:L134' },
  // Cross-department verification (src/verification/, docs/verification.md).
  'verification.wageMargin': { type: 'money', min: 0, default: 0, description: '核对：人社工资高于登记月收入超过此差额（元/月）时提示收入少报' },
  'notice.days': { type: 'integer', min: 1, description: '公示天数（文件未规定，由县设定）' },
  'notice.workingDays': { type: 'boolean', default: false, description: '公示天数按工作日计算（否则按自然日）' },
  'notice.objectionPhone': { type: 'string', default: null, description: '受理公示异议的电话（未设置时由乡镇在生成公示时填写，或为乡镇社会救助服务窗口）' },

  'workflow.escalation.countyAfterDays': { type: 'integer', min: 0, description: '逾期超过该工作日数仍未办结的，乡镇督办升级为县级督办（文件建立督办制度，未定天数；未设置时乡镇督办的次一工作日升级）', source: '000:L172' },

  // Poverty-return monitoring (src/monitoring/, docs/monitoring.md): 监测范围, named warning rules (each switched on and tuned by the county), deadlines, visits, 约谈.
  'monitoring.incomeLine': { type: 'money', min: 0, description: '防返贫监测范围：家庭年人均纯收入低于此线纳入监测（元/人/年；2019 年边缘户标准为 5000 元，002:L641）', source: '002:L641' },
  'monitoring.rules.income.scope': { type: 'string', values: ['registeredPoor', 'all'], default: 'registeredPoor', description: '收入预警适用的家庭：脱贫户（建档立卡户，registeredPoor）或全部在册家庭（all）', source: '002:L637' },
  ...ruleParams('incomeBelowLine', '家庭年人均收入低于监测范围', '002:L647'),
  ...ruleParams('incomeNearLine', '家庭年人均收入高于监测范围但在浮动比例以内', '002:L647'),
  'monitoring.rules.incomeNearLine.margin': { type: 'fraction', min: 0, description: '收入临界预警的浮动比例：人均收入低于监测范围 ×（1 + 比例）时预警' },
  ...ruleParams('medicalExpense', '医疗自付费用超过限额（因病）', '000:L568'),
  'monitoring.rules.medicalExpense.amount': { type: 'money', min: 0, description: '医疗自付费用预警限额（元/年）' },
  ...ruleParams('severeDisability', '新认定重度残疾（残联数据或报告）', '002:L663'),
  ...ruleParams('earnerDeath', '主要劳动力（收入最高的成员）死亡', '002:L675'),
  ...ruleParams('jobLoss', '失业：人社工资数据中断（上期有工资、本期无）', '002:L647'),
  ...ruleParams('dropout', '辍学：学籍数据为退学或义务教育年龄无在读记录', '002:L649'),
  ...ruleParams('disaster', '自然灾害或意外事故报告', '002:L651'),
  'monitoring.rules.disaster.minLoss': { type: 'money', min: 0, default: 0, description: '灾害、事故报告的损失金额达到此数才预警（元；0 为一律预警）' },
  'monitoring.deadlines.identification': { type: 'integer', min: 1, description: '从首次发现线索到完成识别认定的时限（天；文件未规定，常见做法 15 天）' },
  'monitoring.deadlines.workingDays': { type: 'boolean', default: false, description: '识别时限按工作日计算（否则按自然日）' },
  'monitoring.removal.stableMonths': { type: 'integer', min: 0, description: '风险消除：帮扶措施见效后收入稳定高于监测范围的月数（文件称“持续稳定达到要求”，002:L713，未定月数）', source: '002:L713' },
  'monitoring.visits.monitoringCadreMonths': { type: 'integer', min: 1, default: 1, description: '监测帮扶干部入户走访周期（月，每周期不少于 1 次）', source: '001:L876' },
  'monitoring.visits.pairedCadreMonths': { type: 'integer', min: 1, default: 2, description: '结对联系干部联系周期（月，每周期不少于 1 次）', source: '001:L876' },
  'monitoring.supervision.consecutive': { type: 'integer', min: 1, default: 2, description: '连续被通报批评达此次数的乡镇、村（社区）予以约谈', source: '001:L886' },
  'monitoring.supervision.total': { type: 'integer', min: 1, default: 3, description: '累计被通报批评达此次数的乡镇、村（社区）予以约谈', source: '001:L886' },

  // Medical assistance (src/medical/, docs/medical.md; RULES.md § 医疗救助): ratios by category, cap, top-up, premium subsidies, identity list.
  'medical.ratio.tekun': { type: 'fraction', min: 0, description: '医疗救助比例：特困供养人员（文件未规定，由县设定）' },
  'medical.ratio.dibaoLongTerm': { type: 'fraction', min: 0, default: 1, description: '医疗救助比例：低保长期保障户成员', source: '003:L40' },
  'medical.ratio.dibaoElderly': { type: 'fraction', min: 0, default: 1, description: '医疗救助比例：80 岁以上低保对象', source: '003:L40' },
  'medical.ratio.dibao': { type: 'fraction', min: 0, default: 0.7, description: '医疗救助比例：其他低保对象（不低于 70%）', source: '003:L40' },
  'medical.ratio.registeredPoorMajor': { type: 'fraction', min: 0, default: 1, description: '医疗救助比例：建档立卡重大疾病患者', source: '003:L40' },
  'medical.ratio.registeredPoor': { type: 'fraction', min: 0, default: 0.7, description: '医疗救助比例：建档立卡人员（不低于 70%）', source: '003:L40' },
  'medical.ratio.monitored': { type: 'fraction', min: 0, default: null, description: '医疗救助比例：防返贫监测对象（未设置则不单列为救助类别）', source: '000:L138' },
  'medical.ratio.lowIncome': { type: 'fraction', min: 0, default: 0.5, description: '医疗救助比例：低收入家庭成员（不低于 50%）', source: '003:L40' },
  'medical.majorDiseaseBonus': { type: 'fraction', min: 0, default: 0.05, description: '重大疾病患者救助比例提高的百分点（相加后不超过 100%）', source: '003:L40' },
  'medical.majorDiseases': { type: 'stringList', default: null, description: '重大疾病病种代码（未设置时同重病病种 definitions.seriousIllnesses）', source: '003:L40' },
  'medical.diseaseCodes': { type: 'stringMap', default: {}, description: '结算数据病种编码到本包病种代码的对照（如 ICD-10 C50 → breast_cancer）' },
  'medical.deductible': { type: 'money', min: 0, default: 0, description: '医疗救助起付线（元/次；文件未规定）' },
  'medical.annualCap': { type: 'money', min: 0, default: 30000, description: '年度医疗救助限额（元/人/年，自然年）', source: '003:L40' },
  'medical.coveredTypes': { type: 'stringList', default: ['住院', '门诊慢特病'], description: '给予医疗救助的就诊类型（住院、门诊慢特病、普通门诊）', source: '003:L40' },
  'medical.elderlyAge': { type: 'integer', min: 0, default: 80, description: '低保高龄老人医疗救助年龄（岁及以上）', source: '003:L40' },
  'medical.severeMental.fullCover': { type: 'boolean', default: false, description: '重度精神病人住院费用在医保报销后由医疗救助兜底全部剩余（不受年度限额限制）', source: '003:L42' },
  'medical.topUp.ratio': { type: 'fraction', min: 0, default: null, description: '建档立卡人员住院医药费用实际补偿比目标（未达部分由医疗扶助补足，不计入年度限额）', source: '004:L30' },
  'medical.premium.individual': { type: 'money', min: 0, description: '城乡居民医保个人缴费标准（元/人/年；按年设定，文件未给金额）' },
  'medical.premium.dibao': { type: 'money', min: 0, default: 30, description: '资助参保：低保对象（元/人/年，不低于 30 元）', source: '003:L46' },
  'medical.premium.lowIncomeSpecial': { type: 'money', min: 0, default: 10, description: '资助参保：低收入家庭中重病、重残、未成年人、老年人（元/人/年，不低于 10 元）', source: '003:L46' },
  'medical.premium.minorAge': { type: 'integer', min: 0, default: 18, description: '资助参保：低收入家庭“未成年人”的年龄上限（不含）', source: '003:L46' },
  'medical.premium.elderlyAge': { type: 'integer', min: 0, default: 60, description: '资助参保：低收入家庭“老年人”的年龄（岁及以上）', source: '003:L46' },
  'medical.premium.severeDisability': { type: 'money', min: 0, default: null, description: '资助参保：重度残疾人（元/人/年；未设置则不资助）', source: '000:L138' },
  'medical.premium.monitored': { type: 'money', min: 0, default: null, description: '资助参保：防返贫监测对象（元/人/年；未设置则不资助）', source: '000:L138' },
  'medical.tempRelief.outOfPocket': { type: 'money', min: 0, default: null, description: '一次结算在各项报销、救助和补足后自付仍超过此数（元）时，提示给予临时救助（未设置则不提示；文件只说“自付费用仍然过高”）', source: '004:L66' },
  'medical.treatFirstPayLater.categories': { type: 'stringList', default: ['tekun', 'dibaoLongTerm', 'dibaoElderly', 'dibao', 'monitored'], description: '享受先诊疗后付费、一站式结算的医疗救助类别', source: '000:L564' },

  // Case workflow (src/cases/flow.ts, docs/cases.md): step order, 民主评议, deadlines in working days, 双随机 sample, entitlement start.
  'cases.steps': { type: 'stringList', default: ['investigation', 'verification', 'notice', 'appraisal'], description: '审核确认步骤及顺序（入户调查 investigation、核对 verification、公示 notice、民主评议 appraisal；审批总在最后）', source: '003:L34' },
  'cases.appraisal': { type: 'string', values: ['onObjection', 'always'], default: 'onObjection', description: '民主评议：仅公示有异议时（onObjection）或一律（always）', source: '000:L174' },
  'cases.deadlines.accept': { type: 'integer', min: 1, default: 5, description: '受理时限（工作日）' },
  'cases.deadlines.investigation': { type: 'integer', min: 1, default: 10, description: '入户调查时限（工作日）' },
  'cases.deadlines.verification': { type: 'integer', min: 1, default: 10, description: '家庭经济状况核对时限（工作日）' },
  'cases.deadlines.appraisal': { type: 'integer', min: 1, default: 5, description: '民主评议时限（工作日）' },
  'cases.deadlines.townshipApproval': { type: 'integer', min: 1, default: 5, description: '乡镇审核（审批）时限（工作日）' },
  'cases.deadlines.countyApproval': { type: 'integer', min: 1, default: 10, description: '县级审批时限（工作日）' },
  'cases.deadlines.objection': { type: 'integer', min: 1, default: 10, description: '公示有异议后作出决定的时限（工作日）' },
  'cases.deadlines.countyVisit': { type: 'integer', min: 1, default: 10, description: '县级入户抽查（近亲属、双随机）时限（工作日）' },
  'cases.deadlines.documentation': { type: 'integer', min: 1, default: 10, description: '急难型临时救助先行救助后补齐手续时限（工作日）', source: '002:L601' },
  'cases.deadlines.referral': { type: 'integer', min: 1, default: 10, description: '转办部门办结时限（工作日）', source: '000:L174' },
  'cases.deadlines.appeal': { type: 'integer', min: 1, default: 40, description: '复议决定时限（工作日）' },
  'cases.deadlines.review': { type: 'integer', min: 1, default: 20, description: '复核办理时限（工作日）', source: '000:L134' },
  'cases.sampleShare': { type: 'fraction', min: 0, default: 0.05, description: '县级随机抽查入户的案件比例（双随机）', source: '000:L194' },
  'cases.entitlementStart': { type: 'string', values: ['nextMonth', 'approvalMonth'], default: 'nextMonth', description: '待遇起始月：批准次月（nextMonth）或批准当月（approvalMonth）' },
};

/** Path prefixes that group parameters (dibao, dibao.standard, …): mappings there are not values. */
export const GROUPS = new Set(Object.keys(PARAMETERS).flatMap((name) => {
  const parts = name.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}));

export interface ParameterInfo {
  name: string;
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
  name, required: !('default' in d), ...d,
}));
