import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useApi } from '../query.ts';
import { useSession } from '../session.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';

interface Row { id: string; areaCode: string; headName: string; hukou: string; memberCount: number; status: string; registeredPoor: boolean; updatedAt: string }

export function HouseholdListPage() {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ q?: string; areaCode?: string; hukou?: string; status: string }>({ status: 'active' });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const navigate = useNavigate();
  const query = useApi<{ rows: Row[]; total: number; capped?: boolean }>(['/api/households', { ...filters, ...page }], { placeholderData: (previous) => previous });
  const data = query.data ?? { rows: [], total: 0 };
  const loading = query.isFetching;
  useEffect(() => { if (query.error) message.error(query.error.message); }, [query.error, message]);
  const exportQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);
  const update = (f: Partial<typeof filters>) => { setFilters({ ...filters, ...f }); setPage({ ...page, page: 1 }); };
  return (
    <Card title={t('家庭档案')} extra={<Space wrap>
      <Tooltip title={t('身份证号、电话已脱敏，以年龄代替出生日期；不能重新导入')}>
        <Button icon={<DownloadOutlined />} href={`/api/ledger/export.xlsx?${exportQuery}`}>{t('导出花名册')}</Button>
      </Tooltip>
      {session.can('reveal') && <Tooltip title={t('含完整身份证号和电话，可修改后重新导入；导出将记入审计日志')}>
        <Button icon={<DownloadOutlined />} href={`/api/ledger/export.xlsx?${exportQuery}&reveal=1`}>{t('导出完整号码')}</Button>
      </Tooltip>}
      {session.can('registry.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/households/new')}>{t('新建家庭')}</Button>}
    </Space>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search placeholder={t(session.can('reveal') ? '检索姓名或身份证号' : '检索姓名或完整身份证号')} allowClear enterButton={t('查询')} onSearch={(q) => update({ q })} style={{ width: 280 }} />
        <AreaSelect value={filters.areaCode} onChange={(areaCode) => update({ areaCode })} placeholder={t('区划')} />
        <Select allowClear placeholder={t('全部户籍')} style={{ width: 120 }} value={filters.hukou} onChange={(hukou) => update({ hukou })}
          options={Object.entries(session.vocabulary.hukou).map(([value, label]) => ({ value, label }))} />
        <Select style={{ width: 100 }} value={filters.status} onChange={(status) => update({ status })}
          options={[{ value: 'active', label: t('在册') }, { value: 'closed', label: t('已注销') }]} />
      </Space>
      <Table<Row> rowKey="id" loading={loading} dataSource={data.rows} scroll={{ x: 700 }} size="middle"
        onRow={(r) => ({ onClick: () => navigate(`/households/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data.total, showSizeChanger: true,
          showTotal: (n) => `${t('共')} ${n}${data.capped ? '+' : ''} ${t('户')}`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('户主'), dataIndex: 'headName', render: (v, r) => <Space>{v}{r.registeredPoor && <Tag color="orange">{t('脱贫户')}</Tag>}</Space> },
          { title: t('区划'), dataIndex: 'areaCode', render: (c) => session.areaName(c) },
          { title: t('户籍'), dataIndex: 'hukou', render: (v) => session.vocabulary.hukou[v] ?? v },
          { title: t('人口'), dataIndex: 'memberCount', width: 80 },
          { title: t('状态'), dataIndex: 'status', width: 90, render: (s) => (s === 'active' ? <Tag color="green">{t('在册')}</Tag> : <Tag>{t('已注销')}</Tag>) },
          { title: t('更新时间'), dataIndex: 'updatedAt', render: dateTime },
        ]} />
    </Card>
  );
}
