/**
 * Cases (issue 7): the vocabulary and the input schemas of the case workflow — programs, channels,
 * attachment kinds, intake, step forms, referrals, reviews and the citizen's application. Pure: no
 * storage, no HTTP. Messages are Chinese and name the field (errors.ts sets zod's locale).
 */
import { z } from 'zod';
import { parseIdNumber } from '../domain/idNumber.ts';
import { DEPARTMENTS } from '../auth/roles.ts';
import { phoneSchema, plainText, todayInChina, yuanInput } from '../registry/model.ts';
import '../errors.ts';

/** Every program a case can carry; the first three are paid monthly through an entitlement (payments). */
export const PROGRAMS = ['低保', '特困', '残疾人两项补贴', '临时救助', '医疗救助', '教育资助', '住房救助', '就业救助'] as const;
export type CaseProgram = (typeof PROGRAMS)[number];
export const ENTITLEMENT_PROGRAMS = ['低保', '特困', '残疾人两项补贴'] as const;
export type EntitlementProgram = (typeof ENTITLEMENT_PROGRAMS)[number];
export const isEntitlementProgram = (p: string): p is EntitlementProgram => (ENTITLEMENT_PROGRAMS as readonly string[]).includes(p);

export const TEMPORARY_SUBTYPES = ['急难型', '支出型'] as const;

/**
 * The department a program is referred to by default (转办), for the programs the township does not
 * decide itself (000:L174, 联席会议成员单位).
 */
export const PROGRAM_DEPARTMENT: Partial<Record<CaseProgram, (typeof DEPARTMENTS)[number]>> = {
  医疗救助: '医保局', 教育资助: '教育局', 住房救助: '住建局', 就业救助: '人社局', 残疾人两项补贴: '残联',
};

/** The engine's program names (EVALUATE.md) behind each case program, for screening proposals. */
export const ENGINE_PROGRAMS: Record<string, CaseProgram> = {
  dibao: '低保', 'dibao.single': '低保', tekun: '特困', 'disability.nursing': '残疾人两项补贴', 'disability.living': '残疾人两项补贴',
  temporary: '临时救助', medical: '医疗救助', education: '教育资助', 'education.boarding': '教育资助', housing: '住房救助', employment: '就业救助',
};

export const CHANNELS = { window: '乡镇窗口', village: '村级报告', hotline: '服务热线', warning: '数据预警', citizen: '掌上办' } as const;
export type Channel = keyof typeof CHANNELS;

export const ATTACHMENT_KINDS = { authorization: '核对授权书', investigation: '入户调查材料', photo: '照片', decision: '决定书', other: '其他材料' } as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;
/** Accepted types, by their magic bytes (the declared type is not trusted). */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** States of a program (`case_programs.state`), with their Chinese names for queues and the timeline. */
export const STATES = {
  intake: '待受理', investigation: '入户调查', county_visit: '县级入户核查', verification: '家庭经济状况核对', notice: '公示中',
  appraisal: '民主评议', township_approval: '乡镇审批', township_review: '乡镇审核', county_approval: '县级审批',
  documenting: '先行救助待补手续', referred: '已转办部门', approved: '已批准', rejected: '未批准', appeal: '复议中', stopped: '已停止', withdrawn: '已撤回',
} as const;
export type State = keyof typeof STATES;
export const FINAL_STATES: readonly State[] = ['approved', 'rejected', 'stopped', 'withdrawn'];

