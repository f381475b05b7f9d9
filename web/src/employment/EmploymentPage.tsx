/**
 * 就业救助: the 零就业家庭 by township with how long, the working-age people able to work and who works, the
 * services recorded per person (typed here or loaded from 人社's file, all or nothing), the 公益性岗位 with
 * their holders and term limits, and the year's figures by township with their xlsx. Entering is for township
 * staff and county staff of 人社局 (the server refuses others with a Chinese message).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { EMP, EMPLOYMENT_PROGRAMS, SERVICE_KINDS, share, STATUS_SOURCES, uploadServiceFile,
  type Figures, type FileResult, type Job, type Service, type Worker, type ZeroList } from './api.ts';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Whether the user enters services and jobs: the permission, and for county department staff only 人社局 (as the server decides). */
function useManager(): boolean {
  const session = useSession();
  const u = session.me.user;
  return session.can('employment.manage') && (u.role !== 'county_staff' || u.department === '人社局');
}

export function EmploymentPage() {
  const t = useT();
  const [tab, setTab] = useState('zero');
  return (
    <Tabs activeKey={tab} onChange={setTab} destroyOnHidden className="employment-tabs" items={[
      { key: 'zero', label: t('零就业家庭'), children: <ZeroView /> },
      { key: 'workforce', label: t('劳动力'), children: <WorkforceView /> },
      { key: 'services', label: t('就业服务'), children: <ServicesView /> },
      { key: 'jobs', label: t('公益性岗位'), children: <JobsView /> },
      { key: 'figures', label: t('统计'), children: <FiguresView /> },
    ]} />
  );
}

function ZeroView() {
  const t = useT();
  const q = useApi<ZeroList>([EMP, 'zero-households']);
  return (
    <Card title={t('零就业家庭')} className="employment-zero" extra={<Typography.Text type="secondary">{t('有劳动能力的成员均未就业')}</Typography.Text>}>
      {q.error && <Alert type="error" message={q.error.message} />}
      <Space wrap style={{ marginBottom: 12 }}>
        {(q.data?.byTownship ?? []).map((x) => <Tag key={x.code} color="orange">{x.name} {x.households} {t('户')}</Tag>)}
        {q.data && q.data.total === 0 && <Tag color="green">{t('已清零')}</Tag>}
      </Space>
      <Table size="small" rowKey="householdId" loading={q.isLoading} dataSource={q.data?.rows ?? []} scroll={{ x: 760 }} pagination={{ pageSize: 20, showSizeChanger: false }} columns={[
        { title: t('乡镇'), dataIndex: 'township', width: 110 },
        { title: t('村（社区）'), dataIndex: 'village', width: 120 },
        { title: t('户编号'), dataIndex: 'householdNo', width: 140, render: (v: string, r) => <Link to={`/households/${r.householdId}`}>{v}</Link> },
        { title: t('户主'), dataIndex: 'headName', width: 90 },
        { title: t('可就业人数'), dataIndex: 'able', width: 100, align: 'right' },
        { title: t('无人就业起始'), dataIndex: 'since', width: 120 },
        { title: t('持续天数'), dataIndex: 'days', width: 90, align: 'right' },
      ]} />
    </Card>
  );
}

function WorkforceView() {
  const t = useT();
  const [employed, setEmployed] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const q = useApi<{ total: number; employed: number; rows: Worker[] }>([EMP, 'workforce', { employed, page, pageSize: 20 }]);
  return (
    <Card title={t('劳动年龄内有劳动能力的人员')} className="employment-workforce" extra={<Typography.Text type="secondary">{t('身份证号已脱敏')}</Typography.Text>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('就业状况')} style={{ width: 140 }} value={employed} onChange={(v) => { setEmployed(v); setPage(1); }}
          options={[{ value: '1', label: t('已就业') }, { value: '0', label: t('未就业') }]} />
      </Space>
      {q.error && <Alert type="error" message={q.error.message} />}
      <Table<Worker> size="small" rowKey="memberId" loading={q.isLoading} dataSource={q.data?.rows ?? []} scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} columns={[
          { title: t('姓名'), dataIndex: 'name', width: 80, render: (v: string, r) => <Link to={`/households/${r.householdId}`}>{v}</Link> },
          { title: t('身份证号'), dataIndex: 'idNumber', width: 170 },
          { title: t('年龄'), dataIndex: 'age', width: 60 },
          { title: t('村（社区）'), dataIndex: 'village', width: 120 },
          { title: t('就业状况'), dataIndex: 'employed', width: 100, render: (e: boolean) => (e ? <Tag color="green">{t('已就业')}</Tag> : <Tag color="orange">{t('未就业')}</Tag>) },
          { title: t('来源'), dataIndex: 'source', width: 120, render: (s: keyof typeof STATUS_SOURCES | null) => (s ? t(STATUS_SOURCES[s]) : '—') },
          { title: t('用工单位'), dataIndex: 'employer', render: (v: string | null) => v ?? '—' },
          { title: t('月收入（元）'), dataIndex: 'monthlyIncomeYuan', width: 110, align: 'right' },
        ]} />
    </Card>
  );
}

