/** 资金统计: money paid (approved payrolls) by month, program and township, as a chart and a table, exported as xlsx. */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useT } from '../i18n.ts';
import { useApi } from '../query.ts';
import { legibleBars } from '../charts.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Row { month: string; program: string; townshipCode: string; township: string; households: number; lines: number; amountYuan: number; backPayYuan: number }

export function PaymentsReportPage() {
  const t = useT();
  const [range, setRange] = useState<[string, string]>([dayjs().subtract(11, 'month').format('YYYY-MM'), dayjs().format('YYYY-MM')]);
  const [from, to] = range;
  const r = useApi<{ rows: Row[] }>(['/api/payments/report', { from, to }]);
  const rows = r.data?.rows ?? [];
  const months = [...new Set(rows.map((x) => x.month))];
  const programs = [...new Set(rows.map((x) => x.program))];
  const option = legibleBars({
    tooltip: { trigger: 'axis' },
    legend: { data: programs },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', name: t('元') },
    series: programs.map((p) => ({ name: p, type: 'bar', stack: 'total', barMaxWidth: 48,
      data: months.map((m) => Math.round(rows.filter((x) => x.month === m && x.program === p).reduce((s, x) => s + x.amountYuan * 100, 0)) / 100) })),
  }, months.length);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('资金发放统计（已审批名册）')} extra={<Space>
        <DatePicker.RangePicker picker="month" allowClear={false} value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')])} />
        <Button icon={<DownloadOutlined />} href={`/api/payments/report.xlsx?from=${from}&to=${to}`}>{t('导出 xlsx')}</Button>
      </Space>}>
        {r.error && <Alert type="error" message={r.error.message} />}
        <ReactEChartsCore echarts={echarts} option={option} style={{ height: 360 }} notMerge />
      </Card>
      <Card title={t('按月份、项目、乡镇')}>
        <Table<Row> size="small" rowKey={(x) => `${x.month}-${x.program}-${x.townshipCode}`} loading={r.isLoading} dataSource={rows} pagination={{ pageSize: 30 }}
          columns={[
            { title: t('月份'), dataIndex: 'month' }, { title: t('救助项目'), dataIndex: 'program' }, { title: t('乡镇'), dataIndex: 'township' },
            { title: t('户数'), dataIndex: 'households', align: 'right' }, { title: t('笔数'), dataIndex: 'lines', align: 'right' },
            { title: t('金额（元）'), dataIndex: 'amountYuan', align: 'right', render: (v: number) => v.toFixed(2) },
            { title: t('其中补发（元）'), dataIndex: 'backPayYuan', align: 'right', render: (v: number) => v.toFixed(2) },
          ]} />
      </Card>
    </Space>
  );
}
