/**
 * 医疗救助 (county roles): the insurance platform's settlement file uploaded with its progress and row
 * errors (all or nothing), the settlements (ID numbers masked by the server), the year's figures for a
 * county leader (by category and township, registered-poor inpatients against the target ratio, share
 * settled one-stop, premium coverage) as ECharts charts and xlsx, the premium and identity lists to
 * download (full ID numbers for roles that may reveal, audited by the server), and the monthly
 * statements owed to hospitals for one-stop settlements.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Progress, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { Link } from 'react-router';
import { useApi, useInvalidate } from '../query.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { CATEGORY, categoryLabel, MED, PAYMENT_STATUS, percent, PREMIUM_CATEGORY, uploadSettlementFile, yuan2,
  type Figures, type MedicalFile, type SettleResult, type Settlement, type Statements } from './api.ts';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export function MedicalPage() {
  const t = useT();
  const session = useSession();
  const [tab, setTab] = useState('settlements');
  const manage = session.can('medical.manage');
  return (
    <Tabs activeKey={tab} onChange={setTab} destroyOnHidden className="medical-tabs" items={[
      { key: 'settlements', label: t('结算数据'), children: <Space direction="vertical" size={16} style={{ width: '100%' }}>{manage && <SettlementUpload />}<SettlementList /><FileList /></Space> },
      { key: 'figures', label: t('统计'), children: <FiguresView /> },
      { key: 'lists', label: t('资助参保与身份标识'), children: <ListsView /> },
      { key: 'statements', label: t('医院结算单'), children: <StatementsView /> },
    ]} />
  );
}

function SettlementUpload() {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<SettleResult | null>(null);
  const upload = async (file: File) => {
    setResult(null);
    setProgress(0);
    try {
      const r = await uploadSettlementFile(file, setProgress);
      setResult(r);
      if (!r.errors.length) { invalidate(MED); message.success(t('结算数据已载入')); }
    } catch (e) { message.error((e as Error).message); } finally { setProgress(null); }
    return false;
  };
  const errorCount = result ? result.errorCount ?? result.errors.length : 0;
  return (
    <Card title={t('上传医保结算数据')} className="medical-upload">
      <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload} disabled={progress !== null}>
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p>{t('点击或拖入医保信息平台的结算数据文件（.xlsx，或 UTF-8/GBK 编码的 .csv）')}</p>
        <p style={{ color: '#888' }}>{t('全部正确才写入：有任何一行错误，整个文件都不写入，请改正后重新上传。同一文件再次上传不会重复结算。')}</p>
      </Upload.Dragger>
      {progress !== null && <Progress className="medical-upload-progress" percent={progress} status="active" format={(p) => (p === 100 ? t('计算中') : `${p}%`)} />}
      {result && (
        <div className="medical-upload-result" style={{ marginTop: 12 }}>
          <Descriptions size="small" column={{ xs: 2, md: 5 }}>
            <Descriptions.Item label={t('数据行')}>{result.rows}</Descriptions.Item>
            <Descriptions.Item label={t('本次结算')}>{result.settled}</Descriptions.Item>
            <Descriptions.Item label={t('已结算过（跳过）')}>{result.skipped}</Descriptions.Item>
            <Descriptions.Item label={t('医疗救助（元）')}>{yuan2(result.totalAssistanceYuan)}</Descriptions.Item>
            <Descriptions.Item label={t('补足（元）')}>{yuan2(result.totalTopUpYuan)}</Descriptions.Item>
          </Descriptions>
          {errorCount > 0
            ? <>
                <Alert type="error" showIcon message={`${t('结算数据有错误，未写入任何数据')}：${errorCount} ${t('处')}`} style={{ marginBottom: 8 }} />
                <Table className="medical-row-errors" rowKey={(e) => `${e.row}-${e.column}-${e.message}`} dataSource={result.errors} size="small" pagination={{ pageSize: 20 }} scroll={{ x: 480 }}
                  columns={[{ title: t('行号'), dataIndex: 'row', width: 70 }, { title: t('列'), dataIndex: 'column', width: 120 }, { title: t('问题'), dataIndex: 'message' }]} />
              </>
            : <Alert type="success" showIcon message={t('全部结算数据已载入')} />}
        </div>
      )}
    </Card>
  );
}

function SettlementList() {
  const t = useT();
  const [year, setYear] = useState(dayjs().year());
  const [method, setMethod] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const q = useApi<{ total: number; rows: Settlement[] }>([MED, 'settlements', { year, method, category, page, pageSize: 20 }]);
  return (
    <Card title={t('结算记录')} className="medical-settlements" extra={<Typography.Text type="secondary">{t('身份证号已脱敏')}</Typography.Text>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(v) => { if (v) { setYear(v.year()); setPage(1); } }} />
        <Select allowClear placeholder={t('结算方式')} style={{ width: 130 }} value={method} onChange={(v) => { setMethod(v); setPage(1); }}
          options={['一站式', '个人垫付'].map((v) => ({ value: v, label: t(v) }))} />
        <Select allowClear placeholder={t('救助类别')} style={{ width: 180 }} value={category} onChange={(v) => { setCategory(v); setPage(1); }}
          options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label: t(label) }))} />
      </Space>
      {q.error && <Alert type="error" message={q.error.message} />}
      <Table<Settlement> size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []} scroll={{ x: 1200 }}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('结算日期'), dataIndex: 'date', width: 100 },
          { title: t('姓名'), dataIndex: 'name', width: 80, render: (v: string, r) => (r.householdId ? <Link to={`/households/${r.householdId}`}>{v}</Link> : v) },
          { title: t('身份证号'), dataIndex: 'idNumber', width: 170 },
          { title: t('救助类别'), dataIndex: 'category', width: 140, render: (c: string) => t(categoryLabel(c)) },
          { title: t('就诊类型'), dataIndex: 'visitType', width: 100, render: (v: string) => t(v) },
          { title: t('医院'), dataIndex: 'hospitalName', width: 140 },
          { title: t('医疗总费用'), dataIndex: 'totalYuan', align: 'right', width: 100, render: yuan2 },
          { title: t('救助比例'), dataIndex: 'ratio', align: 'right', width: 80, render: percent },
          { title: t('医疗救助（元）'), dataIndex: 'assistanceYuan', align: 'right', width: 110, render: yuan2 },
          { title: t('补足（元）'), dataIndex: 'topUpYuan', align: 'right', width: 90, render: yuan2 },
          { title: t('年度封顶剩余'), dataIndex: 'capRemainingYuan', align: 'right', width: 110, render: yuan2 },
          { title: t('结算方式'), dataIndex: 'method', width: 90, render: (v: string) => t(v) },
          { title: t('支付'), dataIndex: 'paymentStatus', width: 110, render: (s: string, r) => <Space size={4} wrap>
            <Tag color={PAYMENT_STATUS[s]?.color}>{t(PAYMENT_STATUS[s]?.label ?? s)}</Tag>{r.tempReliefProposed && <Tag color="red">{t('建议临时救助')}</Tag>}</Space> },
        ]} />
    </Card>
  );
}

function FileList() {
  const t = useT();
  const q = useApi<{ rows: MedicalFile[] }>([MED, 'files'], { retry: false });
  if (q.error) return null;
  return (
    <Card title={t('已载入的结算数据文件')} size="small">
      <Table<MedicalFile> size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={{ pageSize: 10 }} scroll={{ x: 760 }}
        columns={[
          { title: t('文件名'), dataIndex: 'fileName' }, { title: t('载入人'), dataIndex: 'loadedBy', width: 100 },
          { title: t('载入时间'), dataIndex: 'loadedAt', width: 170, render: dateTime },
          { title: t('数据行'), dataIndex: 'rows', align: 'right', width: 80 }, { title: t('本次结算'), dataIndex: 'settled', align: 'right', width: 90 },
          { title: 'SHA-256', dataIndex: 'sha256', width: 120, render: (s: string) => <Typography.Text copyable={{ text: s }}>{s.slice(0, 10)}…</Typography.Text> },
        ]} />
    </Card>
  );
}

const bars = (cats: string[], series: { name: string; data: number[] }[], extra: object = {}) => ({
  tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 56, right: 16, bottom: 60, top: 40 },
  xAxis: { type: 'category', data: cats, axisLabel: { interval: 0, rotate: cats.length > 4 ? 30 : 0 } }, yAxis: { type: 'value' },
  series: series.map((s) => ({ ...s, type: 'bar', barMaxWidth: 40 })), ...extra,
});

/** The figures as a workbook built in the browser (aggregates only: no person in it). */
async function figuresXlsx(f: Figures, t: (s: string) => string) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const add = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    header.forEach((_, i) => { ws.getColumn(i + 1).width = i === 0 ? 22 : 16; });
  };
  add(t('按救助类别'), [t('救助类别'), t('救助人数'), t('结算笔数'), t('医疗救助（元）'), t('补足（元）')],
    f.byCategory.map((c) => [t(categoryLabel(c.category)), c.persons, c.settlements, c.assistanceYuan, c.topUpYuan]));
  add(t('按乡镇'), [t('乡镇'), t('救助人数'), t('结算笔数'), t('医疗救助（元）'), t('补足（元）')], f.byTownship.map((x) => [x.name, x.persons, x.settlements, x.assistanceYuan, x.topUpYuan]));
  const p = f.registeredPoorInpatient;
  add(t('指标'), [t('指标'), t('数值')], [
    [t('脱贫户住院结算笔数'), p.settlements], [t('脱贫户住院医疗总费用（元）'), p.totalYuan], [t('脱贫户住院报销金额（元）'), p.reimbursedYuan],
    [t('脱贫户住院实际报销比例'), percent(p.ratio)], [t('目标比例'), percent(p.targetRatio)],
    [t('有救助的结算笔数'), f.oneStop.settlements], [t('一站式结算笔数'), f.oneStop.oneStopSettlements], [t('一站式结算占比'), percent(f.oneStop.share)],
    [t('资助参保名单日期'), f.premium.date], [t('有医疗救助类别的人数'), f.premium.eligiblePersons], [t('资助参保人数'), f.premium.subsidisedPersons],
    [t('资助参保金额（元）'), f.premium.totalYuan], [t('资助参保覆盖率'), percent(f.premium.coverage)],
  ]);
  const blob = new Blob([await wb.xlsx.writeBuffer()], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${t('医疗救助统计')}-${f.area}-${f.year}.xlsx`;
  a.click();
  // Revoked once the browser has taken the download.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function FiguresView() {
  const t = useT();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const q = useApi<Figures>([MED, 'figures', { year }]);
  const f = q.data;
  const chart = (option: object, h = 300) => <ReactEChartsCore echarts={echarts} option={option} style={{ height: h }} notMerge />;
  const p = f?.registeredPoorInpatient;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="medical-figures">
      <Card size="small" extra={<Space wrap>
        <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(v) => v && setYear(v.year())} />
        <Button icon={<DownloadOutlined />} disabled={!f} onClick={() => f && figuresXlsx(f, t).catch((e) => message.error((e as Error).message))}>{t('导出 xlsx')}</Button>
      </Space>} title={`${year} ${t('年医疗救助统计')}`}>
        {q.error && <Alert type="error" message={q.error.message} />}
        {!f && !q.error && <Card loading bordered={false} />}
        {f && <Row gutter={[12, 12]}>
          <Col xs={12} md={6}><Statistic title={t('救助人数')} value={f.byCategory.filter((c) => c.category !== 'none').reduce((s, c) => s + c.persons, 0)} /></Col>
          <Col xs={12} md={6}><Statistic title={t('医疗救助（元）')} precision={2} value={f.byCategory.reduce((s, c) => s + c.assistanceYuan, 0)} /></Col>
          <Col xs={12} md={6}><Statistic className="medical-poor-ratio" title={`${t('脱贫户住院实际报销比例')}（${t('目标')} ${percent(p!.targetRatio)}）`} value={percent(p!.ratio)}
            valueStyle={{ color: p!.ratio !== null && p!.targetRatio !== null && p!.ratio < p!.targetRatio ? '#cf1322' : undefined }} /></Col>
          <Col xs={12} md={6}><Statistic className="medical-one-stop" title={t('一站式结算占比')} value={percent(f.oneStop.share)} /></Col>
        </Row>}
      </Card>
      {f && <Row gutter={[12, 12]}>
        <Col xs={24} md={12}><Card size="small" title={t('按救助类别')}>{chart(bars(f.byCategory.map((c) => t(categoryLabel(c.category))),
          [{ name: t('医疗救助（元）'), data: f.byCategory.map((c) => c.assistanceYuan) }, { name: t('补足（元）'), data: f.byCategory.map((c) => c.topUpYuan) }]))}</Card></Col>
        <Col xs={24} md={12}><Card size="small" title={t('按乡镇')}>{chart(bars(f.byTownship.map((x) => x.name),
          [{ name: t('医疗救助（元）'), data: f.byTownship.map((x) => x.assistanceYuan) }, { name: t('补足（元）'), data: f.byTownship.map((x) => x.topUpYuan) }]))}</Card></Col>
        <Col xs={24} md={8}><Card size="small" title={t('脱贫户住院实际报销比例')}>{chart({
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` }, grid: { left: 48, right: 48, bottom: 30, top: 30 },
          xAxis: { type: 'category', data: [t('实际报销比例')] }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          series: [{ type: 'bar', name: t('实际报销比例'), barMaxWidth: 60, data: [p!.ratio === null ? 0 : Math.round(p!.ratio * 1000) / 10],
            markLine: p!.targetRatio === null ? undefined : { symbol: 'none', lineStyle: { color: '#cf1322', type: 'dashed' }, label: { formatter: `${t('目标')} ${percent(p!.targetRatio)}` },
              data: [{ yAxis: Math.round(p!.targetRatio * 1000) / 10 }] } }],
        }, 260)}</Card></Col>
        <Col xs={24} md={8}><Card size="small" title={t('一站式结算占比')}>{chart({ tooltip: { trigger: 'item' }, legend: { bottom: 0 },
          series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: '{d}%' }, data: [{ name: t('一站式'), value: f.oneStop.oneStopSettlements }, { name: t('个人垫付'), value: f.oneStop.settlements - f.oneStop.oneStopSettlements }] }] }, 260)}</Card></Col>
        <Col xs={24} md={8}><Card size="small" title={`${t('资助参保覆盖率')} ${percent(f.premium.coverage)}`}>{chart({ tooltip: { trigger: 'item' }, legend: { bottom: 0 },
          series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: '{d}%' }, data: [{ name: t('已资助'), value: f.premium.subsidisedPersons }, { name: t('未资助'), value: Math.max(0, f.premium.eligiblePersons - f.premium.subsidisedPersons) }] }] }, 260)}</Card></Col>
        <Col span={24}><Card size="small" title={t('按救助类别')}>
          <Table size="small" rowKey="category" pagination={false} dataSource={f.byCategory} scroll={{ x: 560 }} columns={[
            { title: t('救助类别'), dataIndex: 'category', render: (c: string) => t(categoryLabel(c)) }, { title: t('救助人数'), dataIndex: 'persons', align: 'right' },
            { title: t('结算笔数'), dataIndex: 'settlements', align: 'right' }, { title: t('医疗救助（元）'), dataIndex: 'assistanceYuan', align: 'right', render: yuan2 },
            { title: t('补足（元）'), dataIndex: 'topUpYuan', align: 'right', render: yuan2 }]} />
        </Card></Col>
      </Row>}
    </Space>
  );
}