/** The people a service or a job may be given to: the workforce of the user's area, searchable by name. */
function PersonSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const t = useT();
  const q = useApi<{ rows: Worker[] }>([EMP, 'workforce', { page: 1, pageSize: 500 }]);
  return <Select showSearch optionFilterProp="label" placeholder={t('选择人员')} style={{ width: '100%' }} {...props}
    options={(q.data?.rows ?? []).map((w) => ({ value: w.memberId, label: `${w.name} ${w.idNumber} ${w.village}` }))} />;
}

function ServicesView() {
  const t = useT();
  const manage = useManager();
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const year = dayjs().year();
  const q = useApi<{ total: number; rows: Service[] }>([EMP, 'services', { year, kind, page, pageSize: 20 }]);
  const files = useApi<{ rows: { id: number; fileName: string; sha256: string; loadedBy: string; loadedAt: string; rows: number; loaded: number }[] }>([EMP, 'files']);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {manage && <ServiceForm />}
      {manage && <ServiceUpload />}
      <Card title={`${year} ${t('年就业服务记录')}`} className="employment-services">
        <Select allowClear placeholder={t('服务类型')} style={{ width: 160, marginBottom: 12 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }}
          options={Object.entries(SERVICE_KINDS).map(([value, label]) => ({ value, label: t(label) }))} />
        {q.error && <Alert type="error" message={q.error.message} />}
        <Table<Service> size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []} scroll={{ x: 960 }}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} columns={[
            { title: t('日期'), dataIndex: 'date', width: 100 },
            { title: t('姓名'), dataIndex: 'name', width: 80, render: (v: string, r) => <Link to={`/households/${r.householdId}`}>{v}</Link> },
            { title: t('服务类型'), dataIndex: 'kind', width: 130, render: (k: keyof typeof SERVICE_KINDS) => t(SERVICE_KINDS[k] ?? k) },
            { title: t('内容'), render: (_, r) => [r.employer, r.course, r.days ? `${r.days} ${t('天')}` : null, r.completed ? t('已结业') : null, r.employedAfter ? t('培训后就业') : null,
              r.broker ? `${t('劳务经纪人')} ${r.broker}` : null].filter(Boolean).join('，') || '—' },
            { title: t('结束日期'), dataIndex: 'endDate', width: 100, render: (v: string | null) => v ?? '—' },
            { title: t('零就业清零'), dataIndex: 'clearedZeroSince', width: 110, render: (v: string | null) => (v ? <Tag color="green">{t('已清零')}</Tag> : '—') },
            { title: t('来源'), dataIndex: 'source', width: 90, render: (s: string) => (s === 'file' ? t('人社文件') : t('登记')) },
          ]} />
      </Card>
      <Card title={t('已导入的人社文件')} className="employment-files">
        <Table size="small" rowKey="id" dataSource={files.data?.rows ?? []} pagination={false} scroll={{ x: 700 }} columns={[
          { title: t('文件名'), dataIndex: 'fileName' }, { title: t('行数'), dataIndex: 'rows', width: 70 }, { title: t('载入人'), dataIndex: 'loadedBy', width: 100 },
          { title: t('载入时间'), dataIndex: 'loadedAt', width: 160, render: dateTime }, { title: t('文件摘要'), dataIndex: 'sha256', width: 140, render: (s: string) => `${s.slice(0, 12)}…` },
        ]} />
      </Card>
    </Space>
  );
}

