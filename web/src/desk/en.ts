/** English of the desk's pages (工作台, 审计日志). */
export const deskEn: Record<string, string> = {
  '工作台': 'Workbench', '统计': 'Statistics', '我的待办': 'My tasks', '即将到期': 'Due soon', '已逾期': 'Overdue', '公示中': 'On notice', '全部待办': 'All tasks',
  '待处置预警': 'Warnings to handle', '去处置': 'Handle', '待处理核对发现': 'Findings to resolve', '去处理': 'Resolve', '待审批发放名册': 'Payrolls to approve',
  '去审批': 'Approve', '待您审批': 'Awaiting your approval', '您编制的，须由他人审批': 'Prepared by you: another officer approves', '没有待办': 'Nothing waiting',
  '近 30 天查看完整号码': 'Full numbers viewed (30 days)', '近 30 天导出': 'Exports in 30 days', '次': 'times', '条': 'lines', '阻断核对': 'Blocks 核对',
  '公示期内可登记群众异议；公示期满后结束公示。': 'Objections can be recorded while a notice runs; close it once the period has ended.',
  '受灾救助待办': 'Disaster relief to act on',
  '应保未保与待复核': 'Coverage gaps', '应保未保': 'Eligible, not receiving', '督导': 'Supervision',
  '另有': 'And', '项，见完整列表': 'more: see the full list',
  '动作类别': 'Action group', '操作人（姓名或用户名）': 'Actor (name or username)', '导出 Excel': 'Export Excel', '正在校验审计日志哈希链…': 'Verifying the audit chain…',
  '暂时无法校验哈希链': 'The chain cannot be verified right now', '哈希链完整：没有记录被修改或删除': 'Chain intact: no entry altered or deleted', '最新记录': 'Newest entry',
  '校验于': 'verified at', '已对照链头锚点': 'checked against the anchored head', '哈希链异常：发现': 'Chain broken:', '处断链或改动': 'breaks or alterations',
  '涉及记录': 'Entries', '请在服务器上运行 doudi audit verify 查看详情。': 'Run doudi audit verify on the server for details.',
  '登录与账号': 'Logins and accounts', '家庭档案与台账': 'Households and ledgers', '查看或导出完整号码': 'Full numbers viewed or exported', '案件办理': 'Cases',
  '期限、公示与日历': 'Deadlines, notices, calendar', '家庭经济状况核对': 'Verification', '防返贫监测': 'Monitoring', '资金发放': 'Payments', '导出': 'Exports',
};
