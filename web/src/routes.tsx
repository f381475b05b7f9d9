/**
 * The route table: one line per page. `path` is under the logged-in frame (hash URLs: #/households/…);
 * `permission` (and `when`, a test on the session such as the role) gates the page (a 403 page
 * otherwise) and its menu entry; `menu` puts it in the side menu, in table order. Large pages load on demand with `lazy(() => import(…))`. Pages outside the
 * login gate (the citizen's 掌上办) are in `publicRoutes`.
 */
import { lazy, type ComponentType, type ReactNode } from 'react';
import { AccountBookOutlined, AuditOutlined, CalendarOutlined, FileTextOutlined, HomeOutlined, InboxOutlined, ReconciliationOutlined, SafetyOutlined, SolutionOutlined, TeamOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import type { Session } from './session.ts';
import { HouseholdListPage } from './pages/HouseholdListPage.tsx';
import { HouseholdPage } from './pages/HouseholdPage.tsx';
import { HouseholdFormPage } from './pages/HouseholdFormPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { PolicyPage } from './pages/PolicyPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { VerificationPage } from './pages/VerificationPage.tsx';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { BarChartOutlined, PayCircleOutlined } from '@ant-design/icons';
import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { AlertOutlined, HeartOutlined, MedicineBoxOutlined, ThunderboltOutlined, ToolOutlined } from '@ant-design/icons';

const page = <M,>(load: () => Promise<M>, name: keyof M) => lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));

const county = (s: Session) => s.me.user.areaCode.length === 6;
const notVillage = (s: Session) => s.me.user.areaCode.length < 12;

export interface AppRoute {
  path: string;
  page: ComponentType;
  permission?: string;
  when?: (s: Session) => boolean;
  /** Label (Chinese; English in i18n.ts) and icon of the menu entry. */
  menu?: { label: string; icon: ReactNode };
}

