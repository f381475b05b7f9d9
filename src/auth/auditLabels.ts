/**
 * The words of the audit log for an auditor: every action the code writes with `appendAudit`, in Chinese,
 * and the groups the audit page filters by (a group is a set of action prefixes). Pure: also read by the
 * web UI. `auditLabels.test.ts` fails when an action written anywhere in src/ has no label here.
 */

/** Every audit action, by its key. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  // 登录与账号
  'auth.login': '登录', 'auth.logout': '退出登录', 'auth.login_failed': '登录失败（密码错误或用户不存在）', 'auth.lockout': '连续输错密码，账号锁定',
  'auth.login_refused': '登录被拒绝（账号停用或锁定）',
  'user.create': '新建用户', 'user.disable': '停用用户', 'user.enable': '启用用户', 'user.password': '更换演示账号密码',
  // 家庭档案与台账
  'household.create': '新建家庭档案', 'household.update': '修改家庭档案', 'household.close': '注销家庭档案', 'member.reveal': '查看成员完整身份证号和电话',
  'ledger.import': '导入台账', 'ledger.export': '导出花名册（脱敏）', 'ledger.export.reveal': '导出花名册（完整号码）', 'registry.demo': '生成演示家庭',
  'policy.publish': '发布政策包',
  // 案件办理
  'case.open': '登记案件', 'case.public.apply': '群众掌上办提交申请', 'case.public.photo': '群众掌上办上传照片', 'case.programs.add': '增加救助项目',
  'case.link': '案件关联家庭档案', 'case.bank': '登记银行账户', 'case.objection': '登记公示异议', 'case.attachment': '上传案件材料',
  'case.accept': '受理', 'case.investigate': '入户调查', 'case.county_visit': '县级入户核查', 'case.verify': '家庭经济状况核对', 'case.close_notice': '结束公示',
  'case.appraise': '民主评议', 'case.review': '乡镇审核', 'case.approve': '批准', 'case.reject': '不予批准', 'case.appeal': '申请复议', 'case.uphold': '复议维持原决定',
  'case.overturn': '复议撤销原决定并批准', 'case.withdraw': '撤回申请', 'case.pay_advance': '先行救助发放', 'case.document': '先行救助补办手续',
  'case.task.pause': '暂停办理期限', 'case.task.resume': '恢复办理期限', 'case.task.extend': '延长办理期限',
  'case.sample.draw': '抽取抽查案件', 'case.sample.result': '登记抽查结果',
  'case.review.schedule': '生成到期复核', 'case.review.continue': '复核：继续享受', 'case.review.adjust': '复核：调整待遇', 'case.review.taper': '复核：渐退',
  'case.review.stop': '复核：停止救助', 'case.review.open': '发起复核（报告变化或不打招呼检查）', 'payment.oneoff.schedule': '安排临时救助发放（一次性或分期）',
  'case.referral.open': '转办部门', 'case.referral.done': '部门办结转办事项', 'case.referral.pause': '暂停转办期限', 'case.referral.resume': '恢复转办期限',
  'staff_relative.add': '近亲属备案', 'staff_relative.remove': '撤销近亲属备案', 'reserve.allocate': '拨付乡镇临时救助备用金',
  // 期限、公示与日历
  'workflow.task.open': '开始计算办理期限', 'workflow.task.done': '办理期限结束（已办结）', 'workflow.task.cancel': '取消办理期限', 'workflow.task.pause': '暂停计时',
  'workflow.task.resume': '恢复计时', 'workflow.task.extend': '延长期限', 'workflow.task.escalate': '逾期督办', 'workflow.calendar.set': '调整工作日历',
  'workflow.notice.open': '发布公示', 'workflow.notice.objection': '登记公示异议', 'workflow.notice.objection.handle': '处理公示异议',
  // 家庭经济状况核对
  'feed.load': '载入部门核对数据', 'verify.run': '运行家庭经济状况核对', 'verify.report': '导出核对报表', 'finding.confirm': '确认核对发现', 'finding.dismiss': '排除核对发现',
  // 防返贫监测
  'monitoring.run': '运行监测预警', 'monitoring.demo': '生成监测演示数据', 'monitoring.report': '报告风险', 'monitoring.warning.handle': '处置预警',
  'monitoring.cadre.add': '登记帮扶干部', 'monitoring.cadres.assign': '安排监测和结对干部', 'monitoring.visit': '登记走访', 'monitoring.round.add': '登记督查',
  'monitoring.criticism.add': '登记通报批评', 'monitoring.export': '导出监测对象', 'monitoring.file': '上传监测材料',
  'monitoring.measure.add': '登记帮扶措施', 'monitoring.measure.result': '登记帮扶成效', 'monitoring.verify': '识别：部门信息核查比对',
  'monitoring.negative.add': '登记负面因子', 'monitoring.negative.decide': '决定负面因子是否影响纳入监测',
  'monitoring.identify.start': '启动监测对象识别', 'monitoring.identify.complete_check': '识别：完成入户核查', 'monitoring.identify.appraise': '识别：民主评议并公示',
  'monitoring.identify.close_notice': '识别：结束公示', 'monitoring.identify.township_approve': '识别：乡镇初审通过', 'monitoring.identify.decide': '识别：县级审定纳入监测',
  'monitoring.identify.reject': '识别：不予通过', 'monitoring.identify.withdraw': '识别：撤回',
  'monitoring.remove.start': '启动风险消除', 'monitoring.remove.complete_check': '风险消除：完成入户核查', 'monitoring.remove.appraise': '风险消除：民主评议并公示',
  'monitoring.remove.close_notice': '风险消除：结束公示', 'monitoring.remove.township_approve': '风险消除：乡镇初审通过', 'monitoring.remove.decide': '风险消除：县级审定',
  'monitoring.remove.reject': '风险消除：不予通过', 'monitoring.remove.withdraw': '风险消除：撤回',
  // 资金发放
  'entitlement.create': '生成待遇资格', 'entitlement.snapshot': '重算待遇', 'entitlement.end': '终止待遇', 'recipients.import': '导入在保对象', 'recipients.demo': '生成演示在保对象',
  'payroll.prepare': '编制月度发放名册', 'payroll.approve': '审批发放名册', 'payroll.withdraw': '撤回发放名册', 'payroll.lines.view': '查看发放明细',
  'payroll.verify': '校验发放名册', 'payroll.bank_file': '生成银行代发文件', 'payroll.returns': '导入银行回盘', 'recovery.approve': '批准追回',
  'payments.report.export': '导出资金报表', 'account.reveal': '查看完整银行账号',
  'medical.settle': '医疗救助结算', 'medical.settle.replay': '医院重复报送结算（返回原结果）', 'medical.premium': '编制资助参保名单',
  'medical.identities': '编制医疗救助身份标识名单', 'medical.statements.export': '导出医院结算单', 'medical.premium.export': '导出资助参保名单（脱敏）',
  'medical.premium.export.reveal': '导出资助参保名单（完整号码）', 'medical.identities.export': '导出身份标识名单（脱敏）',
  'medical.identities.export.reveal': '导出身份标识名单（完整号码）',
  // 特困供养
  'tekun.institution.create': '新建供养机构', 'tekun.institution.update': '修改供养机构', 'tekun.admit': '办理入住（集中供养）', 'tekun.discharge': '办理离院',
  'tekun.carer': '登记照料服务责任人及协议', 'tekun.carer.bank': '登记照料服务责任人银行账户', 'tekun.willingness': '登记集中供养意愿', 'tekun.assess': '登记生活自理能力评估', 'tekun.file': '上传评估表或照料服务协议',
  'tekun.figures.export': '导出特困供养统计',
  // 受灾人员救助
  'disaster.event.create': '登记灾害事件', 'disaster.event.update': '修改灾害事件', 'disaster.event.confirm': '确认应急响应级别',
  'disaster.affected.register': '登记受灾家庭', 'disaster.file.add': '上传受灾照片或签收单', 'disaster.relief.propose': '申报受灾人员救助',
  'disaster.relief.approve': '批准受灾人员救助', 'disaster.relief.review': '乡镇审核受灾人员救助', 'disaster.relief.reject': '不予批准受灾人员救助',
  'disaster.relief.progress': '登记恢复重建进度', 'disaster.relief.distribute': '登记实物发放', 'disaster.report.export': '导出灾情报告',
  'disaster.emergency.declare': '启动应急期', 'disaster.relief.objection': '登记受灾救助公示异议', 'disaster.relief.objection.handle': '核实受灾救助公示异议',
  'disaster.relief.close_notice': '结束受灾救助公示',
  // 就业救助
  'employment.service': '登记就业服务', 'employment.service.end': '登记就业安置或学历教育结束', 'employment.file': '导入人社就业服务文件',
  'employment.job.create': '开发公益性岗位', 'employment.job.assign': '安排公益性岗位', 'employment.job.end': '公益性岗位人员离岗',
  'employment.figures.export': '导出就业救助统计', 'employment.wage_feed': '人社工资数据记为就业',
  'employment.workshop.create': '登记以工代训车间', 'employment.workshop.month': '登记以工代训车间月份',
  // 督导
  'supervision.export': '导出督导检查材料', 'supervision.snapshot': '保存督导指标月度快照',
  // 督导：应保未保与待复核
  'supervision.gaps.run': '排查应保未保与待复核', 'supervision.gaps.close': '办结应保未保或待复核线索',
  // 审计
  'audit.export': '导出审计日志',
};

/** The groups of the audit page's filter: each a Chinese name and the action prefixes it covers. */
export const AUDIT_GROUPS: Readonly<Record<string, { label: string; prefixes: readonly string[] }>> = {
  login: { label: '登录与账号', prefixes: ['auth.', 'user.'] },
  registry: { label: '家庭档案与台账', prefixes: ['household.', 'member.', 'ledger.', 'registry.'] },
  reveal: { label: '查看或导出完整号码', prefixes: ['member.reveal', 'ledger.export.reveal', 'account.reveal', 'medical.premium.export.reveal', 'medical.identities.export.reveal', 'medical.premium', 'medical.identities'] },
  cases: { label: '案件办理', prefixes: ['case.', 'staff_relative.', 'reserve.'] },
  workflow: { label: '期限、公示与日历', prefixes: ['workflow.'] },
  verification: { label: '家庭经济状况核对', prefixes: ['feed.', 'verify.', 'finding.'] },
  monitoring: { label: '防返贫监测', prefixes: ['monitoring.'] },
  payments: { label: '资金发放', prefixes: ['payroll.', 'payments.', 'payment.', 'entitlement.', 'recipients.', 'recovery.'] },
  medical: { label: '医疗救助', prefixes: ['medical.'] },
  tekun: { label: '特困供养', prefixes: ['tekun.'] },
  disaster: { label: '受灾人员救助', prefixes: ['disaster.'] },
  employment: { label: '就业救助', prefixes: ['employment.'] },
  supervision: { label: '督导', prefixes: ['supervision.'] },
  policy: { label: '政策包', prefixes: ['policy.'] },
  exports: { label: '导出', prefixes: ['ledger.export', 'monitoring.export', 'verify.report', 'payments.report.export', 'audit.export', 'medical.statements.export', 'medical.premium.export', 'medical.identities.export', 'tekun.figures.export', 'disaster.report.export', 'employment.figures.export', 'supervision.export'] },
  audit: { label: '审计日志', prefixes: ['audit.'] },
};
export type AuditGroup = keyof typeof AUDIT_GROUPS;

