/** Chinese first; English on request (remembered in localStorage). */
import { createContext, useContext } from 'react';
import { casesEn } from './cases/en.ts';
import { medicalEn } from './medical/en.ts';
import { tekunEn } from './tekun/en.ts';
import { disasterEn } from './disaster/en.ts';
import { employmentEn } from './employment/en.ts';
import { paymentsEn } from './payments/en.ts';
import { monitoringEn } from './monitoring/en.ts';
import { deskEn } from './desk/en.ts';
import { supervisionEn } from './supervision/en.ts';

export type Lang = 'zh' | 'en';

const en: Record<string, string> = {
  // Each capability's own labels first; the entries below win where both name a word.
  ...casesEn,
  ...medicalEn,
  ...tekunEn,
  ...disasterEn,
  ...employmentEn,
  ...supervisionEn,
  // 政策包 (the form, the difference, the preview).
  '与现行版本的差异': 'Difference from the current version',
  '与现行版本相同，没有修改任何参数。': 'Same as the current version: no parameter changed.',
  '与现行版本相比': 'Compared with the current version',
  '两线合一': 'Dibao standard and poverty line', '农村低保标准': 'Rural dibao standard', '元/人/月': 'yuan/person/month', '元/人/年': 'yuan/person/year',
  '不低于扶贫标准': 'not below the poverty line', '低于扶贫标准': 'below the poverty line', '此版本不能发布': 'this version cannot be published',
  '农村低保标准提高到': 'With the rural standard raised to', '户增加': 'households gain', '全县每月合计': 'monthly total', '比修改后每月多': 'more per month than the change',
  '乡镇': 'Township',
  '供熟悉政策包格式（YAML）的技术人员使用；日常修改请用“修改与发布”的表单。': 'For staff who know the pack format (YAML); use the form under Edit & publish for everyday changes.',
  '依据': 'Source',
  '修改与发布': 'Edit & publish',
  '修改依据：文件文号及条款，不填为县自定': 'Basis: document number and article; empty means set by the county',
  '修改后': 'Changed',
  '修改后各项目人数/户数': 'Changed: persons/households by program',
  '修改后（元/月）': 'Changed (yuan/month)',
  '修改标准后点“检查并测算”：系统按与发布相同的规则检查每个参数，列出与现行版本的差异，并按乡镇测算待遇增减；确认后填写发布理由再发布。每次发布都保留为新版本并记入审计日志。': 'After changing values press Check & preview: every parameter is checked by the rules publishing applies, the difference from the current version is listed and the benefits are recomputed by township; then give a reason and publish. Every publication is kept as a new version and audited.',
  '值': 'Value',
  '减少户': 'Losing',
  '县自定': 'Set by the county',
  '参数': 'Parameter',
  '参数说明': 'Parameters',
  '发布新版本': 'Publish new version',
  '发布理由': 'Reason for publishing',
  '发布理由（必填）：如 依据县政府常务会议决定，自 7 月 1 日起提高农村低保标准': 'Reason (required), e.g. the county government decided to raise the rural standard from 1 July',
  '变化': 'Change',
  '变化最大的家庭': 'Largest changes',
  '增加户': 'Gaining',
  '如 0.2 或 1/3': 'e.g. 0.2 or 1/3',
  '导入 YAML 文件': 'Import YAML file',
  '导出现行版本': 'Export current version',
  '尚未发布政策包': 'No pack published yet',
  '已修改': 'Changed',
  '已发布新版本': 'New version published',
  '必填': 'Required',
  '恢复默认': 'Back to default',
  '户待遇变化': 'households change',
  '户无法评估': 'households cannot be evaluated',
  '按乡镇测算': 'Preview by township',
  '按日期设置': 'Set by date',
  '改为不分日期的一个值': 'One value for all dates',
  '政策包名称': 'Pack name',
  '有错误': 'Error',
  '未列出的参数按默认值执行，见“参数说明”。': 'Parameters not listed follow their defaults (see Parameters).',
  '未设置（必填）': 'Not set (required)',
  '未设置，按默认': 'Not set, default',
  '本县尚未发布政策包：请在“高级”中导入第一个版本（YAML）。': 'No pack published yet: import the first version (YAML) under Advanced.',
  '检查并测算': 'Check & preview',
  '测算日期': 'Date',
  '添加起始日期': 'Add a start date',
  '版': '',
  '现行': 'Current',
  '现行（元/月）': 'Current (yuan/month)',
  '第': 'Version',
  '设置': 'Set',
  '起始日期': 'From',
  '高级（YAML）': 'Advanced (YAML)',
  '默认值': 'Default',
  ...paymentsEn,
  ...monitoringEn,
  ...deskEn,
  '兜底': 'Doudi', '社会救助与防返贫监测帮扶平台': 'Social Assistance & Poverty-Return Prevention',
  '首页': 'Home', '家庭档案': 'Households', '政策包': 'Policy packs', '用户管理': 'Users', '审计日志': 'Audit log', '台账导入': 'Ledger import',
  '退出': 'Log out', '登录': 'Log in', '用户名': 'Username', '密码': 'Password', '请输入用户名': 'Enter your username', '请输入密码': 'Enter your password',
  '户数': 'Households', '人数': 'Persons', '各乡镇在册家庭': 'Households by township', '乡镇数': 'Townships',
  '检索姓名或身份证号': 'Search name or ID number', '检索姓名或完整身份证号': 'Search name or full ID number', '年龄': 'Age', '导出完整号码': 'Export full numbers', '身份证号、电话已脱敏，以年龄代替出生日期；不能重新导入': 'ID and phone numbers masked, age instead of birth date; cannot be re-imported', '含完整身份证号和电话，可修改后重新导入；导出将记入审计日志': 'Full ID and phone numbers, can be edited and re-imported; the export is audited', '查询': 'Search', '新建家庭': 'New household', '户主': 'Head', '区划': 'Area', '户籍': 'Hukou',
  '人口': 'Members', '状态': 'Status', '更新时间': 'Updated', '操作': 'Actions', '查看': 'View', '在册': 'Active', '已注销': 'Closed', '全部户籍': 'All hukou',
  '家庭成员': 'Members', '变更历史': 'History', '综合救助意见': 'Assistance screening', '编辑': 'Edit', '注销档案': 'Close household',
  '姓名': 'Name', '身份证号': 'ID number', '与户主关系': 'Relation', '劳动能力': 'Work capacity', '残疾': 'Disability', '重病': 'Serious illness',
  '在校情况': 'Schooling', '月收入（元）': 'Monthly income (yuan)', '联系电话': 'Phone', '显示': 'Reveal', '保存': 'Save', '取消': 'Cancel',
  '变更原因': 'Reason for change', '添加成员': 'Add member', '删除': 'Remove', '评估日期': 'Date', '合计（元/月）': 'Total (yuan/month)',
  '新建用户': 'New user', '停用': 'Disable', '启用': 'Enable', '角色': 'Role', '部门': 'Department', '管辖范围': 'Scope', '显示名称': 'Display name',
  '操作人': 'Actor', '动作': 'Action', '对象': 'Target', '时间': 'Time', '详情': 'Detail', '现行版本': 'Current version', '历史版本': 'Versions',
  '测算': 'Preview', '发布': 'Publish', '发布说明': 'Release note', '返回': 'Back', '家庭信息': 'Household', '共': 'Total',
  '户编号': 'Ledger key', '脱贫户（建档立卡）': 'Registered poor', '单亲家庭': 'Single parent', '金融资产': 'Financial assets', '机动车': 'Vehicles',
  '登记经营主体': 'Registered business', '年刚性支出': 'Rigid expenses / year', '出生日期': 'Birth date', '项目': 'Program',
  '结论': 'Result', '金额': 'Amount', '说明': 'Explanation', '导出花名册': 'Export ledger', '户': 'households', '村（社区）数': 'Villages', '各村（社区）在册家庭': 'Households by village',
  '上年家庭收入（元）': 'Previous-year income (yuan)', '不改请留空': 'leave empty to keep', '不能为负数': 'must not be negative', '住址': 'Address',
  '保存后，每一项改动都会记入本户的变更历史和审计日志。': 'Every change is recorded in the household history and the audit log.', '修改家庭信息': 'Edit household', '元': 'yuan',
  '原因': 'Reason', '否': 'No', '是': 'Yes', '有': 'Yes', '无': 'None', '哈希': 'Hash', '家庭情况': 'Household situation', '寄宿': 'Boarding', '就业': 'Employed',
  '已保存': 'Saved', '已显示完整号码，本次查看已记入审计日志': 'Full numbers shown; this view is recorded in the audit log', '已移出': 'Left',
  '年刚性支出（元）': 'Rigid expenses / year (yuan)', '应为 11 位手机号或带区号的固话': '11-digit mobile or landline with area code', '所在村（社区）': 'Village (community)',
  '有残疾等级时必填': 'Required with a disability grade', '机动车（辆）': 'Vehicles',
  '查看完整身份证号和电话，本次查看将记入审计日志': 'Show the full ID and phone numbers; the view is recorded in the audit log', '档案已注销': 'Household closed',
  '残疾等级': 'Disability grade', '残疾类别': 'Disability kind', '注销': 'Close', '注销原因': 'Reason for closing', '注销家庭档案': 'Close household', '现为': 'Now',
  '级': 'grade', '脱贫户': 'Formerly poor', '自理能力': 'Self-care', '菜单': 'Menu', '请填写变更原因': 'Enter the reason for the change', '请填写姓名': 'Enter the name',
  '请填写身份证号': 'Enter the ID number', '请选择': 'Select', '请选择到村（社区）一级': 'Select down to a village', '请选择村（社区）': 'Select a village (community)',
  '请选择注销原因': 'Select the reason', '赡养人': 'Supporter', '身份证号和电话已脱敏；查看完整号码会留痕': 'ID and phone numbers are masked; viewing them in full is recorded',
  '辆': '', '金融资产（元）': 'Financial assets (yuan)', '用户已创建': 'User created', '已停用': 'Disabled', '已锁定': 'Locked', '正常': 'Active',
  '3-32 位字母、数字、下划线、点或连字符': '3–32 letters, digits, _ . or -', '请填写': 'Required', '密码至少 10 位': 'At least 10 characters', '至少 10 位，不要用常见密码、用户名或“单词＋年份”；建议用三四个不相关的词加数字或符号': 'At least 10 characters; no common password, username or word-plus-year; a few unrelated words with digits or symbols work well',
  '请选择角色': 'Select a role', '请选择乡镇（街道）': 'Select a township', '无法连接服务器': 'Cannot reach the server', '登录与退出': 'Log in / out', '登录失败': 'Failed login',
  '账号锁定': 'Account locked', '建档': 'Registered', '修改': 'Edited', '停用用户': 'User disabled', '启用用户': 'User enabled', '发布政策包': 'Policy published',
  '生成演示数据': 'Demo data', '查看完整号码': 'Full numbers viewed', '查看完整银行账号': 'Full bank account viewed', '显示完整银行账号（记入审计日志）': 'Show full bank accounts (recorded in the audit log)', '隐藏完整银行账号': 'Hide full bank accounts', '您的角色无权访问此页面': 'Your role may not open this page', '成员': 'Member', '重新加载': 'Reload',
  '撤回发放名册': 'Withdraw payroll', '撤回名册': 'Withdraw payroll', '撤回': 'Withdraw', '发放名册已撤回': 'payroll withdrawn', '撤回原因': 'Reason for withdrawal',
  '请填写撤回原因': 'Enter the reason for the withdrawal',
  '政策包版本': 'Policy pack version', '系统': 'System', '群众（掌上办）': 'Citizen (online)',
  '撤回后本月名册及其明细全部删除（记入审计日志），可重新生成；已审批的名册不能撤回。': 'The month\'s payroll and all its lines are removed (recorded in the audit log) and can be prepared again; an approved payroll cannot be withdrawn.',
};

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'zh', setLang: () => {} });

export function useT() {
  const { lang } = useContext(LangContext);
  return (zh: string) => (lang === 'en' ? en[zh] ?? zh : zh);
}

export function initialLang(): Lang {
  return localStorage.getItem('doudi.lang') === 'en' ? 'en' : 'zh';
}
