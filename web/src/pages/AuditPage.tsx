import { useState } from 'react';
import { Card, DatePicker, Input, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useApi } from '../query.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { AUDIT_ACTIONS } from '../labels.ts';

interface Entry { id: number; at: string; actor: string; action: string; target: string | null; areaCode: string | null; detail: Record<string, unknown>; hash: string }

export function AuditPage() {
  const t = useT();
  const [filters, setFilters] = useState<{ actor?: string; action?: string; range?: [Dayjs, Dayjs] | null }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const query = useApi<{ rows: Entry[]; total: number }>(['/api/audit', {
    ...page, actor: filters.actor, action: filters.action,
    from: filters.range?.[0].format('YYYY-MM-DD'), to: filters.range?.[1].format('YYYY-MM-DD'),
  }], { placeholderData: (previous) => previous });
  const data = query.data ?? { rows: [], total: 0 };
  const loading = query.isFetching;
  const update = (f: Partial<typeof filters>) => { setFilters({ ...filters, ...f }); setPage({ ...page, page: 1 }); };
  return (
    <Card title={t('审计日志')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search placeholder={t('操作人')} allowClear onSearch={(actor) => update({ actor })} style={{ width: 180 }} />
        <Select placeholder={t('动作')} allowClear showSearch optionFilterProp="label" style={{ width: 200 }} onChange={(action?: string) => update({ action })}
          options={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label: t(label) }))} />
        <DatePicker.RangePicker onChange={(range) => update({ range: range as [Dayjs, Dayjs] | null })} />
      </Space>
      <Table<Entry> rowKey="id" dataSource={data.rows} loading={loading} size="small" scroll={{ x: 900 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('时间'), dataIndex: 'at', render: dateTime },
          { title: t('操作人'), dataIndex: 'actor' },
          { title: t('动作'), dataIndex: 'action', render: (a: string) => <span title={a}>{AUDIT_ACTIONS[a] ? t(AUDIT_ACTIONS[a]) : a}</span> },
          { title: t('对象'), dataIndex: 'target', render: (v) => v ?? '—' },
          { title: t('区划'), dataIndex: 'areaCode', render: (v) => v ?? '—' },
          { title: t('详情'), dataIndex: 'detail', render: (d) => <code style={{ fontSize: 12 }}>{JSON.stringify(d)}</code> },
          { title: t('哈希'), dataIndex: 'hash', render: (h: string) => <code title={h}>{h.slice(0, 10)}…</code> },
        ]} />
    </Card>
  );
}
