import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError, post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';

interface User { id: number; username: string; displayName: string; role: string; department: string | null; areaCode: string; disabled: boolean; lockedUntil: string | null }
interface UsersReply { rows: User[]; roles: { value: string; label: string; scopeLength: number }[]; departments: string[] }

export function UsersPage() {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const data = useApi<UsersReply>(['/api/users']).data;
  const invalidate = useInvalidate();
  const load = () => invalidate('/api/users');
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const roleLabel = (r: string) => data?.roles.find((x) => x.value === r)?.label ?? r;
  const toggle = async (u: User) => {
    try { await post(`/api/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`); load(); } catch (e) { message.error((e as Error).message); }
  };
  const create = async () => {
    const v = await form.validateFields();
    try {
      await post('/api/users', { ...v, areaCode: v.areaCode ?? session.me.user.areaCode });
      message.success(t('用户已创建'));
      setCreating(false);
      form.resetFields();
      load();
    } catch (e) {
      if (e instanceof ApiError && e.path) form.setFields([{ name: e.path, errors: [e.message] }]);
      else message.error((e as Error).message);
    }
  };
  return (
    <Card title={t('用户管理')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('新建用户')}</Button>}>
      <Table<User> rowKey="id" dataSource={data?.rows} loading={!data} scroll={{ x: 800 }} size="middle" pagination={{ pageSize: 20 }}
        columns={[
          { title: t('用户名'), dataIndex: 'username' },
          { title: t('显示名称'), dataIndex: 'displayName' },
          { title: t('角色'), dataIndex: 'role', render: roleLabel },
          { title: t('部门'), dataIndex: 'department', render: (d) => d ?? '—' },
          { title: t('管辖范围'), dataIndex: 'areaCode', render: (c) => `${session.areaName(c)}（${c}）` },
          { title: t('状态'), render: (_, u) => (u.disabled ? <Tag>{t('已停用')}</Tag> : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? <Tag color="orange">{t('已锁定')}</Tag> : <Tag color="green">{t('正常')}</Tag>) },
          { title: t('操作'), render: (_, u) => u.username !== session.me.user.username && <Button size="small" danger={!u.disabled} onClick={() => toggle(u)}>{u.disabled ? t('启用') : t('停用')}</Button> },
        ]} />
      <Modal open={creating} title={t('新建用户')} onOk={create} onCancel={() => setCreating(false)} okText={t('保存')} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="username" label={t('用户名')} rules={[{ required: true, pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: t('3-32 位字母、数字、下划线、点或连字符') }]}><Input /></Form.Item>
          <Form.Item name="displayName" label={t('显示名称')} rules={[{ required: true, message: t('请填写') }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="password" label={t('密码')} extra={t('至少 10 位，不要用常见密码、用户名或“单词＋年份”；建议用三四个不相关的词加数字或符号')}
            rules={[{ required: true, min: 10, message: t('密码至少 10 位') }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="role" label={t('角色')} rules={[{ required: true, message: t('请选择角色') }]}><Select options={data?.roles.map((r) => ({ value: r.value, label: r.label }))} /></Form.Item>
          <Form.Item name="department" label={t('部门')}><Select allowClear options={data?.departments.map((d) => ({ value: d, label: d }))} /></Form.Item>
          <Form.Item noStyle shouldUpdate>{() => {
            const role = data?.roles.find((r) => r.value === form.getFieldValue('role'));
            return role && role.scopeLength > 6
              ? <Form.Item name="areaCode" label={t('管辖范围')} rules={[{ required: true, len: role.scopeLength, message: t(role.scopeLength === 9 ? '请选择乡镇（街道）' : '请选择村（社区）') }]}><AreaSelect villagesOnly={role.scopeLength === 12} /></Form.Item>
              : <Space style={{ marginBottom: 8 }}>{t('管辖范围')}：{session.areaName(session.me.user.areaCode)}（{session.me.user.areaCode}）</Space>;
          }}</Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
