/** Chinese first; English on request (remembered in localStorage). */
import { createContext, useContext } from 'react';
import { casesEn } from './cases/en.ts';
import { deskEn } from './desk/en.ts';

export type Lang = 'zh' | 'en';

const en: Record<string, string> = {
  // Each capability's own labels first; the entries below win where both name a word.
  ...casesEn,
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
  '生成演示数据': 'Demo data', '查看完整号码': 'Full numbers viewed', '您的角色无权访问此页面': 'Your role may not open this page', '成员': 'Member', '重新加载': 'Reload',
  '撤回发放名册': 'Withdraw payroll', '撤回名册': 'Withdraw payroll', '撤回': 'Withdraw', '发放名册已撤回': 'payroll withdrawn', '撤回原因': 'Reason for withdrawal',
  '请填写撤回原因': 'Enter the reason for the withdrawal',
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
