/** 办件: the work queues of the user's role (我的待办, 即将到期, 已逾期, 公示中) with counts, overdue in red; and all cases in the area. */
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useApi } from '../query.ts';
import { useSession } from '../session.ts';
import { CalendarGapBanner, type UncoveredYear } from '../components/CalendarGapBanner.tsx';
import { CASE_PROGRAMS, CASES, CHANNELS, QUEUE, STATE_NAMES, type NoticeRow, type QueueCounts, type QueueRow } from './api.ts';

type View = 'mine' | 'dueSoon' | 'overdue' | 'notices' | 'all';
const VIEWS: { key: View; label: string; count?: keyof QueueCounts }[] = [
  { key: 'mine', label: '我的待办', count: 'mine' },
  { key: 'dueSoon', label: '即将到期', count: 'dueSoon' },
  { key: 'overdue', label: '已逾期', count: 'overdue' },
  { key: 'notices', label: '公示中', count: 'notices' },
  { key: 'all', label: '全部案件' },
];

/** Due date with its state: red and 已逾期 when overdue, 暂停 while paused, 督办 level, 已延期. */
export function DueTag({ dueAt, overdue, paused, escalation, extended }: { dueAt: string | null; overdue: boolean; paused?: boolean; escalation?: number | null; extended?: boolean }) {
  const t = useT();
  if (!dueAt) return <>—</>;
  return (
    <Space size={4} wrap>
      <span className={overdue ? 'overdue' : undefined}>{dueAt}</span>
      {overdue && <Tag color="red">{t('已逾期')}</Tag>}
      {paused && <Tag>{t('已暂停')}</Tag>}
      {!!escalation && <Tag color="volcano">{escalation > 1 ? t('县级督办') : t('乡镇督办')}</Tag>}
      {extended && <Tag color="gold">{t('已延期')}</Tag>}
    </Space>
  );
}

