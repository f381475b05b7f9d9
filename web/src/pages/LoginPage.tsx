import { useState } from 'react';
import { Alert, Button, Card, ConfigProvider, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, post, type Me } from '../api.ts';
import { useT } from '../i18n.ts';
import { READABLE_THEME } from '../a11y.ts';

export function LoginPage({ onLogin }: { onLogin: (me: Me) => Promise<void> }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await onLogin(await post<Me>('/api/login', v));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('无法连接服务器'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfigProvider theme={READABLE_THEME}>
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #7f0000, #b71c1c 40%, #f5f5f5 40%)', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ textAlign: 'center', marginBottom: 4, fontSize: 24 }}>{t('兜底')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>{t('社会救助与防返贫监测帮扶平台')}</Typography.Paragraph>
        {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('用户名')} rules={[{ required: true, message: t('请输入用户名') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('密码')} rules={[{ required: true, message: t('请输入密码') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('登录')}</Button>
        </Form>
        {/* Citizens need no account: the 掌上办 page is outside the login gate. */}
        <Typography.Paragraph style={{ textAlign: 'center', marginTop: 16, marginBottom: 0 }}>
          <Typography.Link href="#/public" className="public-link" underline>{t('群众掌上办（申请救助、查询进度）')}</Typography.Link>
        </Typography.Paragraph>
      </Card>
    </main>
    </ConfigProvider>
  );
}
