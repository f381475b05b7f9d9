/**
 * The registry's vocabulary: enumerations with their Chinese labels, and the zod schema of a
 * household as the API and the importer submit it (yuan at the edge; the store keeps fen).
 */
import { z } from 'zod';
import { parseIdNumber } from '../domain/idNumber.ts';
import { todayInChina } from '../domain/dates.ts';
// Also sets zod's own messages to Chinese, before any of these schemas parses.
import '../errors.ts';

export { DISABILITY_KINDS, HUKOU, ILLNESSES, LABOR_CAPACITY, RELATIONS, SCHOOLING, SELF_CARE, SUPPORTER } from './vocabulary.ts';
import { DISABILITY_KINDS, HUKOU, ILLNESSES, LABOR_CAPACITY, RELATIONS, SCHOOLING, SELF_CARE, SUPPORTER } from './vocabulary.ts';
export const CLOSE_REASONS = ['迁出', '死亡', '注销', '合户', '其他'] as const;

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const enumOf = <T extends Record<string, string>>(o: T, what: string) =>
  z.enum(keys(o), { error: () => `${what}应为以下之一：${Object.entries(o).map(([k, v]) => `${k}（${v}）`).join('、')}` });

/**
 * At most two decimals: a whole number of fen, give or take a few units of float rounding (a
 * spreadsheet's 0.1 + 0.2 passes as 0.30; 1.230001 and 1.005 do not).
 */
export function hasAtMostTwoDecimals(yuan: number): boolean {
  const fen = yuan * 100;
  return Math.abs(fen - Math.round(fen)) <= Math.max(1, Math.abs(fen)) * 8 * Number.EPSILON;
}

/**
 * Money entering the system, in yuan, wherever it enters (registry, cases, referrals, the reserve,
 * monitoring reports): a number of whole fen (at most two decimals) up to `max`, never negative, and
 * above 0 with `positive` — where 0 would mean nothing (an allocation, an approved amount, a reported cost).
 */
export const yuanInput = (what: string, opts: { positive?: boolean; max?: number } = {}) => {
  const n = z.number({ error: `${what}应为数字（元）` });
  return (opts.positive ? n.positive(`${what}应大于 0`) : n.min(0, `${what}不能为负数`)).max(opts.max ?? 1e9, `${what}过大`)
    .refine(hasAtMostTwoDecimals, `${what}最多两位小数`);
};
const yuan = (what: string) => yuanInput(what);

/**
 * Control characters (NUL…), format characters (zero-width, bidi overrides such as U+202E, BOM) and
 * lone surrogate halves: invisible or misleading on screen, and some cannot be stored at all.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}]/u;
const UNSAFE_MULTILINE = /[^\P{Cc}\t\n\r]|[\p{Cf}\p{Cs}]/u;

/** Free text of one line (trimmed; at most `max` characters), or of several with `multiline`. */
export const plainText = (what: string, max: number, opts: { multiline?: boolean; required?: string } = {}) =>
  z.string({ error: opts.required ?? `${what}应为文字` }).trim().min(opts.required ? 1 : 0, opts.required).max(max, `${what}不能超过 ${max} 个字符`)
    .refine((v) => !(opts.multiline ? UNSAFE_MULTILINE : UNSAFE).test(v), `${what}含有控制字符或不可见字符，请删除后重试`);

/** Fillers that are letters to Unicode but show as blank (Hangul fillers). */
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0]/gu;

export { todayInChina };

export const phoneSchema = z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '联系电话应为 11 位手机号或带区号的固话');

