/**
 * The department feeds by name, with their Chinese names: pure and dependency-free, so the web UI can show a
 * finding's source without loading the feed readers (which pull in the input schemas).
 */
export const SOURCES = ['death', 'vehicle', 'business', 'property', 'deposit', 'payroll', 'wage', 'disability', 'enrolment'] as const;
export type SourceName = (typeof SOURCES)[number];

export const SOURCE_LABELS: Record<SourceName, string> = {
  death: '公安 户籍死亡', vehicle: '公安交管 机动车', business: '市场监管 市场主体', property: '自然资源 不动产', deposit: '人民银行/商业银行 存款',
  payroll: '财政 财政供养人员', wage: '人社 社保缴费/工资', disability: '残联 残疾人证', enrolment: '教育 学籍',
};
