/** Chinese names of programs, statuses, history and audit actions, for display. */
export const PROGRAMS: Record<string, string> = {
  dibao: '最低生活保障（低保）', 'dibao.single': '单人户低保', tekun: '特困人员救助供养', 'disability.nursing': '重度残疾人护理补贴',
  'disability.living': '困难残疾人生活补贴', 'education.boarding': '寄宿生生活费补助', temporary: '临时救助',
};
export const STATUSES: Record<string, { label: string; color: string }> = {
  eligible: { label: '符合', color: 'green' }, taper: { label: '渐退期', color: 'gold' }, ineligible: { label: '不符合', color: 'default' },
};
export const CLASSIFICATIONS: Record<string, string> = { tekun: '特困供养家庭', dibao: '低保家庭', lowIncome: '低收入家庭', none: '一般家庭' };
export const HISTORY_ACTIONS: Record<string, string> = { create: '建档', update: '修改', close: '注销', import: '台账导入' };
/** Audit actions; the search matches a prefix, so the groups (household, auth) are choices too. */
export const AUDIT_ACTIONS: Record<string, string> = {
  auth: '登录与退出', 'auth.login': '登录', 'auth.logout': '退出', 'auth.login_failed': '登录失败', 'auth.lockout': '账号锁定',
  household: '家庭档案', 'household.create': '建档', 'household.update': '修改家庭信息', 'household.close': '注销档案', 'member.reveal': '查看完整号码', 'account.reveal': '查看完整银行账号',
  user: '用户管理', 'user.create': '新建用户', 'user.disable': '停用用户', 'user.enable': '启用用户',
  'ledger.import': '台账导入', 'ledger.export': '导出花名册', 'ledger.export.reveal': '导出花名册（完整号码）', 'policy.publish': '发布政策包', 'registry.demo': '生成演示数据',
};
/** Who did something, as the pages show it: a person's login name, or the system's own accounts in words. */
const SYSTEM_ACTORS: Record<string, string> = { system: '系统', citizen: '群众（掌上办）' };
export const actorName = (username: string | null | undefined): string => (username ? SYSTEM_ACTORS[username] ?? username : '');
/** A parameter's value in words: yes/no, and the pack's enumerated words (rounding units, warning levels). */
const PARAMETER_WORDS: Record<string, string> = { fen: '分', jiao: '角', yuan: '元', red: '红色', orange: '橙色', yellow: '黄色' };
export function parameterValue(v: unknown): string {
  if (v === true) return '是';
  if (v === false) return '否';
  if (v === null || v === undefined) return '未设置';
  if (Array.isArray(v)) return v.map(parameterValue).join('、');
  return typeof v === 'string' ? PARAMETER_WORDS[v] ?? v : String(v);
}
