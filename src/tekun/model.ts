/** The input of 特困供养's routes (zod, Chinese messages): institutions, admissions, carers, willingness, assessments. */
import { z } from 'zod';
import { bankInput } from '../cases/model.ts';
import { phoneSchema, plainText } from '../registry/model.ts';
import { CARE_LEVELS, INSTITUTION_KINDS, TEKUN_FILE_KINDS } from './vocabulary.ts';

const day = (what: string) => z.iso.date({ error: `${what}格式应为 YYYY-MM-DD` });
const count = (what: string) => z.number({ error: `${what}应为整数` }).int(`${what}应为整数`).min(0, `${what}不能为负数`).max(100000, `${what}过大`);

export const institutionInput = z.object({
  areaCode: z.string({ error: '请选择所属乡镇或县' }).regex(/^(\d{6}|\d{9})$/, '所属区划应为 6 位县级或 9 位乡镇代码'),
  name: plainText('机构名称', 60, { required: '请填写机构名称' }),
  kind: z.enum(Object.keys(INSTITUTION_KINDS) as [keyof typeof INSTITUTION_KINDS], { error: '机构类型应为 敬老院、福利院 或 互助幸福院' }),
  beds: count('床位数'),
  nursingBeds: count('护理型床位数'),
  stars: z.number({ error: '星级应为 0 到 5' }).int('星级应为 0 到 5').min(0, '星级应为 0 到 5').max(5, '星级应为 0 到 5').default(0),
  demonstration: z.boolean({ error: '示范敬老院应为 是 或 否' }).default(false),
  manager: plainText('负责人', 30, { required: '请填写负责人' }),
  phone: phoneSchema.nullable().optional(),
  bank: bankInput.nullable().optional(),
}).refine((v) => v.nursingBeds <= v.beds, { message: '护理型床位数不能多于床位数', path: ['nursingBeds'] });
export type InstitutionInput = z.infer<typeof institutionInput>;

export const admissionInput = z.object({
  institutionId: z.string({ error: '请选择供养机构' }).min(1, '请选择供养机构').max(64),
  memberId: z.string({ error: '请选择特困人员' }).min(1, '请选择特困人员').max(64),
  bed: plainText('床位号', 20).nullable().optional(),
  admittedOn: day('入住日期'),
  reason: plainText('入住原因', 200, { required: '请填写入住原因' }),
});
export const dischargeInput = z.object({
  dischargedOn: day('离院日期'),
  reason: plainText('离院原因', 200, { required: '请填写离院原因' }),
});
export const carerInput = z.object({
  name: plainText('照料服务责任人', 30, { required: '请填写照料服务责任人' }),
  relation: plainText('与本人关系或所在单位', 30, { required: '请填写与本人关系或所在单位' }),
  phone: phoneSchema,
  bank: bankInput.nullable().optional(),
  agreementFrom: day('协议起始日期'),
  agreementTo: day('协议截止日期'),
}).refine((v) => v.agreementTo >= v.agreementFrom, { message: '协议截止日期不能早于起始日期', path: ['agreementTo'] });
export const carerBankInput = z.object({ bank: bankInput.nullable() });
export const willingnessInput = z.object({
  willing: z.boolean({ error: '请选择是否愿意集中供养' }),
  askedOn: day('询问日期'),
  note: plainText('备注', 200).nullable().optional(),
});
export const assessmentInput = z.object({
  assessedOn: day('评估日期'),
  assessor: plainText('评估人', 60, { required: '请填写评估人或评估机构' }),
  level: z.enum(Object.keys(CARE_LEVELS) as [keyof typeof CARE_LEVELS], { error: '评估等级应为 全自理、半护理 或 全护理' }),
  note: plainText('备注', 200).nullable().optional(),
});
export const fileQuery = z.object({
  kind: z.enum(Object.keys(TEKUN_FILE_KINDS) as [keyof typeof TEKUN_FILE_KINDS], { error: '材料类型应为 评估表 或 照料服务协议' }),
  name: plainText('文件名', 100, { required: '请给出文件名' }),
});
