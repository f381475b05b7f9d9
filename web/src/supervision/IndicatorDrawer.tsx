/**
 * One indicator opened from the 督导 page: its trend by month or quarter (a line with the target, points
 * computed rather than read from a monthly snapshot drawn hollow and named in the table), the ranking of
 * the townships in the user's scope (table and bars) and the list behind the number (masked names, paged
 * on the server, each row a link to the household).
 */
import { useState } from 'react';
import { Alert, Card, Drawer, Grid, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useApi } from '../query.ts';
import { useT } from '../i18n.ts';
import { legibleBars } from '../charts.ts';
import { chartValue, formatValue, SUP, UNIT_AXIS, type Indicator, type IndicatorList, type ListRow, type TownshipRow, type Trend, type TrendPoint } from './api.ts';
import { Definition, LightTag, fraction } from './parts.tsx';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const chart = (option: object, h = 280) => <ReactEChartsCore echarts={echarts} option={option} style={{ height: h }} notMerge />;

export function IndicatorDrawer({ indicator, asOf, area, county, onClose }: { indicator: Indicator | null; asOf: string; area?: string; county: boolean; onClose: () => void }) {
  const t = useT();
  const narrow = Grid.useBreakpoint().md === false;
  return (
    // Inside the page rather than on <body>: a drawer on <body> locks its scrolling by setting its width to 100 %, and with the
    // body's default margin the page then runs 8 px wider than a phone's screen.
    <Drawer open={!!indicator} onClose={onClose} width={narrow ? '100%' : 900} destroyOnHidden title={indicator?.name} className="sup-drawer"
      getContainer={() => document.querySelector<HTMLElement>('.supervision-page') ?? document.body}>
      {indicator && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Card size="small"><Space wrap><LightTag light={indicator.light} /><strong>{formatValue(indicator.value, indicator.unit, t)}</strong></Space><Definition i={indicator} /></Card>
          <TrendCard i={indicator} asOf={asOf} area={area} />
          {county && <RankingCard i={indicator} asOf={asOf} />}
          {indicator.hasList && <ListCard i={indicator} asOf={asOf} area={area} />}
        </Space>
      )}
    </Drawer>
  );
}

function TrendCard({ i, asOf, area }: { i: Indicator; asOf: string; area?: string }) {
  const t = useT();
  const [by, setBy] = useState<'month' | 'quarter'>('month');
  const q = useApi<Trend>([SUP, 'indicators', i.key, 'trend', { area, by, to: asOf.slice(0, 7) }]);
  const points = q.data?.points ?? [];
  const option = legibleBars({
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p.period) },
    yAxis: { type: 'value', name: t(UNIT_AXIS[i.unit]), minInterval: i.unit === 'ratio' ? undefined : 1 },
    series: [
      { name: t('指标值'), type: 'line', connectNulls: false,
        data: points.map((p) => ({ value: chartValue(p.value, i.unit), symbol: p.snapshot ? 'circle' : 'emptyCircle', symbolSize: p.snapshot ? 7 : 10 })) },
      ...(points.some((p) => p.target !== null) ? [{ name: t('目标'), type: 'line', symbol: 'none', lineStyle: { type: 'dashed' }, color: '#cf1322',
        data: points.map((p) => chartValue(p.target, i.unit)) }] : []),
    ],
  }, points.length);
  return (
    <Card size="small" title={t('趋势')} className="sup-trend"
      extra={<Segmented size="small" value={by} onChange={(v) => setBy(v as 'month' | 'quarter')} options={[{ value: 'month', label: t('按月') }, { value: 'quarter', label: t('按季度') }]} />}>
      {q.error ? <Alert type="error" message={q.error.message} /> : (
        <>
          {chart(option)}
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('实心点取自月度快照；空心点无快照，按该期末日计算。')}</Typography.Paragraph>
          <Table<TrendPoint> size="small" rowKey="period" loading={q.isLoading} dataSource={points} pagination={false} scroll={{ x: 480 }} className="sup-trend-table"
            columns={[
              { title: t('期间'), dataIndex: 'period' },
              { title: t('指标值'), dataIndex: 'value', render: (v: number | null) => formatValue(v, i.unit, t) },
              ...(i.unit === 'ratio' ? [{ title: t('分子 / 分母'), render: (_: unknown, p: TrendPoint) => fraction(i, p.numerator, p.denominator) }] : []),
              { title: t('目标'), dataIndex: 'target', render: (v: number | null) => formatValue(v, i.unit, t) },
              { title: t('来源'), dataIndex: 'snapshot', render: (s: boolean) => (s ? <Tag color="blue">{t('快照')}</Tag> : <Tag className="sup-not-snapshot">{t('计算（非快照）')}</Tag>) },
            ]} />
        </>
      )}
    </Card>
  );
}

