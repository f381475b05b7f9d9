/**
 * 资金发放: the monthly payroll. A county officer prepares (or re-prepares) a month, checks the
 * differences from last month and the households needing review, and a second county officer
 * approves it (the server refuses the preparer); a prepared month not yet approved can be withdrawn
 * (撤回, with a reason). An approved month gives the bank file (每次下载留存 SHA-256) and takes the
 * bank's return file; failed payments are paid again next month.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Popconfirm, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { CheckOutlined, DownloadOutlined, ReloadOutlined, RollbackOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { ModalForm, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import dayjs from 'dayjs';
import { ApiError, getCsrfToken, post } from '../api.ts';
import { useSubmit } from '../cases/ActionForms.tsx';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';

interface PayrollRow { id: string; month: string; areaCode: string; status: 'prepared' | 'approved'; preparedBy: string; preparedVia: string; approvedBy: string | null; lines: number; totalYuan: number; backPayYuan: number }
interface Line { id: number; householdId: string; householdNo: string; headName: string | null; township: string; village: string; program: string; period: string; kind: 'regular' | 'back' | 'repay'; amountYuan: number; bankStatus: string; failureReason: string | null; accountName: string; bankName: string; accountNo: string; idNumber: string }
interface Review { householdNo: string; householdId: string; program: string; month: string; reason: string }
interface Recovery { id: string; householdNo: string; householdId: string; program: string; period: string; paidYuan: number; computedYuan: number; recoveryYuan: number; status: string }
interface MonthView {
  payroll: { month: string; status: 'prepared' | 'approved'; preparedBy: string; preparedVia: string; preparedAt: string; approvedBy: string | null; approvedAt: string | null };
  summary: { households: number; lines: number; totalYuan: number; byProgram: Record<string, number>; backPayYuan: number; recoveries: Recovery[]; needsReview: Review[] };
  canApprove: boolean; total: number; rows: Line[];
}
interface Diff { householdId: string; householdNo: string; headName: string; township: string; program: string; previousYuan: number | null; currentYuan: number | null; change: 'new' | 'stopped' | 'changed' }

const KIND: Record<string, { label: string; color: string }> = { regular: { label: '正常', color: 'default' }, back: { label: '补发', color: 'orange' }, repay: { label: '重发', color: 'blue' } };
const BANK: Record<string, { label: string; color: string }> = { pending: { label: '待回盘', color: 'default' }, paid: { label: '成功', color: 'green' }, failed: { label: '失败', color: 'red' } };
const yuan = (v: number | null) => (v === null ? '—' : v.toFixed(2));

export function PayrollPage() {
  const t = useT();
  const session = useSession();
  const manage = session.can('payroll.manage');
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const list = useApi<{ rows: PayrollRow[] }>(['/api/payroll']);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('资金发放（月度名册）')} extra={<DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} aria-label={t('月份')} />}>
        <Table<PayrollRow> size="small" rowKey="id" dataSource={list.data?.rows ?? []} loading={list.isLoading} pagination={{ pageSize: 6 }}
          onRow={(r) => ({ onClick: () => setMonth(r.month), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('月份'), dataIndex: 'month', render: (m: string) => (m === month ? <b>{m}</b> : m) },
            { title: t('状态'), dataIndex: 'status', render: (s: string) => (s === 'approved' ? <Tag color="green">{t('已审批')}</Tag> : <Tag color="gold">{t('待审批')}</Tag>) },
            { title: t('笔数'), dataIndex: 'lines' }, { title: t('金额（元）'), dataIndex: 'totalYuan', render: yuan }, { title: t('其中补发'), dataIndex: 'backPayYuan', render: yuan },
            { title: t('生成人'), dataIndex: 'preparedBy' }, { title: t('审批人'), dataIndex: 'approvedBy', render: (v: string | null) => v ?? '—' },
          ]} />
      </Card>
      <MonthPanel month={month} manage={manage} />
    </Space>
  );
}

function MonthPanel({ month, manage }: { month: string; manage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const session = useSession();
  const [page, setPage] = useState(1);
  // Account numbers come masked (last 4 digits); a role with reveal may ask for them whole, which the server audits.
  const [reveal, setReveal] = useState(false);
  const view = useApi<MonthView>(['/api/payroll', month, { page, pageSize: 20, ...(reveal ? { reveal: 1 } : {}) }], { retry: false });
  const [busy, setBusy] = useState<string | null>(null);
  const act = async (what: string, f: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try { await f(); message.success(done); invalidate('/api/payroll'); } catch (e) { message.error((e as Error).message); } finally { setBusy(null); }
  };
  const notFound = view.error instanceof ApiError && view.error.status === 404;
  const prepareButton = manage && (!view.data || view.data.payroll.status === 'prepared') && (
    <Button type={notFound ? 'primary' : 'default'} icon={<ReloadOutlined />} loading={busy === 'prepare'}
      onClick={() => act('prepare', () => post(`/api/payroll/${month}/prepare`), `${month} ${t('发放名册已生成')}`)}>{notFound ? t('生成发放名册') : t('重新生成')}</Button>
  );
  if (view.error && !notFound) return <Card><Alert type="error" message={view.error.message} /></Card>;
  if (notFound) return <Card title={`${month} ${t('发放名册')}`}><Empty description={`${month} ${t('尚未生成发放名册')}`}>{prepareButton}</Empty></Card>;
  if (!view.data) return <Card loading />;
  const { payroll: p, summary: s } = view.data;
  const upload = async (file: File) => {
    setBusy('returns');
    try {
      const res = await fetch(`/api/payroll/${month}/returns?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() } });
      const data = await res.json();
      if (!res.ok) throw new Error(data.error?.message ?? t('上传失败'));
      message.success(`${t('回盘已导入：成功')} ${data.paid}，${t('失败')} ${data.failed}（${t('失败的将在下月重发')}）`);
      invalidate('/api/payroll');
    } catch (e) { message.error((e as Error).message); } finally { setBusy(null); }
    return false;
  };
  const verify = () => act('verify', async () => {
    const r = await fetch(`/api/payroll/${month}/verify`, { credentials: 'same-origin' }).then((x) => x.json());
    if (r.error) throw new Error(r.error.message);
    if (!r.ok) throw new Error(`${t('发现改动')} ${r.problems.length}：${r.problems.slice(0, 3).map((x: { problem: string }) => x.problem).join('；')}`);
  }, t('校验通过：审批后名册未被改动'));
  return (
    <Card title={<Space>{`${month} ${t('发放名册')}`}{p.status === 'approved' ? <Tag color="green">{t('已审批锁定')}</Tag> : <Tag color="gold">{t('待审批')}</Tag>}</Space>}
      extra={<Space wrap>
        {prepareButton}
        {p.status === 'prepared' && manage && (view.data.canApprove
          ? <Popconfirm title={t('审批后名册锁定，不能再修改。确认审批？')} okText={t('审批')} cancelText={t('取消')} onConfirm={() => act('approve', () => post(`/api/payroll/${month}/approve`), t('已审批'))}>
              <Button type="primary" icon={<CheckOutlined />} loading={busy === 'approve'}>{t('审批')}</Button>
            </Popconfirm>
          : <Typography.Text type="secondary">{t('您生成了此名册，须由另一位县级工作人员审批')}</Typography.Text>)}
        {p.status === 'prepared' && manage && <WithdrawButton month={month} />}
        {p.status === 'approved' && manage && <>
          <Button icon={<DownloadOutlined />} href={`/api/payroll/${month}/bank-file?format=xlsx`}>{t('银行代发文件 xlsx')}</Button>
          <Button icon={<DownloadOutlined />} href={`/api/payroll/${month}/bank-file?format=csv`}>CSV</Button>
          <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload}><Button icon={<UploadOutlined />} loading={busy === 'returns'}>{t('上传银行回盘文件')}</Button></Upload>
        </>}
        {p.status === 'approved' && <Button icon={<SafetyCertificateOutlined />} loading={busy === 'verify'} onClick={verify}>{t('校验')}</Button>}
      </Space>}>
      <Space size={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title={t('户数')} value={s.households} /><Statistic title={t('笔数')} value={s.lines} /><Statistic title={t('金额（元）')} value={s.totalYuan} precision={2} />
        <Statistic title={t('其中补发（元）')} value={s.backPayYuan} precision={2} />
        {Object.entries(s.byProgram ?? {}).map(([k, v]) => <Statistic key={k} title={k} value={v} precision={2} />)}
      </Space>
      <Descriptions size="small" column={2} items={[
        { key: 'p', label: t('生成'), children: `${p.preparedBy}（${p.preparedVia === 'ui' ? t('网页') : t('命令行')}）${dayjs(p.preparedAt).format('YYYY-MM-DD HH:mm')}` },
        { key: 'a', label: t('审批'), children: p.approvedBy ? `${p.approvedBy} ${dayjs(p.approvedAt).format('YYYY-MM-DD HH:mm')}` : '—' },
      ]} />
      <Tabs items={[
        { key: 'lines', label: `${t('名册明细')}（${view.data.total}）`, children: (<>
          {session.can('reveal') && (
            <Button size="small" style={{ marginBottom: 8 }} className="reveal-accounts" onClick={() => setReveal(!reveal)}>{reveal ? '隐藏完整银行账号' : t('显示完整银行账号（记入审计日志）')}</Button>
          )}
          <Table<Line> size="small" rowKey="id" dataSource={view.data.rows} scroll={{ x: 1100 }}
            pagination={{ current: page, pageSize: 20, total: view.data.total, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: t('户编号'), dataIndex: 'householdNo', render: (v: string, r) => <a href={`#/households/${r.householdId}`}>{v}</a> },
              { title: t('户主'), dataIndex: 'headName' }, { title: t('乡镇'), dataIndex: 'township' }, { title: t('村（社区）'), dataIndex: 'village' },
              { title: t('项目'), dataIndex: 'program' }, { title: t('所属期'), dataIndex: 'period' },
              { title: t('类别'), dataIndex: 'kind', render: (k: string) => <Tag color={KIND[k].color}>{t(KIND[k].label)}</Tag> },
              { title: t('金额（元）'), dataIndex: 'amountYuan', align: 'right', render: yuan },
              { title: t('账户名'), dataIndex: 'accountName' }, { title: t('银行账号'), dataIndex: 'accountNo' }, { title: t('开户银行'), dataIndex: 'bankName' },
              { title: t('回盘'), dataIndex: 'bankStatus', render: (b: string, r) => <Tag color={BANK[b].color} title={r.failureReason ?? undefined}>{t(BANK[b].label)}</Tag> },
            ]} /></>) },
        { key: 'diff', label: t('与上月比较'), children: <Differences month={month} /> },
        { key: 'review', label: `${t('待复核')}（${s.needsReview.length}）`, children: (
          <Table<Review> size="small" rowKey={(r) => `${r.householdId}-${r.program}-${r.month}`} dataSource={s.needsReview} pagination={{ pageSize: 20 }}
            columns={[{ title: t('户编号'), dataIndex: 'householdNo', render: (v: string, r) => <a href={`#/households/${r.householdId}`}>{v}</a> }, { title: t('项目'), dataIndex: 'program' },
              { title: t('月份'), dataIndex: 'month' }, { title: t('原因'), dataIndex: 'reason' }]} />) },
        { key: 'rec', label: `${t('追回')}（${s.recoveries.length}）`, children: <Recoveries rows={s.recoveries} manage={manage} /> },
      ]} />
    </Card>
  );
}

/** 撤回: a prepared month not yet approved is removed (with a reason, audited), e.g. one prepared for the wrong month. */
function WithdrawButton({ month }: { month: string }) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  return (
    <ModalForm formRef={formRef} title={`${t('撤回发放名册')} · ${month}`} width={480} modalProps={{ destroyOnHidden: true }}
      trigger={<Button danger icon={<RollbackOutlined />} className="withdraw-payroll">{t('撤回名册')}</Button>}
      submitter={{ searchConfig: { submitText: t('撤回'), resetText: t('取消') } }}
      onFinish={(v) => submit(`/api/payroll/${month}/withdraw`, v, `${month} ${t('发放名册已撤回')}`, () => invalidate('/api/payroll'))}>
      <Typography.Paragraph type="secondary">{t('撤回后本月名册及其明细全部删除（记入审计日志），可重新生成；已审批的名册不能撤回。')}</Typography.Paragraph>
      <ProFormTextArea name="reason" label={t('撤回原因')} rules={[{ required: true, whitespace: true, message: t('请填写撤回原因') }]} fieldProps={{ rows: 3, maxLength: 500 }} />
    </ModalForm>
  );
}

