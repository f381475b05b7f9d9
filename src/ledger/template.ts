/**
 * The ledger template of ../shared/contract/IMPORT.md: one row per person, the columns, and how
 * the words townships write map to the registry's codes. Used by import, export and the blank template.
 */
import { DISABILITY_KINDS, HUKOU, ILLNESSES, LABOR_CAPACITY, RELATIONS, SCHOOLING, SELF_CARE, SUPPORTER } from '../registry/model.ts';

export const COLUMNS = ['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码', '劳动能力', '残疾等级', '残疾类别', '重病', '在校情况', '是否寄宿', '是否就业', '月收入', '自理能力', '联系电话', '赡养人', '建档立卡'] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED: ReadonlySet<Column> = new Set(['户编号', '姓名', '身份证号', '与户主关系', '户籍性质', '行政区划代码']);

/** Header text as written ("身份证号 ", "身份证号码"? no: full-width letters and spaces folded) to a column. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * A word map keyed as the validator sees cells: NFKC-folded with spaces removed, so the registry's
 * own labels with full-width brackets (肾移植（含尿毒症）) match what a cell reads after folding.
 */
const folded = <T,>(m: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(m).map(([k, v]) => [normaliseHeader(k), v]));

const invert = <T extends string>(m: Record<T, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])) as Record<string, T>;

/** Words accepted in each coded column, to the registry's codes. */
export const VALUES = foldedAll({
  与户主关系: {
    户主: 'head', 本人: 'head', 配偶: 'spouse', 妻: 'spouse', 夫: 'spouse', 妻子: 'spouse', 丈夫: 'spouse',
    子: 'child', 儿子: 'child', 女: 'child', 女儿: 'child', 长子: 'child', 次子: 'child', 长女: 'child', 次女: 'child', 子女: 'child',
    父亲: 'parent', 母亲: 'parent', 父母: 'parent', 孙子: 'grandchild', 孙女: 'grandchild', 外孙子: 'grandchild', 外孙女: 'grandchild',
    祖父: 'grandparent', 祖母: 'grandparent', 外祖父: 'grandparent', 外祖母: 'grandparent', 兄弟: 'sibling', 姐妹: 'sibling', 兄: 'sibling', 弟: 'sibling', 姐: 'sibling', 妹: 'sibling', 其他: 'other',
    // The registry's own labels, which the export writes.
    ...invert(RELATIONS),
  } as Record<string, keyof typeof RELATIONS>,
  户籍性质: { 城镇: 'urban', 非农业: 'urban', 城镇户口: 'urban', 非农业户口: 'urban', 农村: 'rural', 农业: 'rural', 农村户口: 'rural', 农业户口: 'rural' } as Record<string, keyof typeof HUKOU>,
  劳动能力: { 有: 'full', 全部: 'full', 有劳动能力: 'full', 健全: 'full', 部分: 'partial', 部分丧失: 'partial', 部分丧失劳动能力: 'partial', 无: 'none', 丧失: 'none', 无劳动能力: 'none', 完全丧失: 'none', 丧失劳动能力: 'none' } as Record<string, keyof typeof LABOR_CAPACITY>,
  残疾类别: { ...invert(DISABILITY_KINDS), ...Object.fromEntries(Object.entries(DISABILITY_KINDS).map(([k, v]) => [`${v}残疾`, k])) } as Record<string, keyof typeof DISABILITY_KINDS>,
  在校情况: { ...invert(SCHOOLING), 幼儿园: 'preschool', 普通高中: 'senior', 中专: 'vocational', 职高: 'vocational', 大专: 'college', 本科: 'college', 大学: 'college' } as Record<string, keyof typeof SCHOOLING>,
  自理能力: { ...invert(SELF_CARE), 半自理: 'partial', 完全不能自理: 'unable', 不能自理: 'unable' } as Record<string, keyof typeof SELF_CARE>,
  // 赡养人 (IMPORT.md): a legal supporter able to support (有), one who cannot (无能力), none (无) — what 特困 needs.
  赡养人: { ...invert(SUPPORTER), 有: 'able', 有能力: 'able', 无能力: 'unable', 无赡养能力: 'unable', 无: 'none', 没有: 'none', 无赡养人: 'none' } as Record<string, keyof typeof SUPPORTER>,
  是否: { 是: true, 否: false } as Record<string, boolean>,
});

function foldedAll<T extends Record<string, Record<string, unknown>>>(maps: T): T {
  return Object.fromEntries(Object.entries(maps).map(([k, m]) => [k, folded(m)])) as T;
}

export const DISABILITY_GRADES: Record<string, number> = folded({ 一级: 1, 二级: 2, 三级: 3, 四级: 4, '1': 1, '2': 2, '3': 3, '4': 4, '1级': 1, '2级': 2, '3级': 3, '4级': 4 });

/** Serious illnesses by their Chinese names, and common names of the same conditions. */
export const ILLNESS_NAMES: Record<string, string> = folded({
  ...invert(ILLNESSES),
  先天性心脏病: 'child_chd', 儿童先心病: 'child_chd', 白血病: 'child_leukemia', 肾移植: 'kidney_transplant', 尿毒症: 'kidney_transplant',
  癌症: 'malignant_tumor', 重性精神病: 'severe_mental', 严重精神障碍: 'severe_mental', 艾滋病: 'aids_oi',
});

/** The words written back on export and offered as drop-down lists in the blank template. */
export const CANONICAL: Partial<Record<Column, string[]>> = {
  与户主关系: ['户主', '配偶', '子', '女', '父亲', '母亲', '孙子', '孙女', '祖父', '祖母', '兄弟', '姐妹', '其他'],
  户籍性质: ['城镇', '农村'],
  劳动能力: ['有', '部分', '无'],
  残疾等级: ['一级', '二级', '三级', '四级'],
  残疾类别: Object.values(DISABILITY_KINDS),
  在校情况: Object.values(SCHOOLING),
  是否寄宿: ['是', '否'],
  是否就业: ['是', '否'],
  自理能力: Object.values(SELF_CARE),
  赡养人: ['有', '无能力', '无'],
  建档立卡: ['是', '否'],
};
