/**
 * The input schemas of disaster relief (zod, Chinese messages naming the field): an event, its level's
 * confirmation, an affected household registered from the village (from the registry or a new one), a
 * relief proposal, a step of its workflow, progress of a rebuild, an in-kind distribution, an emergency
 * period. The words are in vocabulary.ts (no dependencies, read by the web UI).
 */
import { z } from 'zod';
import { isValidIsoDate } from '../domain/dates.ts';
import { phoneSchema, plainText, yuanInput } from '../registry/model.ts';
import { bankInput } from '../cases/model.ts';
import { DAMAGE_GRADES, DISASTER_KINDS, HARDSHIP_SEASONS, LEVELS, NEEDS, RELIEF_FORMS, RELIEF_KINDS } from './vocabulary.ts';
import '../errors.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const oneOf = <T extends Record<string, string>>(o: T, what: string) => z.enum(keys(o), { error: `${what}应为：${Object.values(o).join('、')}` });
const day = (what: string) => z.string({ error: `请填写${what}` }).refine(isValidIsoDate, `${what}应为有效日期 YYYY-MM-DD`);
const count = (what: string) => z.number({ error: `${what}应为整数` }).int(`${what}应为整数`).min(0, `${what}不能为负数`).max(100, `${what}不能超过 100`);
const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '编号无效');

export const eventInput = z.object({
  kind: oneOf(DISASTER_KINDS, '灾害种类'),
  name: plainText('灾害名称', 100, { required: '请填写灾害名称（如 2024 年 1 月低温雨雪冰冻灾害）' }),
  startedOn: day('开始日期'),
  endedOn: day('结束日期').optional(),
  areas: z.array(z.string().regex(/^\d{9}(\d{3})?$/, '受灾区域应为乡镇（9 位）或村（12 位）区划代码')).min(1, '请选择受灾的乡镇或村').max(500),
  observations: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/, '观测项无效'), z.number({ error: '观测值应为数字' }).min(0, '观测值不能为负数').max(1e6)).default({}),
  description: plainText('灾情描述', 5000, { multiline: true }).default(''),
}).refine((e) => !e.endedOn || e.endedOn >= e.startedOn, { path: ['endedOn'], message: '结束日期不能早于开始日期' });
export type EventInput = z.infer<typeof eventInput>;

export const confirmInput = z.object({
  level: z.enum(LEVELS, { error: '响应级别应为：IV、III、II、I' }),
  confirmedBy: plainText('确认人', 50, { required: '请填写确认响应级别的人（姓名、职务）' }),
  note: plainText('确认说明', 2000, { multiline: true }).default(''),
});

export const affectedInput = z.object({
  /** From the registry; or `household`, a new household's form (registry/model.ts householdInput), created first. */
  householdId: id.optional(),
  household: z.record(z.string(), z.unknown()).optional(),
  affected: z.number({ error: '受灾人数应为整数' }).int('受灾人数应为整数').min(1, '受灾人数至少 1 人').max(100, '受灾人数不能超过 100'),
  dead: count('死亡人数').default(0),
  missing: count('失踪人数').default(0),
  injured: count('受伤人数').default(0),
  relocated: count('转移安置人数').default(0),
  lossYuan: yuanInput('经济损失', { max: 1e8 }).default(0),
  damage: oneOf(DAMAGE_GRADES, '房屋损坏程度'),
  needs: z.array(oneOf(NEEDS, '急需')).max(4).default([]),
  note: plainText('情况说明', 2000, { multiline: true }).default(''),
}).refine((a) => Boolean(a.householdId) !== Boolean(a.household), { path: ['householdId'], message: '请从家庭档案中选择家庭，或填写新家庭（二者选一）' });
export type AffectedInput = z.infer<typeof affectedInput>;

export const reliefInput = z.object({
  affectedId: id,
  kind: oneOf(RELIEF_KINDS, '救助类别'),
  season: oneOf(HARDSHIP_SEASONS, '临时生活困难救助的季节').optional(),
  form: oneOf(RELIEF_FORMS, '发放形式').default('cash'),
  items: plainText('实物内容', 500, { multiline: true }).default(''),
  bank: bankInput.optional(),
}).superRefine((r, ctx) => {
  if (r.form === 'inKind' && r.kind !== 'emergency') ctx.addIssue({ code: 'custom', path: ['form'], message: '只有应急救助可以发放实物' });
  if (r.form === 'inKind' && !r.items) ctx.addIssue({ code: 'custom', path: ['items'], message: '实物救助须写明发放的实物' });
  if (r.kind === 'hardship' && !r.season) ctx.addIssue({ code: 'custom', path: ['season'], message: '临时生活困难救助须选择：旱灾（洪涝）或冬春荒' });
});
export type ReliefInput = z.infer<typeof reliefInput>;

export const RELIEF_ACTIONS = ['approve', 'review', 'reject', 'close_notice'] as const;
/** 公示异议 and its 核实结果 (the objector's name and phone are kept for the call back and shown masked). */
export const objectionInput = z.object({ byName: plainText('异议人', 50).optional(), byPhone: phoneSchema.optional(), content: plainText('异议内容', 2000, { multiline: true, required: '请填写异议内容' }) });
export const objectionResultInput = z.object({ result: plainText('核实结果', 2000, { multiline: true, required: '请填写核实结果' }) });
export const actInput = z.object({ note: plainText('意见', 2000, { multiline: true, required: '请填写审核审批意见' }), version: z.number().int().min(1).optional() });
export const progressInput = z.object({ note: plainText('进度说明', 2000, { multiline: true, required: '请填写重建进度（如 主体完工）' }) });

export const distributionInput = z.object({
  items: plainText('发放实物', 500, { multiline: true, required: '请填写发放的实物及数量' }),
  valueYuan: yuanInput('实物折价', { max: 1e7 }).default(0),
  givenOn: day('发放日期'),
  signedBy: plainText('签收人', 50, { required: '请填写签收人' }),
});

export const emergencyInput = z.object({
  areaCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应急期范围应为县、乡镇或村区划代码'),
  startsOn: day('开始日期'),
  endsOn: day('结束日期'),
  reason: plainText('启动原因', 2000, { multiline: true, required: '请填写启动应急期的原因（重大突发公共事件）' }),
  eventId: id.optional(),
}).refine((e) => e.endsOn >= e.startsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' });
export type EmergencyInput = z.infer<typeof emergencyInput>;
