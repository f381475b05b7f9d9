/** Roles and what each may do. A user's area scope limits where, the role limits what. */

export const ROLES = {
  county_admin: { label: '县级管理员', permissions: ['registry.read', 'registry.write', 'reveal', 'users.manage', 'audit.read', 'policy.manage', 'payroll.read', 'payroll.manage', 'medical.read', 'medical.manage', 'medical.statements'] },
  county_staff: { label: '县级部门工作人员', permissions: ['registry.read', 'registry.write', 'reveal', 'payroll.read', 'payroll.manage', 'medical.read', 'medical.manage', 'medical.statements'] },
  township_staff: { label: '乡镇（街道）工作人员', permissions: ['registry.read', 'registry.write', 'reveal', 'payroll.read', 'medical.read'] },
  village_staff: { label: '村（社区）工作人员', permissions: ['registry.read', 'registry.write', 'medical.read'] },
  auditor: { label: '审计人员（只读）', permissions: ['registry.read', 'audit.read', 'payroll.read', 'medical.read', 'medical.statements'] },
  /** A hospital's system (一站式结算): posts settlements and reads its own statements, nothing else (src/medical/routes.ts HOSPITAL_ROUTES). */
  hospital: { label: '定点医疗机构（一站式结算）', permissions: ['medical.settle', 'medical.statements'] },
} as const satisfies Record<string, { label: string; permissions: readonly string[] }>;

export type Role = keyof typeof ROLES;
export type Permission = (typeof ROLES)[Role]['permissions'][number];

export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** County departments of the joint-meeting system (联席会议成员单位) that staff belong to. */
export const DEPARTMENTS = ['民政局', '乡村振兴局', '医保局', '卫健局', '教育局', '人社局', '住建局', '残联', '应急管理局', '财政局', '审计局'] as const;

/** The area level a role's scope must have: county roles see a county, township staff a township, … */
export const SCOPE_LENGTH: Record<Role, number> = { county_admin: 6, county_staff: 6, township_staff: 9, village_staff: 12, auditor: 6, hospital: 6 };

export function can(role: Role, permission: Permission): boolean {
  return (ROLES[role].permissions as readonly string[]).includes(permission);
}
