/** Login gate and the application frame: menu by permission, header with the user and language switch. */
import { lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Result, Segmented, Space, Spin, Typography } from 'antd';
import { AuditOutlined, FileTextOutlined, HomeOutlined, LogoutOutlined, MenuOutlined, TeamOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, get, post, setCsrfToken, type Area, type Me, type Vocabulary } from './api.ts';
import { LangContext, useT } from './i18n.ts';
import { navigate, SessionContext, useRoute, type Session } from './session.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { HouseholdListPage } from './pages/HouseholdListPage.tsx';
import { HouseholdPage } from './pages/HouseholdPage.tsx';
import { HouseholdFormPage } from './pages/HouseholdFormPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { PolicyPage } from './pages/PolicyPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';

// The home page's chart library is large; it loads on its own when the home page is shown.
const HomePage = lazy(() => import('./pages/HomePage.tsx').then((m) => ({ default: m.HomePage })));

export function Shell() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  const [areas, setAreas] = useState<Area[]>([]);

  const loggedIn = useCallback(async (m: Me) => {
    setCsrfToken(m.csrfToken);
    const [v, a] = await Promise.all([get<Vocabulary>('/api/vocabulary'), get<{ rows: Area[] }>('/api/areas/tree')]);
    setVocabulary(v);
    setAreas(a.rows);
    setMe(m);
  }, []);

  useEffect(() => {
    get<Me>('/api/me').then(loggedIn).catch((e) => { if (e instanceof ApiError && e.status === 401) setMe(null); else throw e; });
  }, [loggedIn]);

  const session = useMemo<Session | null>(() => {
    if (!me || !vocabulary) return null;
    const names = new Map(areas.map((a) => [a.code, a.name]));
    return {
      me, vocabulary, areas,
      // Township and village (a county code names itself).
      areaName: (code) => [9, 12].filter((n) => n <= code.length).map((n) => names.get(code.slice(0, n))).filter(Boolean).join(' ') || (names.get(code) ?? code),
      can: (p) => me.permissions.includes(p),
      logout: () => { post('/api/logout').finally(() => { setMe(null); navigate('/'); }); },
    };
  }, [me, vocabulary, areas]);

  if (me === undefined) return <Spin fullscreen />;
  if (me === null || !session) return <LoginPage onLogin={loggedIn} />;
  return <SessionContext.Provider value={session}><Frame /></SessionContext.Provider>;
}

function Frame() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const session = useContext(SessionContext)!;
  const route = useRoute();
  // Phone width: the menu opens from the header as a drawer instead of the sider.
  const narrow = Grid.useBreakpoint().md === false;
  const [drawer, setDrawer] = useState(false);
  const { user } = session.me;
  const items = [
    { key: '', icon: <HomeOutlined />, label: t('首页') },
    { key: 'households', icon: <TeamOutlined />, label: t('家庭档案') },
    { key: 'policy', icon: <FileTextOutlined />, label: t('政策包') },
    ...(session.can('registry.write') ? [{ key: 'import', icon: <UploadOutlined />, label: t('台账导入') }] : []),
    ...(session.can('users.manage') ? [{ key: 'users', icon: <UserOutlined />, label: t('用户管理') }] : []),
    ...(session.can('audit.read') ? [{ key: 'audit', icon: <AuditOutlined />, label: t('审计日志') }] : []),
  ];
  const menu = (
    <>
      <div className="app-brand">{t('兜底')}</div>
      <Menu theme="dark" mode="inline" selectedKeys={[route[0] ?? '']} items={items} onClick={(e) => { navigate(`/${e.key}`); setDrawer(false); }} />
    </>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow
        ? <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={200} closable={false} styles={{ body: { padding: 0, background: '#001529' } }}>{menu}</Drawer>
        : <Layout.Sider width={200} theme="dark">{menu}</Layout.Sider>}
      <Layout>
        <Layout.Header className="app-header">
          <div className="app-header-left">
            {narrow && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('菜单')} />}
            <Typography.Text strong ellipsis className="app-title">{t('社会救助与防返贫监测帮扶平台')}</Typography.Text>
          </div>
          <Space>
            <Typography.Text type="secondary" className="who">{user.displayName} · {session.me.roleLabel} · {session.areaName(user.areaCode)}</Typography.Text>
            <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中', value: 'zh' }, { label: 'EN', value: 'en' }]} />
            <Button size="small" icon={<LogoutOutlined />} onClick={session.logout}>{t('退出')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Page route={route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Page({ route }: { route: string[] }) {
  const t = useT();
  const session = useContext(SessionContext)!;
  const [section, id, sub] = route;
  const allowed = (permission: string, page: ReactNode) => (session.can(permission) ? page : <Result status="403" title={t('您的角色无权访问此页面')} />);
  switch (section) {
    case 'households':
      if (id === 'new') return <HouseholdFormPage />;
      if (id && sub === 'edit') return <HouseholdFormPage id={id} />;
      if (id) return <HouseholdPage id={id} />;
      return <HouseholdListPage />;
    case 'users': return allowed('users.manage', <UsersPage />);
    case 'audit': return allowed('audit.read', <AuditPage />);
    case 'policy': return <PolicyPage />;
    case 'import': return allowed('registry.write', <ImportPage />);
    default: return <Suspense fallback={<Spin />}><HomePage /></Suspense>;
  }
}
