/**
 * 一户一条帮扶链: one monitored (or warned) household on one page — its warnings (handled here), the
 * identification and risk-removal steps with the actions this user may take now (the server's engine
 * decides), the signed papers, the village notice, measures matched to the risk factors with their
 * results, cadres and visits, and the timeline of every event.
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Space, Steps, Table, Tag, Timeline, Upload } from 'antd';
import { PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { actorName } from '../labels.ts';
import { CHECKLIST_ITEMS as CHECK_NAMES, HOUSEHOLD_TYPES, MEASURE_KINDS, MEASURES_FOR_FACTOR, REPORT_CHANNELS, REPORT_KINDS, RISK_FACTORS, type RiskFactor } from '../../../src/monitoring/vocabulary.ts';
import { EVENT_LABELS, MON, uploadFile, type Cadre, type Chain, type Measure, type Procedure, type Warning } from './api.ts';
import { HandleWarning, LevelTag } from './MonitoringPage.tsx';

const STEPS = ['check', 'appraisal', 'notice', 'township_review', 'county_decision'];
const STEP_NAMES = ['入户核查', '民主评议', '公示', '乡镇初审', '县级审定'];
const ACTIONS: Record<string, string> = {
  complete_check: '完成入户核查', appraise: '完成民主评议并公示', close_notice: '结束公示', township_approve: '乡镇初审通过', decide: '县级审定', reject: '不予通过', withdraw: '撤回',
};
const PROGRAMS = ['低保', '特困', '临时救助', '医疗救助', '教育资助', '住房救助', '就业救助', '残疾人两项补贴'];

/** A button opening a small form; `submit` gets the values and returns when done. */
function FormButton({ label, title, children, submit, type, disabled, initial }: { label: string; title?: string; children?: ReactNode; submit: (v: Record<string, unknown>) => Promise<unknown>;
  type?: 'primary' | 'default'; disabled?: boolean; initial?: Record<string, unknown> }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const ok = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try { await submit(v); setOpen(false); message.success(t('已办理')); } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  return <>
    <Button type={type} disabled={disabled} onClick={() => setOpen(true)}>{label}</Button>
    <Modal title={title ?? label} open={open} onOk={ok} confirmLoading={busy} onCancel={() => setOpen(false)} okText={t('确定')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial}>{children}</Form>
    </Modal>
  </>;
}

const text = (name: string, label: string) => <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}><Input.TextArea rows={3} /></Form.Item>;
const dateItem = (name: string, label: string, required = true) => <Form.Item name={name} label={label} rules={required ? [{ required: true, message: `请填写${label}` }] : []}><Input type="date" /></Form.Item>;