function Differences({ month }: { month: string }) {
  const t = useT();
  const d = useApi<{ previousMonth: string; truncated: boolean; rows: Diff[] }>(['/api/payroll', month, 'differences']);
  const label = { new: <Tag color="green">{t('新增')}</Tag>, stopped: <Tag color="red">{t('停发')}</Tag>, changed: <Tag color="orange">{t('金额变化')}</Tag> };
  return (
    <>
      {d.data?.truncated && <Alert type="info" message={t('变化超过 2000 条，只显示前 2000 条')} style={{ marginBottom: 8 }} />}
      <Table<Diff> size="small" rowKey={(r) => `${r.householdId}-${r.program}`} loading={d.isLoading} dataSource={d.data?.rows ?? []} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('户编号'), dataIndex: 'householdNo', render: (v: string, r) => <a href={`#/households/${r.householdId}`}>{v}</a> }, { title: t('户主'), dataIndex: 'headName' },
          { title: t('乡镇'), dataIndex: 'township' }, { title: t('项目'), dataIndex: 'program' },
          { title: `${d.data?.previousMonth ?? t('上月')}（${t('元')}）`, dataIndex: 'previousYuan', align: 'right', render: yuan },
          { title: `${month}（${t('元')}）`, dataIndex: 'currentYuan', align: 'right', render: yuan },
          { title: t('变化'), dataIndex: 'change', render: (c: Diff['change']) => label[c] },
        ]} />
    </>
  );
}

