/** Login gate and the application frame: menu by permission (from routes.tsx), header with the user and language switch. */
import { Suspense, useContext, useEffect, useMemo, useState } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Result, Segmented, Space, Spin, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError, get, post, setCsrfToken, type Area, type Me, type Vocabulary } from './api.ts';
import { LangContext, useT } from './i18n.ts';
import { setOnUnauthenticated, useApi } from './query.ts';
import { routes, type AppRoute } from './routes.tsx';
import { SessionContext, useSession, type Session } from './session.ts';
import { LoginPage } from './pages/LoginPage.tsx';

const ME = ['/api/me'];

/** The signed-in user, or null (the login page); the CSRF token is taken as soon as the user is known. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await get<Me>('/api/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function Shell() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ME, queryFn: fetchMe, staleTime: Infinity }).data;
  // Everything cached belongs to the user who asked for it: forgotten when the session ends.
  const signedOut = () => { client.clear(); client.setQueryData(ME, null); };
  useEffect(() => { setOnUnauthenticated(signedOut); });
  const vocabulary = useApi<Vocabulary>(['/api/vocabulary'], { enabled: !!me, staleTime: Infinity }).data;
  const areas = useApi<{ rows: Area[] }>(['/api/areas/tree'], { enabled: !!me, staleTime: Infinity }).data?.rows;

  const session = useMemo<Session | null>(() => {
    if (!me || !vocabulary || !areas) return null;
    const names = new Map(areas.map((a) => [a.code, a.name]));
    return {
      me, vocabulary, areas,
      // Township and village (a county code names itself).
      areaName: (code) => [9, 12].filter((n) => n <= code.length).map((n) => names.get(code.slice(0, n))).filter(Boolean).join(' ') || (names.get(code) ?? code),
      can: (p) => me.permissions.includes(p),
      logout: () => { post('/api/logout').finally(() => { signedOut(); navigate('/'); }); },
    };
  }, [me, vocabulary, areas]); // eslint-disable-line react-hooks/exhaustive-deps

  if (me === null) return <LoginPage onLogin={async (m) => { setCsrfToken(m.csrfToken); client.setQueryData(ME, m); }} />;
  if (!session) return <Spin fullscreen />;
  return <SessionContext.Provider value={session}><Frame /></SessionContext.Provider>;
}

function Frame() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const session = useSession();
  const navigate = useNavigate();
  const section = useLocation().pathname.split('/')[1] ?? '';
  // Phone width: the menu opens from the header as a drawer instead of the sider.
  const narrow = Grid.useBreakpoint().md === false;
  const [drawer, setDrawer] = useState(false);
  const { user } = session.me;
  const items = routes.filter((r) => r.menu && (!r.permission || session.can(r.permission)) && (!r.when || r.when(session)))
    .map((r) => ({ key: r.path, icon: r.menu!.icon, label: t(r.menu!.label) }));
  const menu = (
    <>
      <div className="app-brand">{t('兜底')}</div>
      <Menu theme="dark" mode="inline" selectedKeys={[section]} items={items} onClick={(e) => { navigate(`/${e.key}`); setDrawer(false); }} />
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
          <Suspense fallback={<Spin />}><Outlet /></Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A route's page, or a 403 page when the role lacks its permission. */
export function Guarded({ route }: { route: AppRoute }) {
  const t = useT();
  const session = useSession();
  if ((route.permission && !session.can(route.permission)) || (route.when && !route.when(session))) return <Result status="403" title={t('您的角色无权访问此页面')} />;
  const Page = route.page;
  return <Page />;
}

export function NotFound() {
  const t = useT();
  return <Result status="404" title={t('页面不存在')} />;
}