function ServiceForm() {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const [busy, setBusy] = useState(false);
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const broker = kind === 'placement' && v.broker ? { broker: v.broker, payee: { bankName: v.bankName, accountNo: v.accountNo, accountName: v.accountName } } : {};
      const r = await post<{ reviews: unknown[]; clearedZeroSince: string | null }>(`${EMP}/services`, {
        memberId: v.memberId, kind: v.kind, date: day(v.date as Dayjs), endDate: day(v.endDate as Dayjs), course: v.course || null, days: v.days ?? null,
        completed: kind === 'training' ? Boolean(v.completed) : null, employedAfter: kind === 'training' ? Boolean(v.employedAfter) : null,
        employer: v.employer || null, monthlyWageYuan: v.monthlyWageYuan ?? null, ...broker,
      });
      message.success(r.reviews.length ? t('已登记；该户有低保，已生成复核，请乡镇决定') : r.clearedZeroSince ? t('已登记，该户零就业已清零') : t('已登记'));
      form.resetFields();
      invalidate(EMP);
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  return (
    <Card title={t('登记就业服务')} className="employment-service-form">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'recommendation', date: dayjs() }} style={{ maxWidth: 640 }}>
        <Form.Item name="memberId" label={t('人员')} rules={[{ required: true, message: t('请选择人员') }]}><PersonSelect /></Form.Item>
        <Form.Item name="kind" label={t('服务类型')}><Select options={Object.entries(SERVICE_KINDS).map(([value, label]) => ({ value, label: t(label) }))} /></Form.Item>
        <Space wrap>
          <Form.Item name="date" label={t('日期')} rules={[{ required: true, message: t('请选择日期') }]}><DatePicker /></Form.Item>
          {(kind === 'training' || kind === 'school' || kind === 'placement') && <Form.Item name="endDate" label={t('结束日期')}><DatePicker /></Form.Item>}
        </Space>
        {(kind === 'recommendation' || kind === 'placement') && <Form.Item name="employer" label={t('用工单位')}><Input maxLength={100} /></Form.Item>}
        {(kind === 'training' || kind === 'school') && <Form.Item name="course" label={kind === 'school' ? t('学校和专业') : t('培训项目')}><Input maxLength={100} /></Form.Item>}
        {kind === 'training' && (
          <Space wrap>
            <Form.Item name="days" label={t('培训天数')}><InputNumber min={1} max={366} /></Form.Item>
            <Form.Item name="completed" label={t('是否结业')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="employedAfter" label={t('培训后就业')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
        )}
        {kind === 'placement' && (
          <>
            <Form.Item name="monthlyWageYuan" label={t('月工资（元）')}><InputNumber min={0} precision={2} /></Form.Item>
            <Form.Item name="broker" label={t('劳务经纪人（介绍就业的）')}><Input maxLength={50} /></Form.Item>
            <Space wrap>
              <Form.Item name="bankName" label={t('经纪人开户银行')}><Input maxLength={50} /></Form.Item>
              <Form.Item name="accountNo" label={t('经纪人银行账号')}><Input maxLength={30} /></Form.Item>
              <Form.Item name="accountName" label={t('账户名')}><Input maxLength={50} /></Form.Item>
            </Space>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy} className="employment-service-submit">{t('登记')}</Button>
      </Form>
    </Card>
  );
}

function ServiceUpload() {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [result, setResult] = useState<FileResult | null>(null);
  const upload = async (file: File) => {
    setResult(null);
    try {
      const r = await uploadServiceFile(file);
      setResult(r);
      if (!r.errors.length) { invalidate(EMP); message.success(t('人社文件已导入')); }
    } catch (e) { message.error((e as Error).message); }
    return false;
  };
  return (
    <Card title={t('导入人社就业服务文件')} className="employment-upload">
      <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload}>
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p>{t('点击或拖入人社局的就业服务文件（.xlsx 或 .csv；列：身份证号、姓名、服务类型、日期等）')}</p>
        <p style={{ color: '#888' }}>{t('全部正确才写入：有任何一行错误，整个文件都不写入。同一文件不能重复导入。')}</p>
      </Upload.Dragger>
      {result && (result.errors.length
        ? <Table className="employment-row-errors" size="small" rowKey={(e) => `${e.row}-${e.column}`} dataSource={result.errors} pagination={{ pageSize: 20 }} scroll={{ x: 480 }} style={{ marginTop: 12 }}
            columns={[{ title: t('行号'), dataIndex: 'row', width: 70 }, { title: t('列'), dataIndex: 'column', width: 120 }, { title: t('问题'), dataIndex: 'message' }]} />
        : <Alert style={{ marginTop: 12 }} type="success" showIcon message={`${t('已导入')} ${result.loaded} ${t('条')}`} />)}
    </Card>
  );
}