const idNumberSchema = z.string({ error: '请填写身份证号' }).superRefine((v, ctx) => {
  const r = parseIdNumber(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  else if (r.value.birthDate > todayInChina()) ctx.addIssue({ code: 'custom', message: `身份证号中的出生日期 ${r.value.birthDate} 晚于今天` });
}).transform((v) => v.trim().toUpperCase());

const villageCode = z.string().regex(/^\d{12}$/, '请选择村（社区），应为 12 位区划代码');
const yuanAmount = (what: string) => yuanInput(what, { positive: true, max: 1e7 });

export const bankInput = z.object({
  bankName: plainText('开户银行', 50, { required: '请填写开户银行' }),
  accountNo: z.string({ error: '请填写银行账号' }).trim().regex(/^\d{12,30}$/, '银行账号应为 12-30 位数字'),
  accountName: plainText('账户名', 50, { required: '请填写账户名' }),
});

export const programInput = z.object({
  program: z.enum(PROGRAMS, { error: `救助项目应为：${PROGRAMS.join('、')}` }),
  subtype: z.enum(TEMPORARY_SUBTYPES, { error: '临时救助类型应为 急难型 或 支出型' }).optional(),
  /** 临时救助: the amount asked for (yuan); decides township or county approval. */
  amountYuan: yuanAmount('申请金额').optional(),
}).superRefine((p, ctx) => {
  if (p.program === '临时救助' && !p.subtype) ctx.addIssue({ code: 'custom', path: ['subtype'], message: '临时救助须选择类型：急难型 或 支出型' });
  if (p.program === '临时救助' && p.amountYuan === undefined) ctx.addIssue({ code: 'custom', path: ['amountYuan'], message: '临时救助须填写申请金额' });
  if (p.program !== '临时救助' && p.subtype) ctx.addIssue({ code: 'custom', path: ['subtype'], message: '只有临时救助有类型（急难型、支出型）' });
});
export type ProgramInput = z.infer<typeof programInput>;

const hotlineDetail = z.object({
  caller: plainText('来电人', 50, { required: '请填写来电人' }),
  callbackNumber: phoneSchema,
  said: plainText('来电内容', 2000, { multiline: true, required: '请记录来电内容' }),
});

/**
 * Intake at the window, by a village, a hotline call or a data warning: an existing household (its
 * members and incomes are not asked again), or none yet (hotline, warning: the township links one
 * later); the programs proposed by screening or chosen by the officer.
 */
export const caseInput = z.object({
  channel: z.enum(['window', 'village', 'hotline', 'warning'], { error: '来源应为：乡镇窗口、村级报告、服务热线、数据预警' }),
  householdId: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '家庭编号无效').optional(),
  /** Without a household: where the applicant lives. */
  areaCode: villageCode.optional(),
  applicantName: plainText('申请人姓名', 50).optional(),
  applicantIdNumber: idNumberSchema.optional(),
  applicantPhone: phoneSchema.optional(),
  description: plainText('申请事由', 2000, { multiline: true }).default(''),
  programs: z.array(programInput).min(1, '请至少选择一个救助项目').max(8, '救助项目最多 8 个'),
  hotline: hotlineDetail.optional(),
  warning: z.object({ source: plainText('预警来源', 100, { required: '请填写预警来源' }), detail: plainText('预警内容', 2000, { multiline: true }).default('') }).optional(),
  /** The applicant declares being a close relative of assistance staff or a village cadre (近亲属备案). */
  relativeDeclared: z.boolean().default(false),
  bank: bankInput.optional(),
}).superRefine((c, ctx) => {
  if (!c.householdId && !c.areaCode) ctx.addIssue({ code: 'custom', path: ['householdId'], message: '请选择家庭，或填写申请人所在村（社区）' });
  if (!c.householdId && !c.applicantName) ctx.addIssue({ code: 'custom', path: ['applicantName'], message: '未选择家庭时须填写申请人姓名' });
  if (c.channel === 'hotline' && !c.hotline) ctx.addIssue({ code: 'custom', path: ['hotline'], message: '热线来源须记录来电人、回拨号码和来电内容' });
  if (c.channel === 'warning' && !c.warning) ctx.addIssue({ code: 'custom', path: ['warning'], message: '数据预警来源须填写预警来源' });
  const seen = new Set<string>();
  c.programs.forEach((p, i) => {
    if (seen.has(p.program)) ctx.addIssue({ code: 'custom', path: ['programs', i, 'program'], message: `救助项目 ${p.program} 重复` });
    seen.add(p.program);
  });
});
export type CaseInput = z.infer<typeof caseInput>;

/** 一事一议: the meeting of the county's coordination mechanism (县级困难群众基本生活保障工作协调机制, 000:L158). */
export const coordinationMeeting = z.object({
  heldOn: z.iso.date({ error: '会议日期格式应为 YYYY-MM-DD' }),
  members: z.array(z.object({
    name: plainText('成员姓名', 50, { required: '请填写到会成员姓名' }),
    department: z.enum(DEPARTMENTS, { error: `成员单位应为：${DEPARTMENTS.join('、')}` }),
  })).min(2, '“一事一议”须记录至少 2 名到会成员').max(30),
});

