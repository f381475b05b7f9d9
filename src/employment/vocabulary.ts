/**
 * The words of 就业救助 (docs/employment.md): the kinds of service recorded per person (the "311" record of
 * 002:L293 and placements), the payroll programs its allowances are paid under, the columns of 人社's
 * service file. Dependency-free: also read by the web UI.
 */

/** Services recorded per person: recommendations, guidance, training, 两后生 schooling, placements. */
export const SERVICE_KINDS = {
  recommendation: '岗位推荐', guidance: '职业指导', training: '技能培训', school: '“两后生”学历教育', placement: '就业安置',
} as const;
export type ServiceKind = keyof typeof SERVICE_KINDS;
export const SERVICE_KIND_KEYS = Object.keys(SERVICE_KINDS) as [ServiceKind, ...ServiceKind[]];

/** The payroll programs of the allowances (payroll_lines.program), one per kind of money. */
export const EMPLOYMENT_PROGRAMS = {
  welfareJob: '公益性岗位补贴', training: '培训生活费补贴', school: '“两后生”生活费补助', broker: '就业创业服务补贴',
} as const;
export type EmploymentProgram = (typeof EMPLOYMENT_PROGRAMS)[keyof typeof EMPLOYMENT_PROGRAMS];

/** Where a person's employment status comes from. */
export const STATUS_SOURCES = { placement: '就业安置记录', welfareJob: '公益性岗位', wage: '人社工资数据', registry: '家庭档案登记' } as const;

/** The columns of 人社's service file (csv or xlsx, one service a row), required ones first. */
export const FILE_COLUMNS = {
  idNumber: '身份证号', name: '姓名', kind: '服务类型', date: '日期', endDate: '结束日期', course: '培训项目', days: '培训天数',
  completed: '是否结业', employedAfter: '培训后就业', employer: '用工单位', monthlyWage: '月工资', broker: '劳务经纪人',
} as const;
export const REQUIRED_FILE_COLUMNS = ['身份证号', '姓名', '服务类型', '日期'] as const;
