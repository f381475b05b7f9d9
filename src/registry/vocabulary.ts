/**
 * The registry's enumerations with their Chinese labels. Dependency-free, so the policy engine (and
 * every worker of `doudi evaluate`) reads them without loading the input schemas of model.ts and zod.
 */
export const RELATIONS = { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', grandparent: '祖父母', sibling: '兄弟姐妹', other: '其他' } as const;
export const HUKOU = { urban: '城镇', rural: '农村' } as const;
export const LABOR_CAPACITY = { full: '有劳动能力', partial: '部分丧失劳动能力', none: '无劳动能力' } as const;
export const DISABILITY_KINDS = { visual: '视力', hearing: '听力', speech: '言语', physical: '肢体', intellectual: '智力', mental: '精神', multiple: '多重' } as const;
export const SCHOOLING = { none: '无', preschool: '学前', primary: '小学', junior: '初中', senior: '高中', vocational: '中职', college: '大专及以上' } as const;
export const SELF_CARE = { able: '全自理', partial: '半护理', unable: '全护理' } as const;
export const SUPPORTER = { able: '有赡养（抚养）能力', unable: '无赡养（抚养）能力', none: '无法定赡养（抚养）人' } as const;
/** Serious-illness codes (重病) of the default list (../shared/domain/RULES.md, 000:L128). */
export const ILLNESSES = {
  child_chd: '儿童先天性心脏病', child_leukemia: '儿童白血病', breast_cancer: '乳腺癌', cervical_cancer: '宫颈癌',
  liver_transplant: '肝移植', kidney_transplant: '肾移植（含尿毒症）', malignant_tumor: '恶性肿瘤', severe_mental: '重性精神病', aids_oi: '艾滋病机会性感染',
} as const;