function ListsView() {
  const t = useT();
  const session = useSession();
  const [year, setYear] = useState(dayjs().year());
  const [date, setDate] = useState(dayjs().format('YYYY-MM-DD'));
  const premium = useApi<{ persons: number; totalYuan: number; byCategory: Record<string, number> }>([MED, 'premium', { year, date }]);
  const identities = useApi<{ persons: number; rows: { idNumber: string; name: string; householdNo: string; category: string; from: string | null; to: string | null; treatFirst: boolean }[] }>([MED, 'identities', { date }]);
  const [name, setName] = useState('');
  const shown = (identities.data?.rows ?? []).filter((r) => !name || r.name.includes(name) || r.householdNo.includes(name));
  const full = session.can('reveal');
  const note = full ? t('下载的文件含完整身份证号（供医保经办、税务机构使用），下载将记入审计日志') : t('下载的文件中身份证号已脱敏');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Form layout="inline">
        <Form.Item label={t('参保年度')}><InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} /></Form.Item>
        <Form.Item label={t('名单日期')}><DatePicker allowClear={false} value={dayjs(date)} onChange={(v) => v && setDate(v.format('YYYY-MM-DD'))} /></Form.Item>
      </Form>
      <Card title={t('资助参保名单')} size="small" className="medical-premium" extra={<Button icon={<DownloadOutlined />} href={`${MED}/premium?${new URLSearchParams({ year: String(year), date, format: 'xlsx' })}`}>{t('下载 xlsx')}</Button>}>
        <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>
        {premium.error && <Alert type="error" message={premium.error.message} />}
        {premium.data && <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('资助人数')}>{premium.data.persons}</Descriptions.Item>
          <Descriptions.Item label={t('资助金额（元）')}>{yuan2(premium.data.totalYuan)}</Descriptions.Item>
          {Object.entries(premium.data.byCategory).map(([c, v]) => <Descriptions.Item key={c} label={t(PREMIUM_CATEGORY[c] ?? c)}>{yuan2(v)}</Descriptions.Item>)}
        </Descriptions>}
      </Card>
      <Card title={t('医疗救助身份标识名单')} size="small" className="medical-identities" extra={<Space wrap>
        <Button icon={<DownloadOutlined />} href={`${MED}/identities?${new URLSearchParams({ date, format: 'xlsx' })}`}>xlsx</Button>
        <Button icon={<DownloadOutlined />} href={`${MED}/identities?${new URLSearchParams({ date, format: 'csv' })}`}>csv</Button></Space>}>
        <Typography.Paragraph type="secondary">{t('医保信息平台与定点医院据此办理一站式结算和先诊疗后付费。')}{note}</Typography.Paragraph>
        {identities.error && <Alert type="error" message={identities.error.message} />}
        <Space wrap style={{ marginBottom: 8 }}>
          {identities.data && <Typography.Text>{t('共')} {identities.data.persons} {t('人')}</Typography.Text>}
          <Input.Search allowClear className="medical-identities-search" placeholder={t('检索姓名或户编号')} style={{ width: 200 }} onSearch={setName} onChange={(e) => !e.target.value && setName('')} />
        </Space>
        <Table size="small" rowKey="idNumber" loading={identities.isLoading} dataSource={shown} pagination={{ pageSize: 20 }} scroll={{ x: 760 }} columns={[
          { title: t('姓名'), dataIndex: 'name', width: 80 }, { title: t('身份证号'), dataIndex: 'idNumber', width: 170 }, { title: t('户编号'), dataIndex: 'householdNo', width: 100 },
          { title: t('人员类别'), dataIndex: 'category', render: (c: string) => t(categoryLabel(c)) },
          { title: t('开始日期'), dataIndex: 'from', width: 100, render: (v: string | null) => v ?? '—' }, { title: t('结束日期'), dataIndex: 'to', width: 100, render: (v: string | null) => v ?? '—' },
          { title: t('先诊疗后付费'), dataIndex: 'treatFirst', width: 110, render: (v: boolean) => (v ? <Tag color="green">{t('是')}</Tag> : t('否')) }]} />
      </Card>
    </Space>
  );
}

