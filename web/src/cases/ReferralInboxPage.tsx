/** 部门收件箱: referrals (转办) to the user's department, open first, overdue in red with their 督办 level; 办结 with a result. */
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Badge, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ModalForm, ProFormDigit, ProFormRadio, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { useSubmit } from './ActionForms.tsx';
import { REFERRALS, STATE_NAMES, type ReferralRow } from './api.ts';
import { DueTag } from './QueuesPage.tsx';

export function ReferralInboxPage() {
  const t = useT();
  const session = useSession();
  const [status, setStatus] = useState<'open' | 'done' | 'all'>('open');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const inbox = useApi<{ counts: { open: number; overdue: number }; rows: ReferralRow[] }>([REFERRALS, { status: status === 'all' ? undefined : status, ...page }],
    { placeholderData: (p) => p, refetchOnMount: 'always' });
  const department = session.me.user.department;
  const mine = (r: ReferralRow) => session.me.user.role === 'county_staff' && department === r.department;
  return (
    <Card className="referral-inbox" title={<Space wrap>{t('部门收件箱')}{department && <Tag>{department}</Tag>}
      <Badge count={inbox.data?.counts.open ?? 0} showZero color="blue" title={t('办理中')} />
      {!!inbox.data?.counts.overdue && <Tag color="red" className="overdue-count">{t('已逾期')} {inbox.data.counts.overdue}</Tag>}</Space>}>
      <Segmented value={status} onChange={(v) => { setStatus(v as typeof status); setPage({ ...page, page: 1 }); }} style={{ marginBottom: 12 }}
        options={[{ value: 'open', label: t('办理中') }, { value: 'done', label: t('已办结') }, { value: 'all', label: t('全部') }]} />
      <Table<ReferralRow> rowKey="id" size="middle" loading={inbox.isFetching} dataSource={inbox.data?.rows} scroll={{ x: 860 }}
        rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
        pagination={{ current: page.page, pageSize: page.pageSize, total: status === 'open' ? inbox.data?.counts.open : undefined, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('申请编号'), dataIndex: 'caseNumber', render: (n, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link> },
          { title: t('申请人'), dataIndex: 'applicantName' },
          { title: t('项目'), dataIndex: 'program', render: (p, r) => (p ? `${p}${r.programState ? `（${t(STATE_NAMES[r.programState] ?? r.programState)}）` : ''}` : t('整个案件')) },
          { title: t('部门'), dataIndex: 'department' },
          { title: t('转办事项'), dataIndex: 'note', render: (n) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n }} style={{ margin: 0, maxWidth: 260 }}>{n}</Typography.Paragraph> },
          { title: t('办理期限'), dataIndex: 'dueAt', render: (d, r) => (r.status === 'open' ? <DueTag dueAt={d} overdue={r.overdue} paused={!!r.pausedSince} escalation={r.escalation} /> : '—') },
          { title: t('结果'), render: (_, r) => (r.status === 'done' ? <span><Tag color="green">{t('已办结')}</Tag>{r.result}</span>
            : mine(r) ? <CompleteButton r={r} /> : <Tag color="blue">{t('办理中')}</Tag>) },
        ]} />
    </Card>
  );
}

/** 办结: the result goes back onto the case; a program the department decides needs approve or reject. */
function CompleteButton({ r }: { r: ReferralRow }) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  const decides = r.programState === 'referred';
  return (
    <ModalForm formRef={formRef} title={`${t('办结')} · ${r.caseNumber}`} width={520} modalProps={{ destroyOnHidden: true }}
      trigger={<Button type="primary" size="small" className="complete-referral">{t('办结')}</Button>}
      submitter={{ searchConfig: { submitText: t('办结'), resetText: t('取消') } }}
      onFinish={(v) => submit(`${REFERRALS}/${r.id}/result`, v, t('已办结'), () => Promise.all([invalidate(REFERRALS), invalidate('/api/cases')]))}>
      <Typography.Paragraph type="secondary">{r.note}</Typography.Paragraph>
      {decides && <ProFormRadio.Group name="decision" label={`${r.program}：${t('审批')}`} rules={[{ required: true, message: t('请选择批准或不予批准') }]}
        options={[{ value: 'approve', label: t('批准') }, { value: 'reject', label: t('不予批准') }]} />}
      {decides && <ProFormDigit name="amountYuan" label={t('金额（元，可不填）')} min={0.01} fieldProps={{ precision: 2 }} />}
      <ProFormTextArea name="result" label={t('办结结果')} rules={[{ required: true, whitespace: true, message: t('请填写办结结果') }]} fieldProps={{ rows: 3, maxLength: 2000 }} />
    </ModalForm>
  );
}
