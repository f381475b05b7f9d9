/**
 * 防返贫监测 (issue 9): warnings by level and area (handled one by one, the result registered),
 * monitored households and the identifications and removals in progress, visit compliance with the
 * cadres, supervision (通报批评 and 约谈), and the dashboard (Dashboard.tsx, loaded on its own).
 */
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { post } from '../api.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { HOUSEHOLD_TYPES, LEVELS, RISK_FACTORS, RULES, type RiskFactor } from '../../../src/monitoring/vocabulary.ts';
import { readableSources } from '../../../src/policy/citations.ts';
import { LEVEL_COLORS, MON, type Cadre, type Warning } from './api.ts';

const Dashboard = lazy(() => import('./Dashboard.tsx').then((m) => ({ default: m.Dashboard })));
const RESULTS = { identify: '启动识别纳入', merged: '已是监测对象，并入帮扶', dismissed: '核实无风险' };

export function LevelTag({ level }: { level: string }) {
  const t = useT();
  return <Tag color={LEVEL_COLORS[level]} className={`level-${level}`}>{LEVELS[level as keyof typeof LEVELS] ?? level}预警</Tag>;
}

export function HandleWarning({ w, onDone }: { w: Warning; onDone?: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(`${MON}/warnings/${w.id}/handle`, { ...v, version: w.version });
      message.success(t('已登记处置结果'));
      setOpen(false);
      invalidate(MON);
      onDone?.();
    } catch (e) { message.error((e as Error).message); }
  };
  return <>
    <Button size="small" type="primary" onClick={() => setOpen(true)}>{t('处置')}</Button>
    <Modal title={t('处置预警')} open={open} onOk={submit} onCancel={() => setOpen(false)} okText={t('登记结果')} destroyOnHidden>
      <p>{w.message}</p>
      {/* No result is preselected: 启动识别纳入 starts a procedure, so it is chosen on purpose, after the on-site check is written down. */}
      <Form form={form} layout="vertical">
        <Form.Item name="result" label={t('处置结果')} rules={[{ required: true, message: '请选择处置结果' }]}><Radio.Group options={Object.entries(RESULTS).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="note" label={t('核实情况')} rules={[{ required: true, whitespace: true, message: '请填写核实情况（实地核查的结果）' }]}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  </>;
}

function WarningsTab() {
  const t = useT();
  const [level, setLevel] = useState<string>();
  const [status, setStatus] = useState<string | undefined>('open');
  const [area, setArea] = useState<string>();
  const [page, setPage] = useState(1);
  const r = useApi<{ total: number; rows: Warning[]; counts: { level: string; open: number; handled: number }[] }>([`${MON}/warnings`, { level, status, area, page, pageSize: 20 }]);
  const session = useSession();
  const navigate = useNavigate();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Row gutter={12}>{(r.data?.counts ?? []).map((c) => <Col key={c.level} xs={8}><Card size="small"><Statistic title={<LevelTag level={c.level} />} value={c.open} suffix={`/ 已处置 ${c.handled}`} /></Card></Col>)}</Row>
      <Space wrap>
        <Select allowClear placeholder={t('预警等级')} style={{ width: 120 }} value={level} onChange={(v) => { setLevel(v); setPage(1); }} options={Object.entries(LEVELS).map(([value, label]) => ({ value, label }))} />
        <Select allowClear placeholder={t('状态')} style={{ width: 120 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} options={[{ value: 'open', label: t('未处置') }, { value: 'handled', label: t('已处置') }]} />
        <AreaSelect value={area} onChange={(v) => { setArea(v); setPage(1); }} placeholder={t('区域')} />
      </Space>
      {r.error && <Alert type="error" message={r.error.message} />}
      <Table<Warning> size="small" rowKey="id" loading={r.isLoading} dataSource={r.data?.rows} scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 20, total: r.data?.total, onChange: setPage, showSizeChanger: false }}
        onRow={(w) => ({ onDoubleClick: () => navigate(`/monitoring/households/${w.householdId}`) })}
        columns={[
          { title: t('等级'), dataIndex: 'level', render: (l: string) => <LevelTag level={l} /> },
          { title: t('户主'), dataIndex: 'headName', render: (n: string, w) => <Link to={`/monitoring/households/${w.householdId}`}>{n}</Link> },
          { title: t('区域'), dataIndex: 'areaCode', render: (c: string) => session.areaName(c) },
          { title: t('预警规则'), dataIndex: 'ruleName' },
          { title: t('情况'), dataIndex: 'message' },
          { title: t('预警日期'), dataIndex: 'raisedOn' },
          { title: t('办理期限'), dataIndex: 'dueOn', render: (d: string, w) => w.overdue ? <Tag color="red">{d} 已逾期</Tag> : d },
          { title: t('处置'), key: 'handle', render: (_: unknown, w) => w.status === 'open'
            ? (session.can('registry.write') ? <HandleWarning w={w} /> : t('未处置'))
            : <span>{t(RESULTS[w.result as keyof typeof RESULTS] ?? w.result)}{w.resultNote ? `：${w.resultNote}` : ''}</span> },
        ]} />
    </Space>
  );
}

