/**
 * The input of 就业救助 as the API and 人社's file submit it (zod, Chinese messages; yuan at the edge):
 * a service to a person, a 公益性岗位, a holder placed on one, a holder leaving.
 */
import { z } from 'zod';
import { isValidIsoDate } from '../domain/dates.ts';
import { bankInput } from '../cases/model.ts';
import { plainText, yuanInput } from '../registry/model.ts';
import { SERVICE_KINDS, SERVICE_KIND_KEYS } from './vocabulary.ts';
import '../errors.ts';

export const isoDate = (what: string) => z.string({ error: `请填写${what}` }).refine(isValidIsoDate, `${what}应为有效日期 YYYY-MM-DD`);
const id = (what: string) => z.string({ error: `请选择${what}` }).min(1, `请选择${what}`).max(64, `${what}无效`);

export const serviceInput = z.object({
  memberId: id('人员'),
  kind: z.enum(SERVICE_KIND_KEYS, { error: `服务类型应为：${Object.values(SERVICE_KINDS).join('、')}` }),
  date: isoDate('日期'),
  endDate: isoDate('结束日期').nullable().optional(),
  course: plainText('培训项目', 100).nullable().optional(),
  days: z.number({ error: '培训天数应为整数' }).int('培训天数应为整数').min(1, '培训天数至少 1 天').max(366, '培训天数不能超过 366 天').nullable().optional(),
  completed: z.boolean({ error: '是否结业应为是或否' }).nullable().optional(),
  employedAfter: z.boolean({ error: '培训后就业应为是或否' }).nullable().optional(),
  employer: plainText('用工单位', 100).nullable().optional(),
  monthlyWageYuan: yuanInput('月工资', { max: 1e6 }).nullable().optional(),
  broker: plainText('劳务经纪人', 50).nullable().optional(),
  payee: bankInput.nullable().optional(),
  note: plainText('备注', 500, { multiline: true }).nullable().optional(),
}).strict().superRefine((s, ctx) => {
  const need = (ok: unknown, path: string, message: string) => { if (!ok) ctx.addIssue({ code: 'custom', path: [path], message }); };
  if (s.endDate && s.endDate < s.date) ctx.addIssue({ code: 'custom', path: ['endDate'], message: '结束日期不能早于开始日期' });
  if (s.kind === 'training') { need(s.course, 'course', '技能培训须填写培训项目'); need(s.days, 'days', '技能培训须填写培训天数'); }
  if (s.kind === 'school') need(s.course, 'course', '“两后生”学历教育须填写学校和专业');
  if (s.kind === 'placement') need(s.employer, 'employer', '就业安置须填写用工单位');
  if (s.broker && s.kind !== 'placement') ctx.addIssue({ code: 'custom', path: ['broker'], message: '劳务经纪人只在就业安置中填写' });
  if (s.broker && !s.payee) ctx.addIssue({ code: 'custom', path: ['payee'], message: '填写劳务经纪人时须填写其收款账户，用于发放就业创业服务补贴' });
});
export type ServiceInput = z.infer<typeof serviceInput>;

export const jobInput = z.object({
  name: plainText('岗位名称', 50, { required: '请填写岗位名称' }),
  employer: plainText('用工单位', 100, { required: '请填写用工单位' }),
  areaCode: z.string({ error: '请选择乡镇或村' }).regex(/^(\d{9}|\d{12})$/, '岗位所在地应为 9 位乡镇或 12 位村（社区）代码'),
  startDate: isoDate('开发日期'),
  endDate: isoDate('撤销日期').nullable().optional(),
}).strict();

export const holderInput = z.object({
  memberId: id('人员'),
  startDate: isoDate('上岗日期'),
  /** The planned last day; at most the term limit, which is taken when absent. */
  lastDay: isoDate('计划离岗日期').nullable().optional(),
  payee: bankInput.nullable().optional(),
}).strict();

export const holderEndInput = z.object({
  endedOn: isoDate('离岗日期'),
  reason: plainText('离岗原因', 200, { required: '请填写离岗原因' }),
}).strict();

export const workshopInput = z.object({
  name: plainText('车间名称', 50, { required: '请填写车间名称' }),
  employer: plainText('企业名称', 100, { required: '请填写企业名称' }),
  areaCode: z.string({ error: '请选择乡镇' }).regex(/^\d{9}$/, '车间所在地应为 9 位乡镇（街道）代码'),
  payee: bankInput,
}).strict();

export const workshopMonthInput = z.object({
  month: z.string({ error: '请填写月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM'),
  memberIds: z.array(id('学员'), { error: '请选择学员' }).min(1, '请至少选择一名学员').max(500, '一个车间一个月最多 500 名学员'),
}).strict();
