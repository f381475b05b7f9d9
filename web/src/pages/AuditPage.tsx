/**
 * 审计日志 for an auditor: the chain's verification state at the top; filters by action group, person,
 * area and dates; each entry with its time on one line, the actor's name and role, the action in Chinese,
 * the target as a link with its masked label, the area's name and the detail as a short key-value list;
 * the filtered entries exported to xlsx (the export is itself audited). On a phone the entries are cards.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { keyUrl, useApi } from '../query.ts';
import { useT } from '../i18n.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import { AUDIT_GROUPS } from '../../../src/auth/auditLabels.ts';

interface Entry {
  id: number; at: string; action: string; actionLabel: string; actor: string; actorName: string; actorRole: string | null;
  target: { kind: string; label: string; link: string | null } | null; areaCode: string | null; areaName: string | null;
  detail: { key: string; value: string }[]; hash: string;
}
interface ChainState { ok: boolean; checkedAt: string; headAt: string | null; anchored: boolean; problems: number; problemIds: number[] }

const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

function ChainBanner() {
  const t = useT();
  const r = useApi<ChainState>(['/api/audit/verify'], { staleTime: 60_000 });
  if (r.isLoading) return <Alert className="audit-chain" type="info" showIcon message={t('正在校验审计日志哈希链…')} />;
  if (!r.data) return <Alert className="audit-chain" type="warning" showIcon message={t('暂时无法校验哈希链')} description={r.error?.message} />;
  const d = r.data;
  return d.ok
    ? <Alert className="audit-chain" type="success" showIcon message={t('哈希链完整：没有记录被修改或删除')}
      description={`${t('最新记录')} ${d.headAt ? time(d.headAt) : '—'}；${t('校验于')} ${time(d.checkedAt)}${d.anchored ? `；${t('已对照链头锚点')}` : ''}`} />
    : <Alert className="audit-chain" type="error" showIcon message={`${t('哈希链异常：发现')} ${d.problems} ${t('处断链或改动')}`}
      description={`${t('涉及记录')}：${d.problemIds.map((id) => `#${id}`).join('、') || '—'}。${t('请在服务器上运行 doudi audit verify 查看详情。')}`} />;
}

function Target({ e }: { e: Entry }) {
  if (!e.target) return <>—</>;
  const text = `${e.target.kind ? `${e.target.kind}：` : ''}${e.target.label}`;
  return e.target.link ? <a href={e.target.link}>{text}</a> : <span>{text}</span>;
}

function Detail({ e }: { e: Entry }) {
  if (e.detail.length === 0) return <>—</>;
  return (
    <ul className="audit-detail">
      {e.detail.slice(0, 6).map((d) => <li key={d.key}><span className="audit-detail-key">{d.key}</span>：{d.value}</li>)}
      {e.detail.length > 6 && <li>… {e.detail.length - 6}</li>}
    </ul>
  );
}

export function AuditPage() {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [filters, setFilters] = useState<{ group?: string; actor?: string; area?: string; range?: [Dayjs, Dayjs] | null }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const params = { group: filters.group, actor: filters.actor, area: filters.area, from: filters.range?.[0].format('YYYY-MM-DD'), to: filters.range?.[1].format('YYYY-MM-DD') };
  const query = useApi<{ rows: Entry[]; total: number }>(['/api/audit', { ...page, ...params }], { placeholderData: (previous) => previous });
  const data = query.data ?? { rows: [], total: 0 };
  const update = (f: Partial<typeof filters>) => { setFilters({ ...filters, ...f }); setPage({ ...page, page: 1 }); };
  const pagination = { current: page.page, pageSize: page.pageSize, total: data.total, showSizeChanger: !narrow, onChange: (p: number, s: number) => setPage({ page: p, pageSize: s }) };
  return (
    <Card title={t('审计日志')} className="audit-page"
      extra={<Button icon={<DownloadOutlined />} href={keyUrl(['/api/audit/export.xlsx', params])}>{t('导出 Excel')}</Button>}>
      <ChainBanner />
      <Space wrap style={{ margin: '16px 0' }}>
        <Select placeholder={t('动作类别')} allowClear style={{ width: 180 }} onChange={(group?: string) => update({ group })} aria-label={t('动作类别')}
          options={Object.entries(AUDIT_GROUPS).map(([value, g]) => ({ value, label: t(g.label) }))} />
        <Input.Search placeholder={t('操作人（姓名或用户名）')} allowClear onSearch={(actor) => update({ actor: actor.trim() || undefined })} style={{ width: 220 }} />
        <AreaSelect placeholder={t('区划')} value={filters.area} onChange={(area) => update({ area })} />
        <DatePicker.RangePicker onChange={(range) => update({ range: range as [Dayjs, Dayjs] | null })} />
      </Space>
      {narrow
        ? <List<Entry> dataSource={data.rows} loading={query.isFetching} pagination={{ ...pagination, size: 'small', simple: true }} className="audit-cards"
          renderItem={(e) => (
            <List.Item key={e.id}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={4}><Tag>{e.actionLabel}</Tag><span className="audit-time">{time(e.at)}</span></Space>
                <span>{e.actorName}{e.actorRole && <Typography.Text type="secondary">（{e.actorRole}）</Typography.Text>}</span>
                <Target e={e} />
                {e.areaName && <Typography.Text type="secondary">{e.areaName}</Typography.Text>}
                <Detail e={e} />
              </Space>
            </List.Item>
          )} />
        : <Table<Entry> rowKey="id" dataSource={data.rows} loading={query.isFetching} size="small" pagination={pagination} tableLayout="fixed"
          columns={[
            { title: t('时间'), dataIndex: 'at', width: 170, render: (v: string, e) => <span className="audit-time" title={`#${e.id} ${e.hash}`}>{time(v)}</span> },
            { title: t('操作人'), dataIndex: 'actorName', width: 170, render: (v: string, e) => <>{v}{e.actorRole && <div><Typography.Text type="secondary">{e.actorRole}</Typography.Text></div>}</> },
            { title: t('操作'), dataIndex: 'actionLabel', width: 200, render: (v: string, e) => <span title={e.action}>{v}</span> },
            { title: t('对象'), dataIndex: 'target', width: 220, render: (_: unknown, e) => <Target e={e} /> },
            { title: t('区划'), dataIndex: 'areaName', width: 150, render: (v: string | null) => v ?? '—' },
            { title: t('详情'), dataIndex: 'detail', render: (_: unknown, e) => <Detail e={e} /> },
          ]} />}
    </Card>
  );
}