/** The forms of the steps (what each action records). */
export const actionInputs = {
  accept: z.object({ note: plainText('受理意见', 1000, { multiline: true }).default('') }),
  investigate: z.object({
    visitedOn: z.iso.date({ error: '入户日期格式应为 YYYY-MM-DD' }),
    visitors: z.array(plainText('调查人', 50, { required: '请填写调查人' })).min(2, '入户调查须两名以上工作人员').max(10),
    findings: plainText('调查情况', 5000, { multiline: true, required: '请填写入户调查情况' }),
    livingConditions: plainText('居住条件', 500, { multiline: true }).default(''),
    recommendation: z.enum(['support', 'oppose'], { error: '调查结论应为 support（建议纳入）或 oppose（建议不纳入）' }),
  }),
  county_visit: z.object({
    visitedOn: z.iso.date({ error: '入户日期格式应为 YYYY-MM-DD' }),
    findings: plainText('县级核查情况', 5000, { multiline: true, required: '请填写县级入户核查情况' }),
    agrees: z.boolean({ error: '请说明是否同意乡镇调查结论' }),
  }),
  verify: z.object({
    result: z.enum(['pass', 'fail'], { error: '核对结果应为 pass（符合）或 fail（不符合）' }),
    note: plainText('核对说明', 2000, { multiline: true, required: '请填写核对说明（核对了哪些部门数据、结果）' }),
  }),
  close_notice: z.object({ note: plainText('公示结果说明', 1000, { multiline: true }).default('') }),
  appraise: z.object({
    heldOn: z.iso.date({ error: '评议日期格式应为 YYYY-MM-DD' }),
    participants: z.number({ error: '参加人数应为整数' }).int().min(3, '民主评议参加人数至少 3 人'),
    result: z.enum(['support', 'oppose'], { error: '评议结果应为 support 或 oppose' }),
    minutes: plainText('评议记录', 5000, { multiline: true, required: '请填写评议记录' }),
  }),
  review: z.object({ opinion: plainText('审核意见', 2000, { multiline: true, required: '请填写审核意见' }), amountYuan: yuanAmount('金额').optional() }),
  approve: z.object({
    reason: plainText('批准理由', 2000, { multiline: true, required: '请填写批准理由' }),
    amountYuan: yuanAmount('批准金额').optional(),
    /** 一事一议 (000:L158): the coordination mechanism's meeting that decided it — its date and the members present. */
    meeting: coordinationMeeting.optional(),
    /** 临时救助 "一次审批、分阶段救助" (000:L158): the approved amount paid in these parts (yuan, summing to it), one a month from the first payroll month. */
    instalmentsYuan: z.array(yuanAmount('分阶段救助金额')).min(2, '分阶段救助至少分 2 次').max(12, '分阶段救助最多分 12 次').optional(),
    /** How the approved 临时救助 is paid: through the payroll (one-off or instalment lines) or out of the township's reserve. */
    payFrom: z.enum(['payroll', 'reserve'], { error: '支付方式应为 payroll（随发放名册）或 reserve（乡镇备用金）' }).optional(),
  }),
  reject: z.object({ reason: plainText('不予批准理由', 2000, { multiline: true, required: '请填写不予批准的理由' }) }),
  appeal: z.object({ reason: plainText('复议理由', 2000, { multiline: true, required: '请填写申请复议的理由' }) }),
  uphold: z.object({ reason: plainText('复议决定理由', 2000, { multiline: true, required: '请填写复议决定理由' }) }),
  overturn: z.object({ reason: plainText('复议决定理由', 2000, { multiline: true, required: '请填写复议决定理由' }), amountYuan: yuanAmount('批准金额').optional() }),
  withdraw: z.object({ reason: plainText('撤回原因', 1000, { multiline: true, required: '请填写撤回原因' }) }),
} as const;
export type ActionName = keyof typeof actionInputs;
export const ACTION_NAMES = Object.keys(actionInputs) as ActionName[];
export const ACTION_LABELS: Record<ActionName, string> = {
  accept: '受理', investigate: '入户调查', county_visit: '县级入户核查', verify: '核对', close_notice: '公示结束', appraise: '民主评议',
  review: '乡镇审核', approve: '批准', reject: '不予批准', appeal: '申请复议', uphold: '维持原决定', overturn: '撤销原决定并批准', withdraw: '撤回申请',
};