function JobsView() {
  const t = useT();
  const manage = useManager();
  const q = useApi<{ rows: Job[] }>([EMP, 'jobs']);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {manage && <JobForms jobs={q.data?.rows ?? []} />}
      <Card title={t('公益性岗位')} className="employment-jobs" extra={<Typography.Text type="secondary">{t('补贴按最低工资标准；期限按政策包，临近退休的可延长至退休')}</Typography.Text>}>
        {q.error && <Alert type="error" message={q.error.message} />}
        <Table<Job> size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={false} scroll={{ x: 720 }}
          expandable={{ showExpandColumn: false, expandedRowKeys: (q.data?.rows ?? []).filter((j) => j.holders.length > 0).map((j) => j.id), expandedRowRender: (j) => (
            <Table size="small" rowKey="id" dataSource={j.holders} pagination={false} scroll={{ x: 640 }} columns={[
              { title: t('姓名'), dataIndex: 'name', width: 80, render: (v: string, r) => <Link to={`/households/${r.householdId}`}>{v}</Link> },
              { title: t('上岗日期'), dataIndex: 'startDate', width: 100 },
              { title: t('补贴期限至'), dataIndex: 'maxLastDay', width: 110, render: (v: string, r) => <Space size={4}>{v}{r.toRetirement && <Tag>{t('至退休')}</Tag>}</Space> },
              { title: t('离岗日期'), dataIndex: 'endedOn', width: 100, render: (v: string | null) => v ?? '—' },
              { title: t('状态'), dataIndex: 'current', width: 80, render: (c: boolean) => (c ? <Tag color="green">{t('在岗')}</Tag> : <Tag>{t('不在岗')}</Tag>) },
            ]} />
          ) }}
          columns={[
            { title: t('岗位名称'), dataIndex: 'name', width: 120 }, { title: t('用工单位'), dataIndex: 'employer' }, { title: t('乡镇'), dataIndex: 'township', width: 110 },
            { title: t('开发日期'), dataIndex: 'startDate', width: 100 },
            { title: t('在岗人数'), width: 90, align: 'right', render: (_, j) => j.holders.filter((h) => h.current).length },
          ]} />
      </Card>
    </Space>
  );
}

