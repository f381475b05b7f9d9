/**
 * Coverage gaps as work (issue 24, item 4): the households the engine finds eligible but that receive nothing
 * (应保未保) and the recipients it finds ineligible (待复核), in the user's area, with the reasons; a township or
 * county officer closes one (受理申请 / 发起复核 / 不属于, the last with a note); the county admin runs the
 * search again and sees what it found.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ModalForm, ProFormRadio, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { Link } from 'react-router';
import { useApi, useInvalidate } from '../query.ts';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { yuan, dateTime } from '../format.ts';
import { useSubmit } from '../cases/ActionForms.tsx';
import { GAP_KINDS, GAP_OUTCOMES, SUP, type Gap, type GapKind } from './api.ts';

export function GapsView({ area }: { area?: string }) {
  const t = useT();
  const session = useSession();
  const [kind, setKind] = useState<GapKind>('unserved');
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const q = useApi<{ rows: Gap[]; total: number }>([`${SUP}/gaps`, { kind, area, status }]);
  const { role, areaCode } = session.me.user;
  const closes = session.can('registry.write') && areaCode.length <= 9;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="sup-gaps">
      {role === 'county_admin' && <RunGaps />}
      <Card size="small" title={t('应保未保/待复核')}
        extra={<Typography.Text type="secondary">{`${t('共')} ${q.data?.total ?? 0} ${t('条')} · ${t('姓名已脱敏')}`}</Typography.Text>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented value={kind} onChange={(v) => setKind(v as GapKind)} className="sup-gap-kind"
            options={(Object.keys(GAP_KINDS) as GapKind[]).map((k) => ({ value: k, label: t(GAP_KINDS[k]) }))} />
          <Segmented value={status} onChange={(v) => setStatus(v as 'open' | 'closed')} className="sup-gap-status"
            options={[{ value: 'open', label: t('待处理') }, { value: 'closed', label: t('已处理') }]} />
        </Space>
        {q.error ? <Alert type="error" message={q.error.message} /> : (
          <Table<Gap> size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 1000 }} className="sup-gaps-table"
            columns={[
              { title: t('姓名'), dataIndex: 'name', render: (v: string, g) => <Link to={`/households/${g.householdId}`}>{v}</Link> },
              { title: t('户编号'), dataIndex: 'householdNo' },
              { title: t('乡镇'), dataIndex: 'township' },
              { title: t('村（社区）'), dataIndex: 'village' },
              { title: t('项目'), dataIndex: 'program' },
              { title: t('原因'), dataIndex: 'reasons', render: (r: string[]) => <ul style={{ margin: 0, paddingInlineStart: 16 }}>{r.map((x) => <li key={x}>{x}</li>)}</ul> },
              ...(kind === 'unserved' ? [{ title: t('应发（元/月）'), dataIndex: 'amountFen', render: (v: number | null | undefined) => yuan(v) }] : []),
              { title: t('发现时间'), dataIndex: 'foundAt', render: (v: string) => (v.length > 10 ? dateTime(v) : v) },
              ...(status === 'closed' ? [{ title: t('处理结果'), dataIndex: 'outcome', render: (v: string | null | undefined, g: Gap) => (
                <Space direction="vertical" size={0}>{v ? <Tag>{t(GAP_OUTCOMES[v] ?? v)}</Tag> : '—'}{g.note && <Typography.Text type="secondary">{g.note}</Typography.Text>}</Space>) }] : []),
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
  const outcomes = gap.kind === 'unserved' ? ['case_opened', 'not_a_gap'] : ['review_opened', 'not_a_gap'];
  return (
    <ModalForm formRef={formRef} title={`${t('处理')} · ${gap.name} · ${gap.program}`} width={480} modalProps={{ destroyOnHidden: true, className: 'sup-close-gap-modal' }}
      submitter={{ searchConfig: { submitText: t('保存'), resetText: t('取消') } }}
      trigger={<Button size="small" className="sup-close-gap">{t('处理')}</Button>}
      onFinish={(v) => submit(`${SUP}/gaps/${gap.id}/close`, { outcome: v.outcome, note: v.note ?? '' }, t('已处理'), () => Promise.all([invalidate(`${SUP}/gaps`), invalidate('/api/workbench')]))}>
      <ProFormRadio.Group name="outcome" label={t('处理结果')} rules={[{ required: true, message: t('请选择处理结果') }]}
        options={outcomes.map((o) => ({ value: o, label: t(GAP_OUTCOMES[o]) }))} />
      <ProFormTextArea name="note" label={t('说明')} dependencies={['outcome']} fieldProps={{ rows: 3, maxLength: 2000 }}
        rules={[({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({ required: getFieldValue('outcome') === 'not_a_gap', whitespace: true, message: t('经核实不属于的，请填写说明') })]} />
    </ModalForm>
  );
}

/** The county admin's 重新排查: the search over the registry again, its progress while it runs and what it found. */
function RunGaps() {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      const r = await post<Record<string, unknown>>(`${SUP}/gaps/run`, {});
      setResult(r);
      message.success(t('排查完成'));
      await Promise.all([invalidate(`${SUP}/gaps`), invalidate('/api/workbench')]);
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  return (
    <Card size="small" className="sup-gaps-run">
      <Space wrap>
        <Button type="primary" loading={busy} onClick={run} className="sup-run-gaps">{t('重新排查')}</Button>
        <Typography.Text type="secondary">{busy ? t('正在按现行政策包评估全部在册家庭…') : t('按现行政策包评估全部在册家庭，找出应保未保和需复核的对象')}</Typography.Text>
      </Space>
      {result && <Alert style={{ marginTop: 8 }} type="success" className="sup-run-result" message={JSON.stringify(result)} />}
    </Card>
  );
}