function StatementsView() {
  const t = useT();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const q = useApi<Statements>([MED, 'statements', { month }]);
  return (
    <Card title={t('一站式结算应付定点医疗机构月结算单')} size="small" className="medical-statements" extra={<Space wrap>
      <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => v && setMonth(v.format('YYYY-MM'))} />
      <Button icon={<DownloadOutlined />} href={`${MED}/statements.xlsx?${new URLSearchParams({ month })}`}>{t('下载 xlsx')}</Button></Space>}>
      {q.error && <Alert type="error" message={q.error.message} />}
      {q.data && <Typography.Paragraph>{t('本月应付合计（元）')}：{yuan2(q.data.totalYuan)}</Typography.Paragraph>}
      <Table size="small" rowKey="hospitalName" loading={q.isLoading} dataSource={q.data?.hospitals ?? []} pagination={false} scroll={{ x: 560 }}
        expandable={{ expandedRowRender: (h) => <Table size="small" rowKey="settlementNo" pagination={false} dataSource={h.rows} scroll={{ x: 760 }} columns={[
          { title: t('结算编号'), dataIndex: 'settlementNo' }, { title: t('结算日期'), dataIndex: 'date' }, { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'idNumber' }, { title: t('救助类别'), dataIndex: 'category', render: (c: string) => t(categoryLabel(c)) },
          { title: t('医疗救助（元）'), dataIndex: 'assistanceYuan', align: 'right', render: yuan2 }, { title: t('补足（元）'), dataIndex: 'topUpYuan', align: 'right', render: yuan2 }]} /> }}
        columns={[
          { title: t('定点医疗机构'), dataIndex: 'hospitalName' }, { title: t('结算笔数'), dataIndex: 'settlements', align: 'right' },
          { title: t('医疗救助（元）'), dataIndex: 'assistanceYuan', align: 'right', render: yuan2 }, { title: t('补足（元）'), dataIndex: 'topUpYuan', align: 'right', render: yuan2 },
          { title: t('应付合计（元）'), dataIndex: 'totalYuan', align: 'right', render: yuan2 }]} />
    </Card>
  );
}