function JobForms({ jobs }: { jobs: Job[] }) {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [jobForm] = Form.useForm();
  const [holderForm] = Form.useForm();
  const scope = session.me.user.areaCode;
  const run = async (f: () => Promise<string>) => {
    try { message.success(await f()); invalidate(EMP); } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Card title={t('开发岗位与安排人员')} className="employment-job-forms">
      <Form form={jobForm} layout="vertical" style={{ maxWidth: 640 }} initialValues={{ areaCode: scope.length >= 9 ? scope.slice(0, 9) : undefined, startDate: dayjs() }}
        onFinish={(v) => run(async () => { await post(`${EMP}/jobs`, { name: v.name, employer: v.employer, areaCode: v.areaCode, startDate: day(v.startDate) }); jobForm.resetFields(['name', 'employer']); return t('岗位已开发'); })}>
        <Space wrap>
          <Form.Item name="name" label={t('岗位名称')} rules={[{ required: true, message: t('请填写岗位名称') }]}><Input maxLength={50} placeholder={t('如：护林员、保洁员')} /></Form.Item>
          <Form.Item name="employer" label={t('用工单位')} rules={[{ required: true, message: t('请填写用工单位') }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="areaCode" label={t('乡镇或村代码')} rules={[{ required: true, message: t('请填写乡镇或村代码') }]}><Input maxLength={12} /></Form.Item>
          <Form.Item name="startDate" label={t('开发日期')}><DatePicker allowClear={false} /></Form.Item>
        </Space>
        <Button htmlType="submit" className="employment-job-submit">{t('开发岗位')}</Button>
      </Form>
      <Form form={holderForm} layout="vertical" style={{ maxWidth: 640, marginTop: 16 }} initialValues={{ startDate: dayjs() }}
        onFinish={(v) => run(async () => {
          const r = await post<{ maxLastDay: string; reason: string }>(`${EMP}/jobs/${v.jobId}/holders`, { memberId: v.memberId, startDate: day(v.startDate), lastDay: day(v.lastDay) });
          holderForm.resetFields(['memberId', 'lastDay']);
          return `${t('已安排上岗')}：${r.reason}`;
        })}>
        <Form.Item name="jobId" label={t('岗位')} rules={[{ required: true, message: t('请选择岗位') }]}>
          <Select options={jobs.map((j) => ({ value: j.id, label: `${j.name}（${j.township}）` }))} />
        </Form.Item>
        <Form.Item name="memberId" label={t('人员')} rules={[{ required: true, message: t('请选择人员') }]}><PersonSelect /></Form.Item>
        <Space wrap>
          <Form.Item name="startDate" label={t('上岗日期')}><DatePicker allowClear={false} /></Form.Item>
          <Form.Item name="lastDay" label={t('计划离岗日期（不填按补贴期限）')}><DatePicker /></Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" className="employment-holder-submit">{t('安排上岗')}</Button>
      </Form>
    </Card>
  );
}

function FiguresView() {
  const t = useT();
  const [year, setYear] = useState(dayjs().year());
  const q = useApi<Figures>([EMP, 'figures', { year }]);
  const programs = Object.values(EMPLOYMENT_PROGRAMS);
  return (
    <Card title={`${year} ${t('年就业救助统计')}`} className="employment-figures"
      extra={<Space wrap>
        <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(v) => { if (v) setYear(v.year()); }} />
        <a href={`${EMP}/figures?year=${year}&format=xlsx`}><Button icon={<DownloadOutlined />}>{t('导出 xlsx')}</Button></a>
      </Space>}>
      {q.error && <Alert type="error" message={q.error.message} />}
      {q.data?.targets && (
        <Typography.Paragraph type="secondary">
          {t('“311”目标')}：{t('推荐岗位')} {q.data.targets.recommendation} {t('次')}、{t('职业指导')} {q.data.targets.guidance} {t('次')}、{t('技能培训')} {q.data.targets.training} {t('次')}
          {q.data.targets.employedAfterTraining !== null && `；${t('培训后就业率目标')} ${share(q.data.targets.employedAfterTraining)}`}
        </Typography.Paragraph>
      )}
      <Table size="small" rowKey="code" loading={q.isLoading} dataSource={q.data?.byTownship ?? []} pagination={false} scroll={{ x: 1500 }} columns={[
        { title: t('乡镇'), dataIndex: 'name', width: 110, fixed: 'left' },
        { title: t('零就业家庭（户）'), dataIndex: 'zeroHouseholds', width: 110, align: 'right' },
        { title: t('本年清零（户）'), dataIndex: 'cleared', width: 100, align: 'right' },
        { title: t('平均清零天数'), dataIndex: 'avgClearDays', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
        { title: t('服务人数'), dataIndex: 'persons', width: 80, align: 'right' },
        { title: t('达到“311”人数'), dataIndex: 'met311', width: 110, align: 'right' },
        { title: t('就业安置（人次）'), dataIndex: 'placement', width: 110, align: 'right' },
        { title: t('培训结业（人次）'), dataIndex: 'trainingsCompleted', width: 110, align: 'right' },
        { title: t('培训后就业率'), dataIndex: 'employedAfterShare', width: 100, align: 'right', render: share },
        { title: t('公益性岗位在岗（人）'), dataIndex: 'holders', width: 130, align: 'right' },
        { title: t('本年期满（人）'), dataIndex: 'endingThisYear', width: 100, align: 'right' },
        { title: t('以工代训车间月数'), dataIndex: 'workshopMonths', width: 110, align: 'right' },
        { title: `${t('以工代训补贴')}（${t('元')}）`, dataIndex: 'workTrainingYuan', width: 140, align: 'right' },
        ...programs.map((p) => ({ title: `${t(p)}（${t('元')}）`, key: p, width: 140, align: 'right' as const, render: (_: unknown, r: Figures['byTownship'][number]) => r.paidYuan[p] ?? 0 })),
      ]} />
    </Card>
  );
}