interface Monitored { householdId: string; areaCode: string; headName: string; type: string; riskFactors: string[]; status: string; identifiedOn: string; removedOn: string | null }
function HouseholdsTab() {
  const t = useT();
  const [status, setStatus] = useState<string | undefined>('monitored');
  const [type, setType] = useState<string>();
  const [page, setPage] = useState(1);
  const session = useSession();
  const r = useApi<{ total: number; rows: Monitored[]; procedures: { id: string; householdId: string; areaCode: string; purpose: string; stateName: string; dueOn: string; headName: string }[] }>(
    [`${MON}/households`, { status, type, page, pageSize: 20 }]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('正在办理的识别纳入、风险消除')}>
        <Table size="small" rowKey="id" dataSource={r.data?.procedures} pagination={false} columns={[
          { title: t('户主'), dataIndex: 'headName', render: (n: string, p) => <Link to={`/monitoring/households/${p.householdId}`}>{n}</Link> },
          { title: t('区域'), dataIndex: 'areaCode', render: (c: string) => session.areaName(c) },
          { title: t('程序'), dataIndex: 'purpose', render: (p: string) => (p === 'identify' ? t('识别纳入') : t('风险消除')) },
          { title: t('当前环节'), dataIndex: 'stateName' }, { title: t('识别期限'), dataIndex: 'dueOn' },
        ]} />
      </Card>
      <Space wrap>
        <Select allowClear placeholder={t('状态')} style={{ width: 140 }} value={status} onChange={setStatus} options={[{ value: 'monitored', label: t('监测中') }, { value: 'removed', label: t('已消除风险') }]} />
        <Select allowClear placeholder={t('类别')} style={{ width: 160 }} value={type} onChange={setType} options={HOUSEHOLD_TYPES.map((t) => ({ value: t, label: t }))} />
      </Space>
      <Table<Monitored> size="small" rowKey="householdId" loading={r.isLoading} dataSource={r.data?.rows} pagination={{ current: page, pageSize: 20, total: r.data?.total, onChange: setPage }} columns={[
        { title: t('户主'), dataIndex: 'headName', render: (n: string, m) => <Link to={`/monitoring/households/${m.householdId}`}>{n}</Link> },
        { title: t('区域'), dataIndex: 'areaCode', render: (c: string) => session.areaName(c) },
        { title: t('类别'), dataIndex: 'type' }, { title: t('风险因子'), dataIndex: 'riskFactors', render: (f: string[]) => f.map((x) => RISK_FACTORS[x as RiskFactor] ?? x).join('、') },
        { title: t('状态'), dataIndex: 'status', render: (s: string) => (s === 'monitored' ? <Tag color="blue">{t('监测中')}</Tag> : <Tag color="green">{t('已消除风险')}</Tag>) },
        { title: t('纳入日期'), dataIndex: 'identifiedOn' },
      ]} />
    </Space>
  );
}

interface ComplianceRow { householdId: string; areaCode: string; headName: string; cadre: string; kind: string; status: string; completed: number; met: number; lastVisit: string | null; windowEnds: string }
interface Group { key: string; households: number; overdue: number; due: number; ok: number; cadre?: string }
const STATUS = { ok: <Tag color="green">本期已走访</Tag>, due: <Tag>本期待走访</Tag>, overdue: <Tag color="red">逾期未走访</Tag> } as Record<string, React.ReactElement>;