export const routes: AppRoute[] = [
  // 工作台 first: what is waiting for the user (issue 17). The statistics page's chart library is large; it loads on its own when shown.
  { path: '', page: page(() => import('./desk/WorkbenchPage.tsx'), 'WorkbenchPage'), menu: { label: '工作台', icon: <HomeOutlined /> } },
  { path: 'stats', page: page(() => import('./pages/HomePage.tsx'), 'HomePage'), menu: { label: '统计', icon: <BarChartOutlined /> } },
  // 督导 (issue 24): the figures the documents hold a county to, with targets, trends, township ranking and the lists behind them; coverage gaps.
  { path: 'supervision', page: page(() => import('./supervision/SupervisionPage.tsx'), 'SupervisionPage'), permission: 'registry.read', when: notVillage, menu: { label: '督导', icon: <FundProjectionScreenOutlined /> } },
  // The case workflow (issue 7): queues, intake, the case page, the department inbox, reviews and the county's registers.
  { path: 'cases', page: page(() => import('./cases/QueuesPage.tsx'), 'QueuesPage'), permission: 'registry.read', menu: { label: '办件', icon: <SolutionOutlined /> } },
  { path: 'cases/new', page: page(() => import('./cases/IntakePage.tsx'), 'IntakePage'), permission: 'registry.write' },
  { path: 'cases/:id', page: page(() => import('./cases/CasePage.tsx'), 'CasePage'), permission: 'registry.read' },
  { path: 'referrals', page: page(() => import('./cases/ReferralInboxPage.tsx'), 'ReferralInboxPage'), permission: 'registry.read', when: county, menu: { label: '部门收件箱', icon: <InboxOutlined /> } },
  { path: 'reviews', page: page(() => import('./cases/AdminPages.tsx'), 'ReviewsPage'), permission: 'registry.read', when: notVillage, menu: { label: '复核', icon: <ReconciliationOutlined /> } },
  { path: 'households', page: HouseholdListPage, menu: { label: '家庭档案', icon: <TeamOutlined /> } },
  { path: 'households/new', page: HouseholdFormPage, permission: 'registry.write' },
  { path: 'households/:id', page: HouseholdPage },
  { path: 'households/:id/edit', page: HouseholdFormPage, permission: 'registry.write' },
  { path: 'policy', page: PolicyPage, menu: { label: '政策包', icon: <FileTextOutlined /> } },
  { path: 'import', page: ImportPage, permission: 'registry.write', menu: { label: '台账导入', icon: <UploadOutlined /> } },
  { path: 'relatives', page: page(() => import('./cases/AdminPages.tsx'), 'RelativesPage'), when: county, menu: { label: '近亲属备案', icon: <SafetyOutlined /> } },
  { path: 'reserves', page: page(() => import('./cases/AdminPages.tsx'), 'ReservesPage'), permission: 'registry.read', when: notVillage, menu: { label: '备用金', icon: <AccountBookOutlined /> } },
  { path: 'calendar', page: page(() => import('./cases/AdminPages.tsx'), 'CalendarPage'), permission: 'registry.read', menu: { label: '工作日历', icon: <CalendarOutlined /> } },
  { path: 'verification', page: VerificationPage, permission: 'registry.write', menu: { label: '家庭经济状况核对', icon: <SafetyCertificateOutlined /> } },
  // Payments (issue 10): the monthly payroll (county) and the fund report.
  { path: 'payroll', page: page(() => import('./payments/PayrollPage.tsx'), 'PayrollPage'), permission: 'payroll.read', when: county, menu: { label: '资金发放', icon: <PayCircleOutlined /> } },
  { path: 'payments/report', page: page(() => import('./payments/ReportPage.tsx'), 'PaymentsReportPage'), permission: 'payroll.read', menu: { label: '资金统计', icon: <BarChartOutlined /> } },
  // Poverty-return monitoring (issue 9): warnings, monitored households, cadres and visits, supervision, dashboard; a household's chain; the phone visit form.
  { path: 'monitoring', page: page(() => import('./monitoring/MonitoringPage.tsx'), 'MonitoringPage'), permission: 'registry.read', menu: { label: '防返贫监测', icon: <AlertOutlined /> } },
  { path: 'monitoring/households/:id', page: page(() => import('./monitoring/HouseholdChainPage.tsx'), 'HouseholdChainPage'), permission: 'registry.read' },
  { path: 'monitoring/households/:id/visit', page: page(() => import('./monitoring/VisitPage.tsx'), 'VisitPage'), permission: 'registry.write' },
  // Medical assistance (issue 19): settlement files, settlements, the year's figures, premium and identity lists, hospital statements (county roles and auditors).
  { path: 'medical', page: page(() => import('./medical/MedicalPage.tsx'), 'MedicalPage'), permission: 'medical.read', when: county, menu: { label: '医疗救助', icon: <MedicineBoxOutlined /> } },
  // 特困供养 (issue 20): persons and their support, institutions, figures (staff of every level with tekun.read).
  { path: 'tekun', page: page(() => import('./tekun/TekunPage.tsx'), 'TekunPage'), permission: 'tekun.read', menu: { label: '特困供养', icon: <HeartOutlined /> } },
  // Disaster relief (issue 21): events and their level, the event page (figures, households, relief), the phone registration, emergency periods.
  { path: 'disaster', page: page(() => import('./disaster/DisasterPage.tsx'), 'DisasterPage'), permission: 'registry.read', menu: { label: '受灾人员救助', icon: <ThunderboltOutlined /> } },
  { path: 'disaster/:id', page: page(() => import('./disaster/EventPage.tsx'), 'EventPage'), permission: 'registry.read' },
  { path: 'disaster/:id/register', page: page(() => import('./disaster/RegisterPage.tsx'), 'RegisterPage'), permission: 'registry.write' },
  // Employment assistance (issue 22): 零就业家庭, the workforce, services per person, 公益性岗位, figures.
  { path: 'employment', page: page(() => import('./employment/EmploymentPage.tsx'), 'EmploymentPage'), permission: 'employment.read', menu: { label: '就业救助', icon: <ToolOutlined /> } },
  { path: 'users', page: UsersPage, permission: 'users.manage', menu: { label: '用户管理', icon: <UserOutlined /> } },
  { path: 'audit', page: AuditPage, permission: 'audit.read', menu: { label: '审计日志', icon: <AuditOutlined /> } },
];

/** Outside the login gate. */
export const publicRoutes: { path: string; page: ComponentType }[] = [
  { path: 'public', page: page(() => import('./pages/PublicPage.tsx'), 'PublicPage') },
];