export function QueuesPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS.find((v) => v.key === params.get('view'))?.key ?? 'mine') as View;
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const queue = useApi<{ counts: QueueCounts; uncoveredYears: UncoveredYear[]; rows: (QueueRow | NoticeRow)[] }>([QUEUE, { view: view === 'all' ? 'mine' : view, ...page }], { placeholderData: (p) => p, refetchOnMount: 'always' });
  const counts = queue.data?.counts;
  const canIntake = session.can('cases.write') || ['township_staff', 'village_staff'].includes(session.me.user.role);
  return (
    <Card title={t('办件')} className="queues"
      extra={canIntake && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>{t('受理登记')}</Button>}>
      <CalendarGapBanner years={queue.data?.uncoveredYears} />
      {/* The queues as tiles with their counts: two by two on a phone, one row on a desk. */}
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        {VIEWS.map((v) => (
          <Col key={v.key} xs={v.count ? 12 : 24} md={v.count ? 5 : 4}>
            <div role="button" tabIndex={0} className={`queue-tile queue-tile-${v.key}${view === v.key ? ' active' : ''}`}
              onClick={() => { setParams({ view: v.key }); setPage({ ...page, page: 1 }); }}
              onKeyDown={(e) => { if (e.key === 'Enter') { setParams({ view: v.key }); setPage({ ...page, page: 1 }); } }}>
              <div className="queue-tile-label">{t(v.label)}</div>
              {v.count ? <div className="queue-tile-count" style={{ color: v.key === 'overdue' && (counts?.overdue ?? 0) > 0 ? '#cf1322' : undefined }}>{counts?.[v.count] ?? '–'}</div>
                : <div className="queue-tile-count">›</div>}
            </div>
          </Col>
        ))}
      </Row>
      {view === 'all' ? <AllCases /> : view === 'notices' ? (
        <Table<NoticeRow> rowKey="noticeId" size="middle" loading={queue.isFetching} dataSource={(queue.data?.rows ?? []) as NoticeRow[]} scroll={{ x: 640 }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: counts?.notices ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          onRow={(r) => ({ onClick: () => navigate(`/cases/${r.caseId}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('申请编号'), dataIndex: 'number', render: (n, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link> },
            { title: t('申请人'), dataIndex: 'applicantName' },
            { title: t('项目'), dataIndex: 'program' },
            { title: t('公示期'), render: (_, r) => `${r.startDate} ~ ${r.endDate}` },
            { title: t('异议'), dataIndex: 'objection', render: (o) => (o ? <Tag color="red">{t('有异议')}</Tag> : t('无')) },
          ]} />
      ) : (
        <Table<QueueRow> rowKey="taskId" size="middle" loading={queue.isFetching} dataSource={(queue.data?.rows ?? []) as QueueRow[]} scroll={{ x: 760 }}
          rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
          pagination={{ current: page.page, pageSize: page.pageSize, total: counts?.[view] ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          onRow={(r) => ({ onClick: () => navigate(`/cases/${r.caseId}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('申请编号'), dataIndex: 'number', render: (n, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link> },
            { title: t('申请人'), dataIndex: 'applicantName', render: (n, r) => <Space size={4}>{n}{r.relativeFlag && <Tag color="purple">{t('近亲属')}</Tag>}</Space> },
            { title: t('项目'), dataIndex: 'program', render: (p, r) => <Space size={4}>{p ?? '—'}{r.oneByOne && <Tag>{t('一事一议')}</Tag>}</Space> },
            { title: t('环节'), dataIndex: 'stepName', render: (s, r) => (r.department ? `${s}（${r.department}）` : s) },
            { title: t('办理期限'), dataIndex: 'dueAt', render: (d, r) => <DueTag dueAt={d} overdue={r.overdue} paused={!!r.pausedSince} escalation={r.escalation} extended={r.extended} /> },
            { title: t('区划'), dataIndex: 'areaCode', render: (c) => session.areaName(c) },
          ]} />
      )}
    </Card>
  );
}

interface CaseListRow { id: string; number: string; areaCode: string; channel: string; applicantName: string; status: string; relativeFlag: boolean; sampled: boolean; createdAt: string; programs: { id: string; program: string; state: string }[] }

function AllCases() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<{ q?: string; status?: string; program?: string }>({ status: 'open' });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useApi<{ rows: CaseListRow[]; total: number }>([CASES, { ...filters, ...page }], { placeholderData: (p) => p });
  const update = (f: Partial<typeof filters>) => { setFilters({ ...filters, ...f }); setPage({ ...page, page: 1 }); };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search placeholder={t('申请编号或申请人')} allowClear enterButton={t('查询')} onSearch={(q) => update({ q })} style={{ width: 260 }} />
        <Select style={{ width: 110 }} value={filters.status ?? ''} onChange={(status) => update({ status: status || undefined })}
          options={[{ value: 'open', label: t('办理中') }, { value: 'closed', label: t('已办结') }, { value: '', label: t('全部') }]} />
        <Select allowClear placeholder={t('救助项目')} style={{ width: 150 }} value={filters.program} onChange={(program) => update({ program })}
          options={CASE_PROGRAMS.map((p) => ({ value: p, label: p }))} />
      </Space>
      <Table<CaseListRow> rowKey="id" size="middle" loading={list.isFetching} dataSource={list.data?.rows} scroll={{ x: 760 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('申请编号'), dataIndex: 'number', render: (n, r) => <Link to={`/cases/${r.id}`}>{n}</Link> },
          { title: t('申请人'), dataIndex: 'applicantName', render: (n, r) => <Space size={4}>{n}{r.relativeFlag && <Tag color="purple">{t('近亲属')}</Tag>}{r.sampled && <Tag color="cyan">{t('抽查')}</Tag>}</Space> },
          { title: t('来源'), dataIndex: 'channel', render: (c) => t(CHANNELS[c] ?? c) },
          { title: t('项目'), dataIndex: 'programs', render: (ps: CaseListRow['programs']) => <Space size={4} wrap>{ps.map((p) => <Tag key={p.id}>{p.program} · {STATE_NAMES[p.state] ?? p.state}</Tag>)}</Space> },
          { title: t('区划'), dataIndex: 'areaCode', render: (c) => session.areaName(c) },
          { title: t('登记时间'), dataIndex: 'createdAt', render: (d) => <Typography.Text className="nowrap">{dateTime(d)}</Typography.Text> },
        ]} />
    </>
  );
}