export const emergencyPayInput = z.object({ amountYuan: yuanAmount('先行救助金额'), note: plainText('说明', 500, { multiline: true }).default('') });
export const emergencyDocumentInput = z.object({
  recipient: plainText('救助对象', 50, { required: '请登记救助对象' }),
  reason: plainText('救助事由', 2000, { multiline: true, required: '请登记救助事由' }),
  amountYuan: yuanAmount('救助金额'),
});

export const referralInput = z.object({
  programId: z.string().max(64).optional(),
  department: z.enum(DEPARTMENTS, { error: `部门应为：${DEPARTMENTS.join('、')}` }),
  note: plainText('转办说明', 2000, { multiline: true, required: '请填写转办事项' }),
});
export const referralResultInput = z.object({ result: plainText('办结结果', 2000, { multiline: true, required: '请填写办结结果' }) });

/** What opens a review besides the schedule (000:L134 "家庭人口、收入、财产状况发生变化的，应当及时告知"; unannounced checks). */
export const REVIEW_TRIGGERS = { reported_change: '对象报告变化', unannounced: '不定期抽查' } as const;
export const reviewOpenInput = z.object({
  caseId: z.string({ error: '请选择案件' }).max(64),
  programId: z.string({ error: '请选择救助项目' }).max(64),
  trigger: z.enum(['reported_change', 'unannounced'], { error: '复核原因应为 reported_change（对象报告变化）或 unannounced（不定期抽查）' }),
  note: plainText('复核原因说明', 2000, { multiline: true, required: '请说明复核原因（报告了什么变化，或抽查安排）' }),
});

export const REVIEW_OUTCOMES = { continue: '继续享受', adjust: '调整待遇', taper: '渐退', stop: '停止' } as const;
export const reviewDecisionInput = z.object({
  outcome: z.enum(['continue', 'adjust', 'taper', 'stop'], { error: '复核结论应为 continue、adjust、taper 或 stop' }),
  reason: plainText('复核说明', 2000, { multiline: true, required: '请填写复核说明' }),
  /** 渐退: the months decided for this case, at most dibao.taperMonths (000:L148 "不超过一年"); absent: the maximum. */
  taperMonths: z.number({ error: '渐退月数应为整数' }).int('渐退月数应为整数').min(1, '渐退月数至少 1 个月').optional(),
});

export const relativeInput = z.object({
  staffName: plainText('工作人员姓名', 50, { required: '请填写工作人员姓名' }),
  staffPosition: z.enum(['assistance_staff', 'village_cadre'], { error: '职务应为 assistance_staff（经办人员）或 village_cadre（村干部）' }),
  areaCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '工作单位区划代码应为 6、9 或 12 位'),
  relativeName: plainText('近亲属姓名', 50, { required: '请填写近亲属姓名' }),
  relativeIdNumber: idNumberSchema,
  relation: plainText('关系', 20, { required: '请填写关系（配偶、父母、子女…）' }),
});

export const sampleResultInput = z.object({
  visitedOn: z.iso.date({ error: '入户日期格式应为 YYYY-MM-DD' }),
  result: z.enum(['consistent', 'inconsistent'], { error: '抽查结果应为 consistent（相符）或 inconsistent（不符）' }),
  note: plainText('抽查情况', 2000, { multiline: true, required: '请填写抽查情况' }),
});

/** The citizen's application (掌上办, no login). */
export const publicApplyInput = z.object({
  name: plainText('姓名', 50, { required: '请填写姓名' }).refine((v) => /\p{L}/u.test(v), '姓名应含有文字'),
  idNumber: idNumberSchema,
  phone: phoneSchema,
  areaCode: villageCode,
  description: plainText('遇到的困难', 2000, { multiline: true, required: '请说明遇到了什么困难' }),
});

export const publicStatusInput = z.object({
  number: z.string({ error: '请填写申请编号' }).trim().regex(/^[A-Z0-9]{6,32}$/, '申请编号格式不正确'),
  idLast6: z.string({ error: '请填写身份证号后 6 位' }).trim().toUpperCase().regex(/^\d{5}[\dX]$/, '身份证号后 6 位格式不正确'),
});
