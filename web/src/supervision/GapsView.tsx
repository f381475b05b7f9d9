/**
 * Coverage gaps as work (issue 24, item 4): the households the engine finds eligible but that receive nothing
 * (应保未保) and the recipients it finds ineligible (待复核), in the user's area, with the reasons; a township or
 * county officer closes one (受理申请 / 发起复核 / 不属于, the last with a note); the county admin runs the
 * search again and sees what it found.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Progress, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ModalForm, ProFormRadio, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { Link } from 'react-router';
import { useApi, useInvalidate } from '../query.ts';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { yuan, dateTime } from '../format.ts';
import { useSubmit } from '../cases/ActionForms.tsx';
import { GAP_KINDS, GAP_OUTCOMES, OUTCOME_FITS, SUP, type Gap, type GapKind, type GapRunJob } from './api.ts';

export function GapsView({ area }: { area?: string }) {
  const t = useT();
  const session = useSession();
  const [kind, setKind] = useState<GapKind>('unserved');
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const q = useApi<{ rows: Gap[]; total: number }>([`${SUP}/gaps`, { kind, area, status, page, pageSize }], { placeholderData: (prev) => prev });
  const { role, areaCode } = session.me.user;
  const closes = session.can('registry.write') && areaCode.length <= 9;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="sup-gaps">
      {role === 'county_admin' && <RunGaps area={area} />}
      <Card size="small" title={t('应保未保/待复核')}
        extra={<Typography.Text type="secondary">{`${t('共')} ${q.data?.total ?? 0} ${t('条')} · ${t('姓名已脱敏')}`}</Typography.Text>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented value={kind} onChange={(v) => { setKind(v as GapKind); setPage(1); }} className="sup-gap-kind"
            options={(Object.keys(GAP_KINDS) as GapKind[]).map((k) => ({ value: k, label: t(GAP_KINDS[k]) }))} />
          <Segmented value={status} onChange={(v) => { setStatus(v as 'open' | 'closed'); setPage(1); }} className="sup-gap-status"
            options={[{ value: 'open', label: t('待处理') }, { value: 'closed', label: t('已办结') }]} />
        </Space>
        {q.error ? <Alert type="error" message={q.error.message} /> : (
          <Table<Gap> size="small" rowKey="id" loading={q.isFetching} dataSource={q.data?.rows ?? []} scroll={{ x: 1000 }} className="sup-gaps-table"
            pagination={{ current: page, pageSize, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (p, size) => { setPage(size !== pageSize ? 1 : p); setPageSize(size); } }}
            columns={[
              { title: t('姓名'), dataIndex: 'name', render: (v: string, g) => <Link to={`/households/${g.householdId}`}>{v}</Link> },
              { title: t('户编号'), dataIndex: 'householdNo', render: (v: string | null) => v ?? '—' },
              { title: t('乡镇'), dataIndex: 'township' },
              { title: t('村（社区）'), dataIndex: 'village' },
              { title: t('项目'), dataIndex: 'program' },
              { title: t('原因'), dataIndex: 'reasons', render: (r: string[]) => <ul style={{ margin: 0, paddingInlineStart: 16 }}>{r.map((x) => <li key={x}>{x}</li>)}</ul> },
              ...(kind === 'unserved' ? [{ title: t('应发（元/月）'), dataIndex: 'amountFen', render: (v: number | null | undefined) => yuan(v) }] : []),
              { title: t('发现日期'), dataIndex: 'foundOn' },
              ...(status === 'closed' ? [{ title: t('处理结果'), dataIndex: 'outcome', render: (v: string | null, g: Gap) => (
                <Space direction="vertical" size={0}>{v ? <Tag>{t(g.outcomeLabel ?? v)}</Tag> : '—'}{g.note && <Typography.Text type="secondary">{g.note}</Typography.Text>}{g.closedAt && <Typography.Text type="secondary">{`${g.closedBy ?? ''} ${dateTime(g.closedAt)}`}</Typography.Text>}</Space>) }] : []),
              ...(closes && status === 'open' ? [{ title: t('操作'), render: (_: unknown, g: Gap) => <CloseGap gap={g} /> }] : []),
            ]} />
        )}
      </Card>
    </Space>
  );
}

function CloseGap({ gap }: { gap: Gap }) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  const outcomes = (Object.keys(OUTCOME_FITS) as (keyof typeof OUTCOME_FITS)[]).filter((o) => OUTCOME_FITS[o].includes(gap.kind));
  return (
    <ModalForm formRef={formRef} title={`${t('处理')} · ${gap.name} · ${gap.program}`} width={480} modalProps={{ destroyOnHidden: true, className: 'sup-close-gap-modal' }}
      submitter={{ searchConfig: { submitText: t('保存'), resetText: t('取消') } }}
      trigger={<Button size="small" className="sup-close-gap">{t('处理')}</Button>}
      onFinish={(v) => submit(`${SUP}/gaps/${gap.id}/close`, { outcome: v.outcome, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }, t('已办结'), () => Promise.all([invalidate(`${SUP}/gaps`), invalidate('/api/workbench')]))}>
      <ProFormRadio.Group name="outcome" label={t('处理结果')} rules={[{ required: true, message: t('请选择处理结果') }]}
        options={outcomes.map((o) => ({ value: o, label: t(GAP_OUTCOMES[o]) }))} />
      <ProFormTextArea name="note" label={t('说明')} dependencies={['outcome']} fieldProps={{ rows: 3, maxLength: 500 }}
        rules={[({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({ required: getFieldValue('outcome') === 'not_a_gap', whitespace: true, message: t('经核实不属于的，请填写核实情况') })]} />
    </ModalForm>
  );
}

/** The county admin's 重新排查: the search over the registry of the chosen area as a background job, its progress, then what it found. */
function RunGaps({ area }: { area?: string }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const job = useApi<GapRunJob>([`${SUP}/gaps/runs`, jobId ?? ''], {
    enabled: !!jobId, staleTime: Infinity, refetchInterval: (q) => (q.state.data?.status === 'running' ? 700 : false),
  }).data;
  const running = starting || job?.status === 'running';
  const status = job?.status;
  useEffect(() => {
    if (status === 'done') { message.success(t('排查完成')); void invalidate(`${SUP}/gaps`); void invalidate('/api/workbench'); }
  }, [status, jobId]); // eslint-disable-line react-hooks/exhaustive-deps
  const run = async () => {
    setStarting(true);
    try {
      const j = await post<GapRunJob>(`${SUP}/gaps/run`, area ? { area } : {});
      setJobId(j.id);
    } catch (e) { message.error((e as Error).message); } finally { setStarting(false); }
  };
  const r = job?.result;
  return (
    <Card size="small" className="sup-gaps-run">
      <Space wrap>
        <Button type="primary" loading={running} onClick={run} className="sup-run-gaps">{t('重新排查')}</Button>
        <Typography.Text type="secondary">{t('按现行政策包评估在册家庭，找出应保未保和需复核的对象')}</Typography.Text>
      </Space>
      {job?.status === 'running' && <Progress className="sup-run-progress" percent={job.total ? Math.floor((job.done / job.total) * 100) : 0}
        format={() => `${job.done} / ${job.total} ${t('户')}`} status="active" />}
      {job?.status === 'failed' && <Alert style={{ marginTop: 8 }} type="error" message={job.error} />}
      {r && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} className="sup-run-result" style={{ marginTop: 8 }} items={[
          { label: t('评估户数'), children: r.households },
          { label: t(GAP_KINDS.unserved), children: r.found.unserved },
          { label: t(GAP_KINDS.review), children: r.found.review },
          { label: t('新增线索'), children: r.opened },
          { label: t('保留原线索'), children: r.kept },
          { label: t(GAP_OUTCOMES.gone), children: r.gone },
          ...(r.errors ? [{ label: t('无法评估'), children: r.errors }] : []),
        ]} />
      )}
    </Card>
  );
}
