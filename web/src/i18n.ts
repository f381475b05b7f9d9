/** Chinese first; English on request (remembered in localStorage). */
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';

const en: Record<string, string> = {
  '兜底': 'Doudi', '社会救助与防返贫监测帮扶平台': 'Social Assistance & Poverty-Return Prevention',
  '首页': 'Home', '家庭档案': 'Households', '政策包': 'Policy packs', '用户管理': 'Users', '审计日志': 'Audit log', '台账导入': 'Ledger import',
  '退出': 'Log out', '登录': 'Log in', '用户名': 'Username', '密码': 'Password', '请输入用户名': 'Enter your username', '请输入密码': 'Enter your password',
  '户数': 'Households', '人数': 'Persons', '各乡镇在册家庭': 'Households by township', '乡镇数': 'Townships',
  '检索姓名或身份证号': 'Search name or ID number', '查询': 'Search', '新建家庭': 'New household', '户主': 'Head', '区划': 'Area', '户籍': 'Hukou',
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
  '结论': 'Result', '金额': 'Amount', '说明': 'Explanation', '导出花名册': 'Export ledger', '户': 'households',
};

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'zh', setLang: () => {} });

export function useT() {
  const { lang } = useContext(LangContext);
  return (zh: string) => (lang === 'en' ? en[zh] ?? zh : zh);
}

export function initialLang(): Lang {
  return localStorage.getItem('doudi.lang') === 'en' ? 'en' : 'zh';
}