function ProcedureCard({ p, chain }: { p: Procedure; chain: Chain }) {
  const t = useT();
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  const act = (action: string) => async (v: Record<string, unknown>) => { await post(`${MON}/procedures/${p.id}/actions/${action}`, { ...v, version: p.version }); invalidate(MON); };
  const current = STEPS.indexOf(p.state);
  const done = ['identified', 'removed'].includes(p.state);
  const forms: Record<string, ReactNode> = {
    complete_check: text('findings', t('入户核查情况')),
    appraise: text('appraisal', t('民主评议结果')),
    township_approve: text('opinion', t('乡镇初审意见')),
    reject: text('reason', t('理由')), withdraw: text('reason', t('撤回原因')),
    decide: p.purpose === 'identify' ? <>
      <Form.Item name="type" label={t('监测对象类别')} rules={[{ required: true, message: t('请选择类别') }]}><Select options={HOUSEHOLD_TYPES.map((t) => ({ value: t, label: t }))} /></Form.Item>
      <Form.Item name="riskFactors" label={t('风险因子')} rules={[{ required: true, message: t('请选择风险因子') }]}>
        <Checkbox.Group options={Object.entries(RISK_FACTORS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
    </> : <Alert type="info" message={t('经核查，风险已稳定消除')} />,
  };
  const upload = (kind: string, label: string) => (
    <Upload className={`upload-${kind}`} showUploadList={false} accept=".pdf,.jpg,.jpeg,.png" beforeUpload={(file) => {
      uploadFile(`${MON}/procedures/${p.id}/files?${new URLSearchParams({ kind, name: file.name })}`, file).then(() => { message.success(`已上传${label}`); invalidate(MON); }, (e: Error) => message.error(e.message));
      return false;
    }}><Button icon={<UploadOutlined />}>{label}</Button></Upload>
  );
  const notice = chain.notices.find((n) => n.id === p.noticeId);
  return (
    <Card size="small" className={`procedure procedure-${p.purpose}`} title={<Space>{p.purpose === 'identify' ? t('识别纳入') : t('风险消除')}<Tag color={done ? 'green' : p.state === 'rejected' || p.state === 'withdrawn' ? 'default' : 'blue'} className="procedure-state">{p.stateName}</Tag></Space>}
      extra={<span>首次发现 {p.clueOn}，识别期限 {p.dueOn}</span>}>
      <Steps size="small" current={done ? STEPS.length : current} status={p.state === 'rejected' ? 'error' : undefined} items={STEP_NAMES.map((title) => ({ title: t(title) }))} responsive />
      {p.purpose === 'identify' && (p.state === 'check' || p.files.length > 0) && <div style={{ marginTop: 12 }}>
        <Space wrap>
          {p.files.map((f) => <a key={f.id} href={`${MON}/files/${f.id}`}>{f.kind === 'authorization' ? t('授权书') : t('承诺书')}：{f.fileName}</a>)}
          {p.state === 'check' && upload('authorization', t('上传签字的授权书'))}
          {p.state === 'check' && upload('pledge', t('上传诚实守信承诺书'))}
        </Space>
      </div>}
      {notice && <p style={{ marginTop: 12 }}>{notice.title}：{notice.startDate} 至 {notice.endDate} <a href={`/api/workflow/notices/${notice.id}/print`} target="_blank" rel="noreferrer"><PrinterOutlined />{t('打印公示')}</a></p>}
      <Space wrap style={{ marginTop: 12 }}>
        {p.actions.map((a) => <FormButton key={a} label={a === 'decide' ? (p.purpose === 'identify' ? t('县级审定纳入监测') : t('县级审定消除风险')) : t(ACTIONS[a] ?? a)} type={['reject', 'withdraw'].includes(a) ? 'default' : 'primary'}
          submit={act(a)} initial={a === 'decide' ? { riskFactors: chain.proposedFactors } : undefined}>{forms[a]}</FormButton>)}
      </Space>
    </Card>
  );
}

function MeasuresCard({ chain }: { chain: Chain }) {
  const t = useT();
  const invalidate = useInvalidate();
  const session = useSession();
  const factors = (chain.monitoring?.riskFactors ?? []) as RiskFactor[];
  const [factor, setFactor] = useState<RiskFactor | undefined>(factors[0]);
  const [kind, setKind] = useState<string>();
  const monitored = chain.monitoring?.status === 'monitored';
  return (
    <Card size="small" title={t('帮扶措施')} extra={monitored && session.can('registry.write') && <FormButton label={t('落实帮扶措施')} type="primary" initial={{ riskFactor: factors[0] }}
      submit={async (v) => { await post(`${MON}/households/${chain.household.id}/measures`, v); invalidate(MON); }}>
      <Form.Item name="riskFactor" label={t('对应风险因子')} rules={[{ required: true, message: t('请选择风险因子') }]}>
        <Select onChange={setFactor} options={factors.map((f) => ({ value: f, label: RISK_FACTORS[f] }))} /></Form.Item>
      <Form.Item name="kind" label={t('措施类别')} rules={[{ required: true, message: t('请选择措施类别') }]}>
        <Select onChange={setKind} options={(factor ? MEASURES_FOR_FACTOR[factor] : []).map((k) => ({ value: k, label: MEASURE_KINDS[k] }))} /></Form.Item>
      {kind === 'social_assistance' && <Form.Item name="program" label={t('救助项目（转入救助申请办理）')} rules={[{ required: true, message: t('请选择救助项目') }]}><Select options={PROGRAMS.map((p) => ({ value: p, label: p }))} /></Form.Item>}
      {text('description', t('措施内容'))}
      {dateItem('startOn', t('开始日期'))}
    </FormButton>}>
      <Table<Measure> size="small" rowKey="id" pagination={false} dataSource={chain.measures} scroll={{ x: 600 }} columns={[
        { title: t('风险因子'), dataIndex: 'factorName' }, { title: t('措施'), dataIndex: 'kindName' }, { title: t('内容'), dataIndex: 'description',
          render: (d: string, m) => <>{d}{m.caseId && <> · <Link to={`/cases/${m.caseId}`}>{t('救助申请')}</Link></>}</> },
        { title: t('开始'), dataIndex: 'startOn' },
        { title: t('成效'), key: 'result', render: (_: unknown, m) => m.result ? `${m.result}（${m.resultOn}）` : session.can('registry.write') && <FormButton label={t('登记成效')}
          submit={async (v) => { await post(`${MON}/measures/${m.id}/result`, { ...v, version: m.version }); invalidate(MON); }}>
          {text('result', t('帮扶成效'))}{dateItem('resultOn', t('见效日期'))}
        </FormButton> },
      ]} />
    </Card>
  );
}

function CadresCard({ chain }: { chain: Chain }) {
  const t = useT();
  const cadres = useApi<{ rows: Cadre[] }>([`${MON}/cadres`]);
  const invalidate = useInvalidate();
  const session = useSession();
  const m = chain.monitoring!;
  const mine = (cadres.data?.rows ?? []).filter((c) => chain.household.areaCode.startsWith(c.areaCode));
  return (
    <Card size="small" title={t('帮扶干部与走访')} extra={<Space>
      {session.can('registry.write') && m.status === 'monitored' && <FormButton label={t('确定帮扶干部')} initial={{ monitoringCadreId: m.monitoringCadreId, pairedCadreId: m.pairedCadreId }}
        submit={async (v) => { await post(`${MON}/households/${chain.household.id}/cadres`, { monitoringCadreId: v.monitoringCadreId ?? null, pairedCadreId: v.pairedCadreId ?? null, version: m.version }); invalidate(MON); }}>
        <Form.Item name="monitoringCadreId" label={t('监测帮扶干部')}><Select allowClear options={mine.filter((c) => c.kind === 'monitoring').map((c) => ({ value: c.id, label: `${c.name}（${c.unit}）` }))} /></Form.Item>
        <Form.Item name="pairedCadreId" label={t('结对联系干部')}><Select allowClear options={mine.filter((c) => c.kind === 'paired').map((c) => ({ value: c.id, label: `${c.name}（${c.unit}）` }))} /></Form.Item>
      </FormButton>}
      {session.can('registry.write') && chain.cadres.length > 0 && <Link to={`/monitoring/households/${chain.household.id}/visit`}><Button type="primary">{t('登记走访')}</Button></Link>}
    </Space>}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        {chain.cadres.map((c) => <Descriptions.Item key={c.id} label={c.kind === 'monitoring' ? t('监测帮扶干部') : t('结对联系干部')}>{c.name}（{c.unit}）</Descriptions.Item>)}
      </Descriptions>
      <Table size="small" rowKey="id" pagination={false} dataSource={chain.visits} columns={[
        { title: t('日期'), dataIndex: 'visitedOn' }, { title: t('干部'), dataIndex: 'cadre' }, { title: t('方式'), dataIndex: 'mode', render: (x: string) => (x === 'visit' ? t('入户') : t('电话')) },
        { title: t('六看六查发现的问题'), dataIndex: 'checklist', render: (c: Visit['checklist']) => Object.entries(c).filter(([, x]) => !x.ok).map(([k, x]) => `${CHECK_NAMES[k] ?? k}${x.note ? `：${x.note}` : ''}`).join('；') || t('无') },
        { title: t('照片'), dataIndex: 'photos', render: (ps: { id: string }[]) => ps.map((p, i) => <a key={p.id} href={`${MON}/files/${p.id}`} style={{ marginRight: 6 }}>照片{i + 1}</a>) },
      ]} />
    </Card>
  );
}
type Visit = Chain['visits'][number];

function ReportButton({ chain }: { chain: Chain }) {
  const t = useT();
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  return <FormButton label={t('报告风险')} initial={{ channel: 'village' }} submit={async (v) => {
    const r = await post<{ warning: { level: string } | null; note: string | null }>(`${MON}/reports`, { ...v, householdId: chain.household.id });
    if (r.note) message.info(r.note);
    invalidate(MON);
  }}>
    <Form.Item name="channel" label={t('报告来源')}><Select options={Object.entries(REPORT_CHANNELS).map(([value, label]) => ({ value, label }))} /></Form.Item>
    <Form.Item name="kind" label={t('风险类别')} rules={[{ required: true, message: t('请选择风险类别') }]}><Select options={Object.entries(REPORT_KINDS).map(([value, label]) => ({ value, label }))} /></Form.Item>
    <Form.Item name="memberId" label={t('涉及成员')}><Select allowClear options={chain.members.filter((m) => m.status === 'active').map((m) => ({ value: m.id, label: m.name }))} /></Form.Item>
    <Form.Item name="amountYuan" label={t('金额（自付费用、损失，元）')}><InputNumber min={0.01} precision={2} style={{ width: '100%' }} /></Form.Item>
    {dateItem('occurredOn', t('发生日期'))}
    {text('description', t('情况说明'))}
  </FormButton>;
}

export function HouseholdChainPage() {
  const t = useT();
  const id = useParams().id!;
  const r = useApi<Chain>([MON, 'households', id]);
  const session = useSession();
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  if (r.error) return <Card><Empty description={r.error.message} /></Card>;
  const c = r.data;
  if (!c) return <Card loading />;
  const m = c.monitoring;
  const open = c.procedures.find((p) => !['identified', 'removed', 'rejected', 'withdrawn'].includes(p.state));
  const startRemoval = async () => {
    try { await post(`${MON}/households/${id}/removal`); invalidate(MON); message.success(t('已启动风险消除')); } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} className="chain-page">
      <Card title={<Space wrap>户主 {c.household.headName}
        {m ? (m.status === 'monitored' ? <Tag color="blue" className="monitoring-status">监测中 · {m.type}</Tag> : <Tag color="green" className="monitoring-status">已消除风险（{m.removedOn}）</Tag>) : <Tag>{t('未纳入监测')}</Tag>}</Space>}
        extra={<Space><Link to={`/households/${id}`}>{t('家庭档案')}</Link><Link to="/monitoring">{t('返回')}</Link></Space>}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('区域')}>{session.areaName(c.household.areaCode)}</Descriptions.Item>
          <Descriptions.Item label={t('年人均收入')}>{c.household.perCapitaYuan.toFixed(2)} 元</Descriptions.Item>
          <Descriptions.Item label={t('脱贫户')}>{c.household.registeredPoor ? t('是') : t('否')}</Descriptions.Item>
          {m && <Descriptions.Item label={t('风险因子')}>{m.riskFactors.map((f) => RISK_FACTORS[f as RiskFactor] ?? f).join('、')}</Descriptions.Item>}
          {m && <Descriptions.Item label={t('纳入日期')}>{m.identifiedOn}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title={t('预警')} extra={session.can('registry.write') && <ReportButton chain={c} />}>
        <Table<Warning> size="small" rowKey="id" pagination={false} dataSource={c.warnings} scroll={{ x: 600 }} columns={[
          { title: t('等级'), dataIndex: 'level', render: (l: string) => <LevelTag level={l} /> }, { title: t('规则'), dataIndex: 'ruleName' }, { title: t('情况'), dataIndex: 'message' },
          { title: t('日期'), dataIndex: 'raisedOn' },
          { title: t('处置'), key: 'h', render: (_: unknown, w) => (w.status === 'open' ? (session.can('registry.write') ? <HandleWarning w={w} /> : t('未处置')) : `${w.result === 'identify' ? t('启动识别纳入') : w.result === 'merged' ? t('并入帮扶') : t('核实无风险')}${w.resultNote ? `：${w.resultNote}` : ''}`) },
        ]} />
      </Card>
      {c.procedures.map((p) => <ProcedureCard key={p.id} p={p} chain={c} />)}
      {m && <MeasuresCard chain={c} />}
      {m?.status === 'monitored' && !open && c.removalProblems && <Card size="small" title={t('风险消除')}>
        {c.removalProblems.length ? <Alert type="warning" message={t('尚不符合风险消除条件')} description={<ul>{c.removalProblems.map((x) => <li key={x}>{x}</li>)}</ul>} />
          : <Alert type="success" message={t('已符合政策包规定的风险消除条件')} />}
        {session.can('registry.write') && <Button style={{ marginTop: 12 }} type="primary" disabled={c.removalProblems.length > 0} onClick={startRemoval}>{t('启动风险消除')}</Button>}
      </Card>}
      {m && <CadresCard chain={c} />}
      <Card size="small" title={t('时间线')}>
        <Timeline items={c.events.filter((e) => !e.action.startsWith('task.') || e.action === 'task.escalate').map((e) => ({
          children: <span>{new Date(e.at).toLocaleString('zh-CN')} · {actorName(e.actor)} · {EVENT_LABELS[e.action] ?? e.action}{e.reason ? `：${e.reason}` : ''}</span>,
        }))} />
      </Card>
    </Space>
  );
}