function RankingCard({ i, asOf }: { i: Indicator; asOf: string }) {
  const t = useT();
  const q = useApi<{ key: string; rows: TownshipRow[] }>([SUP, 'indicators', i.key, 'townships', { asOf }]);
  const rows = q.data?.rows ?? [];
  const option = legibleBars({
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: { type: 'value', name: t(UNIT_AXIS[i.unit]) },
    series: [{ name: i.name, type: 'bar', barMaxWidth: 40, data: rows.map((r) => chartValue(r.value, i.unit)) }],
  }, rows.length);
  return (
    <Card size="small" title={t('乡镇排名')} className="sup-ranking">
      {q.error ? <Alert type="error" message={q.error.message} /> : (
        <>
          {chart(option, 260)}
          <Table<TownshipRow> size="small" rowKey="code" loading={q.isLoading} dataSource={rows} pagination={false} scroll={{ x: 520 }} className="sup-ranking-table"
            columns={[
              { title: t('名次'), dataIndex: 'rank', width: 64 },
              { title: t('乡镇'), dataIndex: 'name' },
              { title: t('指标值'), dataIndex: 'value', render: (v: number | null) => formatValue(v, i.unit, t) },
              ...(i.unit === 'ratio' ? [{ title: t('分子 / 分母'), render: (_: unknown, r: TownshipRow) => fraction(i, r.numerator, r.denominator) }] : []),
              { title: t('达标情况'), dataIndex: 'light', render: (l: TownshipRow['light']) => <LightTag light={l} /> },
            ]} />
        </>
      )}
    </Card>
  );
}

/** The columns every list starts with (the server's own titles win where it names them). */
const BASE_COLUMNS = [{ key: 'name', title: '姓名' }, { key: 'householdNo', title: '户编号' }, { key: 'township', title: '乡镇' }, { key: 'village', title: '村（社区）' }];

function ListCard({ i, asOf, area }: { i: Indicator; asOf: string; area?: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const q = useApi<IndicatorList>([SUP, 'indicators', i.key, 'list', { asOf, area, page, pageSize }], { placeholderData: (prev) => prev });
  const d = q.data;
  const server = d?.columns ?? [];
  const columns = [...BASE_COLUMNS.filter((c) => !server.some((s) => s.key === c.key)).map((c) => ({ ...c, title: t(c.title) })), ...server];
  if (!columns.some((c) => c.key === 'reason')) columns.push({ key: 'reason', title: t('原因') });
  return (
    <Card size="small" title={d?.title ?? t('明细')} className="sup-list" extra={<Typography.Text type="secondary">{`${t('共')} ${d?.total ?? 0} ${t('条')} · ${t('姓名已脱敏')}`}</Typography.Text>}>
      {q.error ? <Alert type="error" message={q.error.message} /> : (
        <Table<ListRow & { rowNo: number }> size="small" rowKey="rowNo" loading={q.isFetching} dataSource={(d?.rows ?? []).map((r, n) => ({ ...r, rowNo: n }))} scroll={{ x: 720 }} className="sup-list-table"
          pagination={{ current: page, pageSize, total: d?.total ?? 0, showSizeChanger: true, onChange: (p, s) => { setPage(s !== pageSize ? 1 : p); setPageSize(s); } }}
          columns={columns.map((c) => ({
            key: c.key, title: c.title, dataIndex: c.key,
            render: c.key === 'name' ? (v: unknown, r: ListRow) => <Link to={`/households/${r.householdId}`} className="sup-household-link">{String(v)}</Link>
              : (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join('；') : String(v)),
          }))} />
      )}
    </Card>
  );
}