/** The Chinese words of an action; an action without a label (none should exist) shows as itself. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Names of the actors that are not users. */
export const SYSTEM_ACTORS: Readonly<Record<string, string>> = { system: '系统（自动任务）', 'system:schedule': '系统（定时任务）', citizen: '群众（掌上办）' };

/** Chinese names of the keys that appear in audit details, for the key-value view. */
export const DETAIL_KEYS: Readonly<Record<string, string>> = {
  reason: '原因', note: '说明', ip: '登录地址', username: '用户名', result: '结果', month: '月份', page: '页码', lines: '明细条数', households: '户数',
  findings: '核对发现', open: '未处理', date: '日期', kind: '类别', program: '救助项目', programs: '救助项目', amountFen: '金额（分）', period: '期间',
  from: '从', to: '至', rows: '行数', masked: '已脱敏', completed: '已完成', number: '申请编号', version: '版本', packId: '政策包', fields: '字段',
  householdId: '家庭', caseId: '案件', procedureId: '监测程序', created: '新建', share: '比例', pool: '可抽数', drawn: '抽中', ok: '校验通过', problems: '问题数',
  sha256: '文件摘要', bytes: '字节数', department: '部门', decision: '决定', dueAt: '到期日', dueOn: '到期日', workingDays: '工作日', visitedOn: '走访日期',
  mode: '方式', startMonth: '起始月份', endMonth: '终止月份', fromMonth: '起始月份', paid: '已发放', failed: '失败', duplicate: '重复文件', entries: '条数',
  channel: '来源', group: '动作类别', actor: '操作人', area: '区划', target: '对象', action: '动作', via: '途径', preparedBy: '编制人', digest: '摘要',
  riskFactor: '风险因子', resultOn: '成效日期', clueOn: '线索日期', filters: '筛选条件', role: '角色', areaCode: '区划', name: '姓名',
  changes: '变更', factor: '负面因子', monitoringCadreId: '监测帮扶干部', pairedCadreId: '结对联系干部', sources: '部门数据',
  institution: '供养机构', bed: '床位', admittedOn: '入住日期', dischargedOn: '离院日期', level: '评估等级', approvalLevel: '审批层级', assessedOn: '评估日期', willing: '愿意集中供养',
  askedOn: '询问日期', persons: '人数', beds: '床位数', nursingBeds: '护理型床位', stars: '星级', relation: '关系或单位',
  clearedZeroSince: '此前无人就业起始', startDate: '开始日期', maxLastDay: '补贴期限至', previousDays: '此前已享受天数', endedOn: '离岗日期', endDate: '结束日期',
  year: '年份', employer: '用工单位',
  scope: '范围', found: '发现', opened: '新发现', kept: '仍存在', gone: '已不存在', errors: '无法测算', outcome: '办结方式', reviewId: '复核', programId: '救助项目', runId: '排查批次',
};