export const memberInput = z.object({
  /** Present when editing an existing member. */
  id: z.string().max(64, '成员编号无效').optional(),
  name: plainText('姓名', 50, { required: '姓名必填' })
    .refine((v) => v === '' || /\p{L}/u.test(v.replace(BLANK_LETTERS, '')), '姓名应含有文字，不能只有空白、符号或不可见字符'),
  /** Required for a new member; for an existing one, omit it to keep the stored number. */
  idNumber: z.string().optional().superRefine((v, ctx) => {
    if (v === undefined) return;
    const r = parseIdNumber(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    else if (r.value.birthDate > todayInChina()) ctx.addIssue({ code: 'custom', message: `身份证号中的出生日期 ${r.value.birthDate} 晚于今天，不可能是已出生的人` });
  }).transform((v) => (v === undefined ? v : v.trim().toUpperCase())),
  relation: enumOf(RELATIONS, '与户主关系'),
  laborCapacity: enumOf(LABOR_CAPACITY, '劳动能力').default('full'),
  disability: z.object({
    grade: z.number({ error: '残疾等级为 1-4 级' }).int('残疾等级为 1-4 级').min(1, '残疾等级为 1-4 级').max(4, '残疾等级为 1-4 级'),
    kind: enumOf(DISABILITY_KINDS, '残疾类别'),
    certGeneration: z.number().int('残疾证代别应为 1 或 2').min(1, '残疾证代别应为 1 或 2').max(2, '残疾证代别应为 1 或 2').default(2),
  }, { error: '残疾信息应包含等级和类别' }).nullable().default(null),
  illnesses: z.array(plainText('重病名称', 50, { required: '重病名称不能为空' }), { error: '重病应为名称列表' }).max(20, '重病最多 20 项').default([]),
  schooling: enumOf(SCHOOLING, '在校情况').default('none'),
  boarding: z.boolean().default(false),
  employed: z.boolean().default(false),
  monthlyIncomeYuan: yuan('月收入').default(0),
  selfCare: enumOf(SELF_CARE, '自理能力').default('able'),
  supporter: enumOf(SUPPORTER, '赡养人').default('able'),
  phone: phoneSchema.nullable().optional(),
});

export const householdInput = z.object({
  areaCode: z.string().regex(/^\d{12}$/, '行政区划代码应为 12 位村（社区）代码'),
  ledgerKey: plainText('户编号', 50, { required: '户编号不能为空' }).nullable().optional(),
  hukou: enumOf(HUKOU, '户籍性质'),
  singleParent: z.boolean().default(false),
  registeredPoor: z.boolean().default(false),
  financialAssetsYuan: yuan('金融资产').default(0),
  vehicles: z.number({ error: '车辆数应为 0-99 的整数' }).int('车辆数应为 0-99 的整数').min(0, '车辆数应为 0-99 的整数').max(99, '车辆数应为 0-99 的整数').default(0),
  businessRegistered: z.boolean().default(false),
  rigidExpensesYuan: yuan('刚性支出').default(0),
  previousYearIncomeYuan: yuan('上年收入').nullable().default(null),
  address: plainText('住址', 200).nullable().optional(),
  members: z.array(memberInput).min(1, '家庭至少有一名成员').max(30, '家庭成员不能超过 30 人'),
});

export type MemberInput = z.infer<typeof memberInput>;
export type HouseholdInput = z.infer<typeof householdInput>;

/** Field labels for history entries and error messages. */
export const FIELD_LABELS: Record<string, string> = {
  areaCode: '行政区划', ledgerKey: '户编号', hukou: '户籍性质', singleParent: '单亲家庭', registeredPoor: '脱贫户（建档立卡）',
  financialAssetsFen: '金融资产', vehicles: '车辆数', businessRegistered: '登记经营主体', rigidExpensesFen: '年刚性支出',
  previousYearIncomeFen: '上年家庭收入', address: '住址', status: '状态',
  name: '姓名', idNumber: '身份证号', relation: '与户主关系', laborCapacity: '劳动能力', disabilityGrade: '残疾等级',
  disabilityKind: '残疾类别', disabilityCertGeneration: '残疾证代别', illnesses: '重病', schooling: '在校情况', boarding: '寄宿',
  employed: '就业', monthlyIncomeFen: '月收入', selfCare: '自理能力', supporter: '赡养人', phone: '联系电话',
};
