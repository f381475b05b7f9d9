/** Chinese names of programs, statuses and history actions, for display (audit actions: src/auth/auditLabels.ts). */
import { SYSTEM_ACTORS } from '../../src/auth/auditLabels.ts';
export const PROGRAMS: Record<string, string> = {
  dibao: '最低生活保障（低保）', 'dibao.single': '单人户低保', tekun: '特困人员救助供养', 'disability.nursing': '重度残疾人护理补贴',
  'disability.living': '困难残疾人生活补贴', 'education.boarding': '寄宿生生活费补助', temporary: '临时救助',
};
export const STATUSES: Record<string, { label: string; color: string }> = {
  eligible: { label: '符合', color: 'green' }, taper: { label: '渐退期', color: 'gold' }, ineligible: { label: '不符合', color: 'default' },
};
export const CLASSIFICATIONS: Record<string, string> = { tekun: '特困供养家庭', dibao: '低保家庭', lowIncome: '低收入家庭', none: '一般家庭' };
export const HISTORY_ACTIONS: Record<string, string> = { create: '建档', update: '修改', close: '注销', import: '台账导入' };
/** Who did something, as the pages show it: a person's login name, or the system's own accounts in words. */
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