/** Chinese words for the codes that appear as values in audit details. */
export const DETAIL_VALUES: Readonly<Record<string, string>> = {
  idNumber: '身份证号', phone: '电话', birthDate: '出生日期', ui: '网页', cli: '命令行', unknown_user: '用户不存在', locked: '账号锁定', disabled: '账号停用',
  window: '窗口受理', hotline: '服务热线', warning: '数据预警', citizen: '群众掌上办', village: '村级报告',
  able: '全自理', partial: '半护理', unable: '全护理', nursingHome: '敬老院', welfareHome: '福利院', mutualAid: '互助幸福院', assessment: '评估表', agreement: '照料服务协议',
  identify: '启动识别纳入', merged: '并入帮扶', dismissed: '核实无风险', exclude: '不纳入监测', keep: '不影响监测', pass: '符合', fail: '不符合', support: '支持', oppose: '反对', approved: '已批准', rejected: '未批准',
  disaster: '自然灾害或意外事故', distributed: '已发放（实物）',
  unserved: '应保未保', case_opened: '已受理申请', review_opened: '已发起复核', not_a_gap: '经核实不属于', gone: '已不存在',
  recommendation: '岗位推荐', guidance: '职业指导', training: '技能培训', school: '“两后生”学历教育', placement: '就业安置',
};
