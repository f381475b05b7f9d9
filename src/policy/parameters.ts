/**
 * Every parameter a policy pack may set: its Chinese name, unit and meaning (the catalogue the form,
 * 参数说明 and the difference between versions read), its type, its default from the source documents
 * (line references into ../shared/seeds), or `required` when no document fixes it. A pack naming any
 * other parameter is rejected, so a typo can never fall back silently to a default.
 */
import { ILLNESSES } from '../registry/vocabulary.ts';
import { DEPARTMENTS } from '../auth/roles.ts';

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
  /** Allowed values, for strings (and the entries of string lists). */
  values?: readonly string[];
  min?: number;
  /** What the parameter means, in Chinese. */
  description: string;
  /** Where the default comes from: file:line into ../shared/seeds (printed in every reason that uses it). */
  source?: string;
  /**
   * A rule the documents require but whose amount they leave to the county (issue 18: 000:L148 work-cost
   * deduction, 000:L122 higher standards for 重病/重残): a pack published on the platform must state it —
   * 0 is allowed, stated knowingly — so a default can never switch the rule off in silence. The default
   * (0) is only what `doudi evaluate` uses for a pack file that does not name it (RULES.md).
   */
  mustState?: true;
}

/** 单人户 categories (000:L128; 002:L589) in Chinese. */
export const SINGLE_CATEGORIES: Record<string, string> = {
  severeDisability: '重度残疾人', seriousIllness: '重病患者', difficultElderly: '困难老年人', difficultMinor: '困难未成年人', adultUnemployedSevereDisability: '生活困难的成年、无业重度残疾人',
};

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
  'definitions.seriousIllness.medicalAssistance': { label: '获得重特大疾病医疗救助的人员视为重病患者', type: 'boolean', default: false, description: '获得重特大疾病医疗救助的人员也认定为重病患者（郴州“重病患者”口径）', source: '002:L589' },
  'definitions.seriousIllnesses': { label: '重病病种', valueLabels: ILLNESSES, type: 'stringList', default: DEFAULT_SERIOUS_ILLNESSES, description: '重病病种', source: '000:L128' },

  'dibao.standard.urban': { label: '城市低保标准', unit: '元/人/月', type: 'money', min: 0, description: '城市低保标准（元/人/月）' },
  'dibao.standard.rural': { label: '农村低保标准', unit: '元/人/月', type: 'money', min: 0, description: '农村低保标准（元/人/月）' },
  'dibao.povertyLine': { label: '扶贫标准（两线合一）', unit: '元/人/年', type: 'money', min: 0, default: null, description: '农村扶贫标准（元/人/年）：两线合一，农村低保标准（按年计）不得低于此线，低于的政策包不能发布（未设置则不比较）', source: '003:L24' },
  'dibao.employmentCost': { label: '就业成本扣减', unit: '元/人/月', type: 'money', min: 0, default: 0, mustState: true, description: '就业成本扣减（元/人/月；文件要求扣减必要的就业成本，金额由县设定，须在政策包中写明，0 亦须写明）', source: '000:L148' },
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
  'dibao.surcharge.severeDisability': { label: '重度残疾人分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, mustState: true, description: '重度残疾人分类施保比例（文件要求适当提高重度残疾人救助标准，比例须在政策包中写明）', source: '000:L122' },
  'dibao.surcharge.seriousIllness': { label: '重病患者分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, mustState: true, description: '重病患者分类施保比例（文件要求适当提高重病患者救助标准，比例须在政策包中写明）', source: '000:L122' },
  'dibao.surcharge.student': { label: '在校学生分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '在校学生分类施保比例', source: '003:L36' },
  'dibao.surcharge.singleParentChild': { label: '单亲家庭分类施保比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '单亲家庭未成年子女分类施保比例', source: '003:L36' },
  'dibao.surcharge.singleParentScope': { label: '单亲家庭分类施保对象', valueLabels: { children: '未成年子女', all: '全体家庭成员' }, type: 'string', values: ['children', 'all'], default: 'children', description: '单亲家庭分类施保对象：未成年子女或全体家庭成员（沿河“单亲家庭成员”）', source: '003:L36' },
  'dibao.surcharge.singleParentChildAge': { label: '单亲家庭子女分类施保年龄上限', unit: '岁（不含）', type: 'integer', min: 0, default: 18, description: '单亲家庭子女享受分类施保的年龄上限（不含）' },
  'dibao.taperMonths': { label: '低保渐退期', unit: '个月', type: 'integer', min: 0, default: 12, description: '渐退期（月）', source: '000:L148' },
  'dibao.single.enabled': { label: '重残重病人员“单人户”纳入低保', type: 'boolean', default: true, description: '低收入家庭重残、重病人员参照“单人户”纳入低保', source: '000:L128' },
  'dibao.single.categories': { label: '参照“单人户”纳入低保的人员类别', valueLabels: SINGLE_CATEGORIES, type: 'stringList', values: Object.keys(SINGLE_CATEGORIES), default: ['severeDisability', 'seriousIllness'], description: '低收入家庭中参照“单人户”纳入低保的人员类别（重度残疾人、重病患者；郴州另有困难老年人、困难未成年人、生活困难的成年无业重度残疾人）', source: '000:L128' },
  'dibao.single.elderlyAge': { label: '“单人户”困难老年人年龄', unit: '岁（含）', type: 'integer', min: 0, default: 60, description: '“单人户”中困难老年人的年龄下限（含）', source: '002:L589' },
  'dibao.single.adultAge': { label: '“单人户”成年年龄', unit: '岁（含）', type: 'integer', min: 0, default: 18, description: '“单人户”中成年人的年龄下限（含），未满者为未成年人', source: '002:L589' },
  'dibao.single.requireLaborLoss': { label: '“单人户”须丧失劳动能力', type: 'boolean', default: false, description: '“单人户”须完全或部分丧失劳动能力', source: '002:L589' },
  'lowIncome.multiple': { label: '低收入家庭认定倍数', unit: '倍（低保标准）', type: 'number', min: 0, default: 1.5, description: '低收入家庭认定：人均收入低于低保标准的倍数' },

  'tekun.elderlyAge': { label: '特困老年人年龄', unit: '岁', type: 'integer', min: 0, default: 60, description: '特困老年人年龄' },
  'tekun.minorAge': { label: '特困未成年人年龄上限', unit: '岁（不含）', type: 'integer', min: 0, default: 18, description: '特困未成年人年龄上限（不含）', source: '000:L126' },
  'tekun.studentContinuation': { label: '特困学生年满后继续供养', type: 'boolean', default: true, description: '已供养的特困未成年人年满年龄上限后仍在校就读的可继续享有', source: '000:L126' },
  'tekun.assetTest': { label: '特困须通过低保财产条件', type: 'boolean', default: true, description: '特困“无生活来源”须家庭通过低保财产条件', source: '002:L597' },
  'tekun.basicMultiple': { label: '特困基本生活标准倍数', unit: '倍（低保标准）', type: 'number', min: 0, default: 1.3, description: '特困基本生活标准为低保标准的倍数', source: '000:L130' },
  'tekun.base': { label: '特困基本生活标准的基数', valueLabels: { applicable: '按户籍适用的低保标准', urban: '城市低保标准' }, type: 'string', values: ['applicable', 'urban'], default: 'applicable', description: '特困基本生活标准的基数：按户籍适用的低保标准或城市低保标准', source: '004:L89' },
  'tekun.basicStandard': { label: '特困基本生活标准（固定金额）', unit: '元/月', type: 'money', min: 0, default: null, description: '特困基本生活标准（元/月），设置后取代倍数计算' },
  'tekun.surcharge.severeDisability': { label: '特困重度残疾人提高比例', unit: '比例（基本生活标准）', type: 'fraction', min: 0, default: 0, mustState: true, description: '特困人员中的重度残疾人，基本生活标准提高的比例（文件要求适当提高，比例须在政策包中写明）', source: '000:L122' },
  'tekun.surcharge.seriousIllness': { label: '特困重病患者提高比例', unit: '比例（基本生活标准）', type: 'fraction', min: 0, default: 0, mustState: true, description: '特困人员中的重病患者，基本生活标准提高的比例（文件要求适当提高，比例须在政策包中写明）', source: '000:L122' },
  'tekun.minimumWage': { label: '最低工资标准（计算照料护理费）', unit: '元/月', type: 'money', min: 0, description: '计算照料护理费的最低工资标准（元/月）', source: '000:L130' },
  'tekun.care.unable': { label: '全护理照料护理费比例', unit: '比例（最低工资）', type: 'fraction', min: 0, default: 1 / 3, description: '全护理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.partial': { label: '半护理照料护理费比例', unit: '比例（最低工资）', type: 'fraction', min: 0, default: 1 / 6, description: '半护理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.able': { label: '全自理照料护理费比例', unit: '比例（最低工资）', type: 'fraction', min: 0, default: 1 / 10, description: '全自理照料护理费占最低工资比例', source: '000:L130' },
  'tekun.care.concentratedUnableAnnual': { label: '集中供养全失能特困人员护理标准', unit: '元/年', type: 'money', min: 0, default: null, description: '集中供养的全失能（全护理）特困人员的照料护理标准（元/年，按月发放 1/12），设置后取代按最低工资比例计算', source: '002:L597' },
  'tekun.care.ableInsured': { label: '已购护理保险的全自理人员照料护理费（市定标准）', unit: '元/月', type: 'money', min: 0, default: null, description: '已购买住院期间照料护理保险的全自理特困人员按市定标准确定照料护理费（元/月）；未设置时按全自理比例计算', source: '000:L130' },
  'tekun.carePayee.concentrated': { label: '集中供养照料护理费的收款方', valueLabels: { institution: '供养机构', person: '本人' }, type: 'string', values: ['institution', 'person'], default: 'institution', description: '集中供养特困人员的照料护理费发放给供养机构或本人（基本生活费始终发给本人）', source: '000:L128' },
  'tekun.carePayee.dispersed': { label: '分散供养照料护理费的收款方', valueLabels: { person: '本人', carer: '照料服务责任人' }, type: 'string', values: ['person', 'carer'], default: 'person', description: '分散供养特困人员的照料护理费发放给本人或签订协议的照料服务责任人', source: '000:L128' },
  'tekun.agreementNoticeDays': { label: '照料服务协议到期提醒天数', unit: '天', type: 'integer', min: 0, default: 30, description: '照料服务协议在多少天内到期时列为“即将到期”（文件未规定，由县设定）' },
  'tekun.reassessMonths': { label: '生活自理能力复评周期', unit: '个月', type: 'integer', min: 1, default: 12, description: '生活自理能力评估后到期复评的月数（文件未规定，由县设定），到期进入工作台待办' },
  'tekun.targets.centralisation': { label: '特困人员集中供养率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '特困供养对象集中供养率目标（未设置则不显示目标）', source: '003:L24' },
  'tekun.targets.centralisationUnable': { label: '生活不能自理特困人员集中供养率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '生活不能自理（半护理、全护理）特困人员集中供养率目标', source: '003:L24' },
  'tekun.targets.bedUse': { label: '供养机构床位利用率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '供养机构床位利用率目标', source: '003:L24' },
  'tekun.targets.occupancyJune': { label: '6 月底入住率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '散居特困对象入住敬老院入住率目标：6 月底前', source: '004:L89' },
  'tekun.targets.occupancySeptember': { label: '9 月底入住率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '散居特困对象入住敬老院入住率目标：9 月底前', source: '004:L89' },
  'tekun.targets.occupancyDecember': { label: '12 月底入住率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '散居特困对象入住敬老院入住率目标：12 月底前', source: '004:L89' },
  'tekun.targets.willingPlaced': { label: '有集中供养意愿者集中供养目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '有集中供养意愿的特困人员实现集中供养的比例目标', source: '000:L128' },

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
  'temporary.countyLimit': { label: '县级审批额度上限（超过的“一事一议”）', unit: '元', type: 'money', min: 0, default: null, description: '超过乡镇额度的临时救助由县民政局审批；超过此额度的，必要时提交县级困难群众基本生活保障工作协调机制“一事一议”审批（元；未设置则不按金额启动一事一议）', source: '000:L158' },
  'temporary.coordination.departments': { label: '“一事一议”协调机制成员单位', valueLabels: Object.fromEntries(DEPARTMENTS.map((d) => [d, d])), type: 'stringList', default: null, description: '县级困难群众基本生活保障工作协调机制“一事一议”时须到会并签署意见的成员单位（未设置时只要求记录到会成员）', source: '000:L158' },
  'temporary.expenditureDeadline': { label: '支出型临时救助每步办理时限上限', unit: '工作日', type: 'integer', min: 1, default: null, description: '支出型临时救助“进一步压缩办理时限”：每一步骤的办理时限不超过此工作日数（文件未定天数；未设置时与其他项目相同）', source: '002:L601' },
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
  'monitoring.rules.income.scope': { label: '收入预警适用家庭', valueLabels: { all: '全部在册家庭（文件的监测范围）', registeredPoor: '仅脱贫户（建档立卡户，县级收窄）' }, type: 'string', values: ['all', 'registeredPoor'], default: 'all',
    description: '收入预警适用的家庭：文件的监测范围是建档立卡户、低保户、特困户、残疾人户和收入低于监测范围的边缘户（002 附件9），以及边缘易致贫户、突发严重困难户（000 70号），即全部在册家庭；县级可收窄为仅脱贫户，须在政策包中写明理由', source: '002:L637-641' },
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
  ...ruleParams('dangerousHousing', '住房为危房：住建部门农村危房名单（C级、D级）', '002:L649'),
  'monitoring.decidingDepartment': { label: '识别纳入、风险消除的县级审定部门', valueLabels: Object.fromEntries(DEPARTMENTS.map((d) => [d, d])), type: 'string', values: DEPARTMENTS, default: '乡村振兴局',
    description: '县级审定纳入监测、消除风险的部门：文件规定由县级主管部门（扶贫办，今乡村振兴局）会同行业部门核查审定；只有该部门的县级账号可以审定', source: '002:L665' },
  'monitoring.refresh.everyMonths': { label: '监测预警定期运行周期', unit: '个月', type: 'integer', min: 1, default: 3,
    description: '服务器按此周期（从 1 月起算，每周期一次）自动运行全县监测预警；文件要求每季度一更新', source: '002:L673' },
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

  // Disaster relief (src/disaster/, docs/disaster.md): response-level criteria by kind (lists of four thresholds for IV, III, II, I), relief amounts, the emergency period (000:L164).
  'disaster.criteria.snowIce.snowCm': { label: '低温雨雪冰冻响应条件：积雪深度', unit: '厘米（IV、III、II、I 级）', type: 'numberList', default: [5, 10, 20, 30], description: '积雪深度达到此数（厘米，以上）即达到相应级别的响应条件；依次为 IV、III、II、I 级', source: '001:L2338-2358（泸溪县）' },
  'disaster.criteria.snowIce.glazeMm': { label: '低温雨雪冰冻响应条件：雨凇、冰凌直径', unit: '毫米（IV、III、II、I 级）', type: 'numberList', default: [0, 5, 10, 20], description: '雨凇、冰凌直径达到此数（毫米）即达到相应级别的响应条件；0 表示“出现即达到”', source: '001:L2338-2358（泸溪县）' },
  'disaster.criteria.snowIce.roadIceCm': { label: '低温雨雪冰冻响应条件：道路结冰厚度', unit: '厘米（IV、III、II、I 级）', type: 'numberList', default: [0, 1, 2, 3], description: '道路结冰厚度达到此数（厘米）即达到相应级别的响应条件；0 表示“出现即达到”', source: '001:L2338-2358（泸溪县）' },
  'disaster.criteria.snowIce.coldDays': { label: '低温雨雪冰冻响应条件：日平均气温连续在 0℃ 以下的天数', unit: '天（IV、III、II、I 级）', type: 'numberList', default: [5, 8, 10, 12], description: '日平均气温连续在 0℃ 以下达到此天数即达到相应级别的响应条件', source: '001:L2338-2358（泸溪县）' },
  'disaster.criteria.snowIce.highwayBlockedHours': { label: '低温雨雪冰冻响应条件：高速公路中断时长', unit: '小时（IV、III、II、I 级）', type: 'numberList', default: [24, 24, 24, 48], description: '县内高速公路网中断、无法恢复通车达到此时长即达到相应级别（文件只对 II 级 24 小时、I 级 48 小时给出时长，较低级别取 II 级的数；一般受阻由确认人判断）', source: '001:L2352, L2358（泸溪县）' },
  'disaster.criteria.snowIce.gridLossPct': { label: '低温雨雪冰冻响应条件：电网减供负荷', unit: '%（IV、III、II、I 级）', type: 'numberList', default: [30, 30, 30, 30], description: '全县电网减供负荷达到此百分数即达到相应级别（文件只对 I 级给出 30%，较低级别取同一数）', source: '001:L2360（泸溪县）' },
  'disaster.prefectureLevels': { label: '须报州（市）人民政府批准的响应级别', valueLabels: { I: 'I 级（特别重大）', II: 'II 级（重大）', III: 'III 级（较大）', IV: 'IV 级（一般）' }, type: 'stringList', default: ['I'], description: '启动这些级别的应急响应须由县人民政府报请州（市）人民政府批准', source: '001:L2362（泸溪县）' },
  'disaster.relief.emergency': { label: '应急救助标准', unit: '元/人', type: 'money', min: 0, default: null, description: '应急救助（灾后即时，现金或实物折价），按受灾人数（元/人；文件未定金额，未设置时不能计算）', source: '000:L150' },
  'disaster.relief.transitionMonthly': { label: '过渡期生活救助标准', unit: '元/人/月', type: 'money', min: 0, default: null, description: '过渡期生活救助：住房倒塌的受灾家庭按人按月发放（元/人/月；文件未定金额）', source: '000:L150' },
  'disaster.relief.transitionMonths': { label: '过渡期生活救助月数', unit: '个月', type: 'integer', min: 1, default: null, description: '过渡期生活救助发放的月数（文件未定）', source: '000:L150' },
  'disaster.relief.hardship': { label: '临时生活困难救助标准（旱灾洪涝、冬春荒）', unit: '元/人', type: 'money', min: 0, default: null, description: '旱灾（洪涝）、冬春荒临时生活困难救助，每季按人发放一次（元/人；文件未定金额）', source: '000:L150' },
  'disaster.relief.rebuild.collapsed': { label: '倒损民房恢复重建补助：倒塌', unit: '元/户', type: 'money', min: 0, default: null, description: '住房倒塌的恢复重建补助（元/户；文件未定金额）', source: '000:L150' },
  'disaster.relief.rebuild.severe': { label: '倒损民房恢复重建补助：严重损坏', unit: '元/户', type: 'money', min: 0, default: null, description: '住房严重损坏的维修补助（元/户；文件未定金额）', source: '000:L150' },
  'disaster.relief.rebuild.general': { label: '倒损民房恢复重建补助：一般损坏', unit: '元/户', type: 'money', min: 0, default: null, description: '住房一般损坏的维修补助（元/户；文件未定金额）', source: '000:L150' },
  'disaster.relief.rebuild.instalments': { label: '恢复重建补助分期', unit: '比例（各期）', type: 'numberList', default: [1], description: '恢复重建补助按进度分期拨付的各期比例（如 0.5, 0.3, 0.2：批准时拨付第一期，每登记一次进度拨付下一期；合计应为 1）', source: '000:L150' },
  'disaster.relief.townshipLimit': { label: '受灾人员救助乡镇审批额度上限', unit: '元', type: 'money', min: 0, default: null, description: '一笔受灾人员救助不超过此数（元，含）由乡镇审批，超过的乡镇审核后报县级审批（未设置时同临时救助的乡镇审批额度）', source: '000:L158' },
  'disaster.emergency.standardRaise': { label: '应急期低保、特困标准提高比例', unit: '比例', type: 'fraction', min: 0, default: 0, description: '重大突发公共事件应急期内，低保、特困对象按原待遇提高的比例（每月另发；文件说“适当提高”，未定比例）', source: '000:L164' },
  'disaster.emergency.allowance': { label: '应急期临时生活补贴', unit: '元/人/月', type: 'money', min: 0, default: 0, description: '应急期内向所列对象按人按月发放的临时生活补贴（元/人/月；文件未定金额）', source: '000:L164' },
  'disaster.emergency.groups': { label: '应急期临时生活补贴对象', valueLabels: { 低保: '低保对象', 特困: '特困人员' }, type: 'stringList', default: ['低保', '特困'], description: '应急期发放临时生活补贴的对象', source: '000:L164' },
  // Employment assistance (src/employment/, docs/employment.md; 000:L148, 002:L283-305, 004:L100-110): who counts as able to work, 公益性岗位, allowances, "311" targets.
  'employment.workingAge.min': { label: '劳动年龄下限', unit: '岁', type: 'integer', min: 0, default: 16, description: '劳动年龄下限（岁及以上；上限为法定退休年龄）；文件未规定，取劳动法的最低就业年龄' },
  'employment.retirementAge.male': { label: '法定退休年龄（男）', unit: '岁', type: 'integer', min: 1, description: '男性法定退休年龄（岁；文件未给出，由县按现行规定设定）：劳动年龄的上限和公益性岗位“距退休不足5年”的依据' },
  'employment.retirementAge.female': { label: '法定退休年龄（女）', unit: '岁', type: 'integer', min: 1, description: '女性法定退休年龄（岁；文件未给出，由县按现行规定设定）：劳动年龄的上限和公益性岗位“距退休不足5年”的依据' },
  'employment.welfareJob.termYears': { label: '公益性岗位补贴最长期限', unit: '年', type: 'integer', min: 1, default: 3, description: '公益性岗位补贴期限最长年数（同一人累计）；补贴标准为最低工资标准（与特困照料护理费所用的同一参数）', source: '002:L305' },
  'employment.welfareJob.nearRetirementYears': { label: '公益性岗位可延长至退休的年限', unit: '年', type: 'integer', min: 0, default: 5, description: '上岗时距法定退休年龄不足此年数的，补贴可延长至退休', source: '002:L305' },
  'employment.training.dailyAllowance': { label: '培训期间生活费补贴', unit: '元/人/天', type: 'money', min: 0, default: null, description: '就业困难人员参加技能培训期间按培训天数给予的生活费补贴（元/人/天；未设置则不发放）', source: '002:L283' },
  'employment.liangHouSheng.perYear': { label: '“两后生”生活费补助', unit: '元/人/年', type: 'money', min: 0, default: null, description: '低收入家庭“两后生”接受全日制学历教育培训的生活费补助（元/人/年；未设置则不发放）', source: '002:L285' },
  'employment.liangHouSheng.years': { label: '“两后生”补助年数', unit: '年', type: 'integer', min: 0, default: 2, description: '“两后生”生活费补助的最多年数', source: '002:L285' },
  'employment.liangHouSheng.minAge': { label: '“两后生”年龄下限', unit: '岁', type: 'integer', min: 0, default: 14, description: '“两后生”入学时的最低年龄（岁）', source: '002:L285' },
  'employment.liangHouSheng.maxAge': { label: '“两后生”年龄上限', unit: '岁', type: 'integer', min: 0, default: 25, description: '“两后生”入学时的最高年龄（岁，含）', source: '002:L285' },
  'employment.broker.reward': { label: '劳务经纪人就业创业服务补贴', unit: '元/人', type: 'money', min: 0, default: null, description: '农村劳务经纪人每成功介绍 1 名就业困难人员稳定就业满规定月数给予的补贴（元/人；未设置则不发放）', source: '002:L297' },
  'employment.broker.months': { label: '劳务经纪人补贴所需稳定就业月数', unit: '个月', type: 'integer', min: 1, default: 6, description: '被介绍人员稳定就业满此月数后发放劳务经纪人补贴', source: '002:L297' },
  'employment.workTraining.perMonth': { label: '以工代训职业培训补贴', unit: '元/车间/月', type: 'money', min: 0, default: null, description: '吸纳就业困难人员开展以工代训的，每车间每月的职业培训补贴（元；文件为 2000-4000 元，由县按吸纳人数确定；未设置则不计算）', source: '002:L303' },
  'employment.workTraining.maxMonths': { label: '以工代训补贴最长月数', unit: '个月', type: 'integer', min: 0, default: 6, description: '以工代训职业培训补贴最长月数', source: '002:L303' },
  'employment.targets.recommendations': { label: '每年推荐岗位次数', unit: '次/人/年', type: 'integer', min: 0, default: 3, description: '“311”就业服务：每年至少为有就业意愿且未就业的就业困难人员推荐岗位的次数', source: '002:L293' },
  'employment.targets.guidance': { label: '每年职业指导次数', unit: '次/人/年', type: 'integer', min: 0, default: 1, description: '“311”就业服务：每年至少提供职业指导的次数', source: '002:L293' },
  'employment.targets.training': { label: '每年免费技能培训次数', unit: '次/人/年', type: 'integer', min: 0, default: 1, description: '“311”就业服务：每年至少提供免费技能培训的次数', source: '002:L293' },
  'employment.targets.trainedPerYear': { label: '每年培训人数目标', unit: '人/年', type: 'integer', min: 0, default: null, description: '全年培训就业困难人员的人数目标（未设置则不比较）', source: '004:L102' },
  'employment.targets.employedAfterTraining': { label: '培训后就业率目标', unit: '比例', type: 'fraction', min: 0, default: null, description: '培训后就业率目标（未设置则不比较）', source: '004:L102' },

  // Supervision (src/supervision/, docs/supervision.md): targets of the indicators the documents hold a county to, and the traffic light's amber band.
  'supervision.amberMargin': { label: '督导指标黄灯区间', unit: '比例', type: 'fraction', min: 0, default: 0.05, description: '比例类指标低于（或高于）目标但差距不超过此值时显示黄灯；数量类指标按目标乘以此比例计算差距' },
  'supervision.targets.lianwuOnDibao': { label: '“两无”脱贫人口纳入低保目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '“两无”贫困人口全部纳入低保保障范围', source: '003:L24' },
  'supervision.targets.dibaoRise': { label: '农村低保标准年增幅目标', unit: '比例', type: 'fraction', min: 0, default: 0.1, description: '农村低保标准按不低于此涨幅逐年提高', source: '003:L32' },
  'supervision.targets.twoLines': { label: '农村低保标准与扶贫标准之比目标（两线合一）', unit: '比例', type: 'number', min: 0, default: 1, description: '农村低保标准（按年计）不低于扶贫标准：两者之比的目标', source: '003:L24' },
  'supervision.targets.zeroHouseholds': { label: '零就业家庭户数目标', unit: '户', type: 'integer', min: 0, default: 0, description: '零就业家庭动态“清零”：统计日零就业家庭户数不超过此数', source: '000:L148' },
  'supervision.targets.met311': { label: '“311”就业服务达标率目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '接受就业服务的人员中获得规定次数岗位推荐、职业指导和技能培训的比例目标', source: '002:L293' },
  'supervision.targets.warningsInTime': { label: '预警按期处置率目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '发出的预警在处置期限内处置的比例目标（实行网上交办，及时处置）', source: '002:L669' },
  'supervision.targets.visits': { label: '帮扶干部走访达标率目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '监测帮扶干部每月入户走访、结对联系干部每两月联系不逾期的户数比例目标', source: '001:L876' },
  'supervision.targets.onTime': { label: '案件按期办结率目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '案件各办理步骤在期限内办结的比例目标', source: '000:L172' },
  'supervision.targets.overdueOpen': { label: '超期未办结案件步骤数目标', unit: '件', type: 'integer', min: 0, default: 0, description: '超过办理期限仍未办结的案件步骤数不超过此数', source: '000:L172' },
  'supervision.targets.escalatedDone': { label: '督办事项办结率目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '被督办的案件步骤办结的比例目标（转办、督办及时跟踪、反馈）', source: '000:L172' },
  'supervision.targets.samplesDone': { label: '双随机抽查完成率目标', unit: '比例', type: 'fraction', min: 0, default: 1, description: '被抽中县级入户抽查的案件登记抽查结果的比例目标', source: '000:L194' },

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
  notice: '公示', workflow: '督办', cases: '审核确认流程与时限', monitoring: '防返贫动态监测', disaster: '受灾人员救助',
  employment: '就业救助', supervision: '督导指标',
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
  /** A pack published on the platform must state it (0 allowed). */
  mustState?: true;
}

/** Every parameter as a list, in the order above, for showing and editing packs. */
export const PARAMETER_LIST: readonly ParameterInfo[] = Object.entries(PARAMETERS).map(([name, d]) => ({
  name, program: name.split('.')[0], required: !('default' in d), ...d, label: d.label ?? name,
}));