function CadresTab() {
  const t = useT();
  const session = useSession();
  const r = useApi<{ rows: ComplianceRow[]; byCadre: Group[]; byVillage: Group[]; byTownship: Group[]; unassigned: { householdId: string; headName: string; missing: string[] }[] }>([`${MON}/compliance`]);
  const cadres = useApi<{ rows: Cadre[] }>([`${MON}/cadres`]);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const add = async () => {
    const v = await form.validateFields();
    try { await post(`${MON}/cadres`, v); message.success(t('已登记')); form.resetFields(); invalidate(`${MON}/cadres`); } catch (e) { message.error((e as Error).message); }
  };
  const groupCols = (title: string, render?: (k: string, g: Group) => React.ReactNode) => [
    { title, dataIndex: 'key', render: render ?? ((k: string) => session.areaName(k)) }, { title: t('户次'), dataIndex: 'households' },
    { title: t('逾期'), dataIndex: 'overdue', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) }, { title: t('本期待走访'), dataIndex: 'due' }, { title: t('本期已走访'), dataIndex: 'ok' },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" message={`监测帮扶干部每月入户走访不少于 1 次，结对联系干部每两月联系不少于 1 次，每次开展“六看六查”（${readableSources('001:L876')}；周期见政策包的走访参数）`} />
      <Row gutter={12}>
        <Col xs={24} md={8}><Card size="small" title={t('按乡镇')}><Table size="small" rowKey="key" pagination={false} dataSource={r.data?.byTownship} columns={groupCols(t('乡镇'))} /></Card></Col>
        <Col xs={24} md={8}><Card size="small" title={t('按村')}><Table size="small" rowKey="key" pagination={false} dataSource={r.data?.byVillage} columns={groupCols(t('村（社区）'))} /></Card></Col>
        <Col xs={24} md={8}><Card size="small" title={t('按干部')}><Table size="small" rowKey="key" pagination={false} dataSource={r.data?.byCadre} columns={groupCols(t('干部'), (_k, g) => g.cadre)} /></Card></Col>
      </Row>
      <Card size="small" title={t('每户走访情况')}>
        <Table<ComplianceRow> size="small" rowKey={(x) => `${x.householdId}-${x.kind}`} dataSource={r.data?.rows} scroll={{ x: 700 }} columns={[
          { title: t('户主'), dataIndex: 'headName', render: (n: string, x) => <Link to={`/monitoring/households/${x.householdId}`}>{n}</Link> },
          { title: t('区域'), dataIndex: 'areaCode', render: (c: string) => session.areaName(c) },
          { title: t('干部'), dataIndex: 'cadre', render: (c: string, x) => `${c}（${x.kind === 'monitoring' ? t('监测帮扶') : t('结对联系')}）` },
          { title: t('状态'), dataIndex: 'status', render: (s: string) => STATUS[s] }, { title: t('达标周期'), key: 'rate', render: (_: unknown, x) => `${x.met}/${x.completed}` },
          { title: t('最近走访'), dataIndex: 'lastVisit' }, { title: t('本期截止'), dataIndex: 'windowEnds' },
        ]} />
        {!!r.data?.unassigned.length && <Alert type="warning" message={`${r.data.unassigned.length} 户尚未确定帮扶干部`} />}
      </Card>
      <Card size="small" title={t('帮扶干部')}>
        <Table<Cadre> size="small" rowKey="id" pagination={false} dataSource={cadres.data?.rows} columns={[
          { title: t('姓名'), dataIndex: 'name' }, { title: t('类别'), dataIndex: 'kind', render: (k: string) => (k === 'monitoring' ? t('监测帮扶干部') : t('结对联系干部')) },
          { title: t('单位'), dataIndex: 'unit' }, { title: t('负责区域'), dataIndex: 'areaCode', render: (c: string) => session.areaName(c) },
        ]} />
        {session.can('registry.write') && <Form form={form} layout="inline" style={{ marginTop: 12 }} initialValues={{ kind: 'monitoring', areaCode: session.me.user.areaCode.slice(0, 9).length === 9 ? session.me.user.areaCode.slice(0, 9) : undefined }}>
          <Form.Item name="name" rules={[{ required: true, message: t('请填写姓名') }]}><Input placeholder={t('姓名')} /></Form.Item>
          <Form.Item name="kind"><Select style={{ width: 140 }} options={[{ value: 'monitoring', label: t('监测帮扶干部') }, { value: 'paired', label: t('结对联系干部') }]} /></Form.Item>
          <Form.Item name="unit"><Input placeholder={t('单位')} /></Form.Item>
          <Form.Item name="areaCode" rules={[{ required: true, message: t('请选择负责区域') }]}><AreaSelect placeholder={t('负责乡镇或村')} /></Form.Item>
          <Button onClick={add}>{t('登记干部')}</Button>
        </Form>}
      </Card>
    </Space>
  );
}

