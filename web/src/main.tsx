// antd 5's own compatibility layer for React 19 (wave effects, static message/modal).
import '@ant-design/v5-patch-for-react-19';
import { StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { createHashRouter, RouterProvider } from 'react-router';
// The ES builds: the CommonJS antd/locale/* reach the bundle wrapped in a second `default` and go unused.
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { initialLang, LangContext, type Lang } from './i18n.ts';
import { queryClient } from './query.ts';
import { publicRoutes, routes } from './routes.tsx';
import { Guarded, NotFound, Shell } from './Shell.tsx';
import './app.css';

// Hash URLs (#/households/…): links keep working whatever path the server is reached under.
const router = createHashRouter([
  ...publicRoutes.map((r) => ({ path: r.path, element: <Suspense fallback={<Spin fullscreen />}><r.page /></Suspense> })),
  {
    path: '/', element: <Shell />,
    children: [
      ...routes.map((r) => (r.path === '' ? { index: true, element: <Guarded route={r} /> } : { path: r.path, element: <Guarded route={r} /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

function Root() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = (l: Lang) => { localStorage.setItem('doudi.lang', l); setLangState(l); };
  useEffect(() => { dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en'); document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4 } }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><Root /></StrictMode>);