function Recoveries({ rows, manage }: { rows: Recovery[]; manage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const approve = async (id: string) => {
    try { await post(`/api/payroll/recoveries/${id}/approve`, { note: null }); message.success(t('追回已审批')); invalidate('/api/payroll'); } catch (e) { message.error((e as Error).message); }
  };
  return (
    <>
      <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('追回不会从发放金额中扣除：每一笔须单独审批（由提出人以外的人），并按规定通知当事人退回。')} />
      <Table<Recovery> size="small" rowKey="id" dataSource={rows} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('户编号'), dataIndex: 'householdNo' }, { title: t('项目'), dataIndex: 'program' }, { title: t('所属期'), dataIndex: 'period' },
          { title: t('已发（元）'), dataIndex: 'paidYuan', render: yuan }, { title: t('现应发（元）'), dataIndex: 'computedYuan', render: yuan }, { title: t('应追回（元）'), dataIndex: 'recoveryYuan', render: yuan },
          { title: t('状态'), dataIndex: 'status', render: (s: string, r) => (s === 'approved' ? <Tag color="green">{t('已审批')}</Tag> : manage ? <Button size="small" onClick={() => approve(r.id)}>{t('审批追回')}</Button> : <Tag>{t('待审批')}</Tag>) },
        ]} />
    </>
  );
}