interface Supervision { rounds: { id: number; name: string; heldOn: string }[]; criticisms: { id: number; roundId: number; areaCode: string; reason: string }[]; rule: { consecutive: number; total: number };
  flags: { areaCode: string; name: string; level: string; criticisms: number; consecutive: number; due: boolean; reason: string | null }[] }
function SupervisionTab() {
  const t = useT();
  const r = useApi<Supervision>([`${MON}/supervision`]);
  const session = useSession();
  const county = session.me.user.areaCode.length === 6 && session.can('registry.write');
  const [round] = Form.useForm();
  const [crit] = Form.useForm();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const send = async (url: string, form: typeof round) => {
    const v = await form.validateFields();
    try { await post(url, v); message.success(t('已登记')); form.resetFields(); invalidate(`${MON}/supervision`); } catch (e) { message.error((e as Error).message); }
  };
  const rounds = new Map((r.data?.rounds ?? []).map((x) => [x.id, x]));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" message={`乡镇、村（社区）在督查考评中连续 ${r.data?.rule.consecutive ?? 2} 次或累计 ${r.data?.rule.total ?? 3} 次被通报批评的，予以约谈（${readableSources('001:L886-888')}）`} />
      <Table size="small" rowKey="areaCode" pagination={false} dataSource={r.data?.flags} columns={[
        { title: t('单位'), dataIndex: 'name' }, { title: t('层级'), dataIndex: 'level', render: (l: string) => (l === 'township' ? t('乡镇') : t('村（社区）')) },
        { title: t('被通报次数'), dataIndex: 'criticisms' }, { title: t('最多连续'), dataIndex: 'consecutive' },
        { title: t('约谈'), dataIndex: 'due', render: (d: boolean, f) => (d ? <Tag color="red" className="interview-due">应约谈：{f.reason}</Tag> : '—') },
      ]} />
      <Card size="small" title={t('通报批评记录')}>
        <Table size="small" rowKey="id" pagination={false} dataSource={r.data?.criticisms} columns={[
          { title: t('督查考评'), dataIndex: 'roundId', render: (id: number) => `${rounds.get(id)?.name ?? id}（${rounds.get(id)?.heldOn ?? ''}）` },
          { title: t('被通报单位'), dataIndex: 'areaCode', render: (c: string) => session.areaName(c) }, { title: t('事由'), dataIndex: 'reason' },
        ]} />
      </Card>
      {county && <Card size="small" title={t('登记')}>
        <Form form={round} layout="inline">
          <Form.Item name="name" rules={[{ required: true, message: t('请填写名称') }]}><Input placeholder={t('督查考评名称')} /></Form.Item>
          <Form.Item name="heldOn" rules={[{ required: true, message: t('请填写日期') }]}><Input placeholder={t('日期 YYYY-MM-DD')} /></Form.Item>
          <Button onClick={() => send(`${MON}/rounds`, round)}>{t('登记督查考评')}</Button>
        </Form>
        <Form form={crit} layout="inline" style={{ marginTop: 12 }}>
          <Form.Item name="roundId" rules={[{ required: true, message: t('请选择督查考评') }]}><Select style={{ width: 220 }} placeholder={t('督查考评')} options={(r.data?.rounds ?? []).map((x) => ({ value: x.id, label: x.name }))} /></Form.Item>
          <Form.Item name="areaCode" rules={[{ required: true, message: t('请选择被通报单位') }]}><AreaSelect placeholder={t('被通报的乡镇或村')} /></Form.Item>
          <Form.Item name="reason" rules={[{ required: true, message: t('请填写事由') }]}><Input placeholder={t('通报事由')} /></Form.Item>
          <Button onClick={() => send(`${MON}/criticisms`, crit)}>{t('登记通报批评')}</Button>
        </Form>
      </Card>}
    </Space>
  );
}

export function MonitoringPage() {
  const t = useT();
  const [tab, setTab] = useState('warnings');
  return (
    <Card title={t('防返贫动态监测帮扶')}>
      <Tabs activeKey={tab} onChange={setTab} destroyOnHidden items={[
        { key: 'warnings', label: t('监测预警'), children: <WarningsTab /> },
        { key: 'households', label: t('监测对象'), children: <HouseholdsTab /> },
        { key: 'cadres', label: t('帮扶干部与走访'), children: <CadresTab /> },
        { key: 'supervision', label: t('督查约谈'), children: <SupervisionTab /> },
        { key: 'dashboard', label: t('监测看板'), children: <Suspense fallback={<Card loading />}><Dashboard /></Suspense> },
      ]} />
    </Card>
  );
}

export { RULES };
