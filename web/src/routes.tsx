/**
 * The route table: one line per page. `path` is under the logged-in frame (hash URLs: #/households/…);
 * `permission` gates the page (a 403 page otherwise) and its menu entry; `menu` puts it in the side
 * menu, in table order. Large pages load on demand with `lazy(() => import(…))`. Pages outside the
 * login gate (the citizen's 掌上办) are in `publicRoutes`.
 */
import { lazy, type ComponentType, type ReactNode } from 'react';
import { AuditOutlined, FileTextOutlined, HomeOutlined, TeamOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { HouseholdListPage } from './pages/HouseholdListPage.tsx';
import { HouseholdPage } from './pages/HouseholdPage.tsx';
import { HouseholdFormPage } from './pages/HouseholdFormPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { PolicyPage } from './pages/PolicyPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';

const page = <M,>(load: () => Promise<M>, name: keyof M) => lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));

export interface AppRoute {
  path: string;
  page: ComponentType;
  permission?: string;
  /** Label (Chinese; English in i18n.ts) and icon of the menu entry. */
  menu?: { label: string; icon: ReactNode };
}

export const routes: AppRoute[] = [
  // The home page's chart library is large; it loads on its own when the home page is shown.
  { path: '', page: page(() => import('./pages/HomePage.tsx'), 'HomePage'), menu: { label: '首页', icon: <HomeOutlined /> } },
  { path: 'households', page: HouseholdListPage, menu: { label: '家庭档案', icon: <TeamOutlined /> } },
  { path: 'households/new', page: HouseholdFormPage, permission: 'registry.write' },
  { path: 'households/:id', page: HouseholdPage },
  { path: 'households/:id/edit', page: HouseholdFormPage, permission: 'registry.write' },
  { path: 'policy', page: PolicyPage, menu: { label: '政策包', icon: <FileTextOutlined /> } },
  { path: 'import', page: ImportPage, permission: 'registry.write', menu: { label: '台账导入', icon: <UploadOutlined /> } },
  { path: 'users', page: UsersPage, permission: 'users.manage', menu: { label: '用户管理', icon: <UserOutlined /> } },
  { path: 'audit', page: AuditPage, permission: 'audit.read', menu: { label: '审计日志', icon: <AuditOutlined /> } },
];

/** Outside the login gate. */
export const publicRoutes: { path: string; page: ComponentType }[] = [
];
