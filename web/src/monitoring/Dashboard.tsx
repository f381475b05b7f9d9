/** 监测看板 (ECharts): monitored households by type, risk factor and township; warnings raised vs handled by level and their age; measures and removals by month; visit compliance; xlsx export. */
import { Alert, Button, Card, Col, Row, Statistic } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useT } from '../i18n.ts';
import { useApi } from '../query.ts';
import { LEVELS } from '../../../src/monitoring/vocabulary.ts';
import { MON } from './api.ts';
import { legibleBars, legibleRing } from '../charts.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Dash {
  monitored: number; removed: number; byType: Record<string, number>; byFactor: Record<string, number>;
  byTownship: { code: string; name: string; monitored: number; openWarnings: number }[];
  warnings: { raised: number; handled: number; open: number; byLevel: { level: string; raised: number; handled: number }[]; openAge: Record<string, number> };
  months: { month: string; warnings: number; identified: number; measures: number; removals: number }[];
  visits: { ok: number; due: number; overdue: number };
}

const pie = legibleRing;
const bars = (cats: string[], series: { name: string; data: number[] }[]) => legibleBars({
  tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: cats }, yAxis: { type: 'value', minInterval: 1 },
  series: series.map((s) => ({ ...s, type: 'bar', barMaxWidth: 40 })),
}, cats.length);

export function Dashboard() {
  const t = useT();
  const r = useApi<Dash>([`${MON}/dashboard`]);
  if (r.error) return <Alert type="error" message={r.error.message} />;
  const d = r.data;
  if (!d) return <Card loading />;
  const chart = (option: object, h = 260) => <ReactEChartsCore echarts={echarts} option={option} style={{ height: h }} notMerge />;
  return (
    <Row gutter={[12, 12]}>
      <Col span={24}><Card size="small" extra={<Button icon={<DownloadOutlined />} href={`${MON}/export.xlsx`}>{t('导出 xlsx（脱敏）')}</Button>}>
        <Row gutter={12}>
          <Col xs={12} md={4}><Statistic title={t('监测中')} value={d.monitored} /></Col><Col xs={12} md={4}><Statistic title={t('已消除风险')} value={d.removed} /></Col>
          <Col xs={12} md={4}><Statistic title={t('预警总数')} value={d.warnings.raised} /></Col><Col xs={12} md={4}><Statistic title={t('已处置')} value={d.warnings.handled} /></Col>
          <Col xs={12} md={4}><Statistic title={t('逾期未走访')} value={d.visits.overdue} valueStyle={{ color: d.visits.overdue ? '#cf1322' : undefined }} /></Col>
          <Col xs={12} md={4}><Statistic title={t('本期已走访')} value={d.visits.ok} /></Col>
        </Row>
      </Card></Col>
      <Col xs={24} md={8}><Card size="small" title={t('监测对象类别')}>{chart(pie(d.byType))}</Card></Col>
      <Col xs={24} md={8}><Card size="small" title={t('风险因子')}>{chart(pie(d.byFactor))}</Card></Col>
      <Col xs={24} md={8}><Card size="small" title={t('走访合规')}>{chart(pie({ 本期已走访: d.visits.ok, 本期待走访: d.visits.due, 逾期未走访: d.visits.overdue }))}</Card></Col>
      <Col xs={24} md={12}><Card size="small" title={t('预警：发出与处置（按等级）')}>{chart(bars(d.warnings.byLevel.map((l) => LEVELS[l.level as keyof typeof LEVELS]),
        [{ name: t('发出'), data: d.warnings.byLevel.map((l) => l.raised) }, { name: t('已处置'), data: d.warnings.byLevel.map((l) => l.handled) }]))}</Card></Col>
      <Col xs={24} md={12}><Card size="small" title={t('未处置预警的时长')}>{chart(bars(Object.keys(d.warnings.openAge), [{ name: t('未处置'), data: Object.values(d.warnings.openAge) }]))}</Card></Col>
      <Col xs={24} md={12}><Card size="small" title={t('按乡镇')}>{chart(bars(d.byTownship.map((t) => t.name), [{ name: t('监测中'), data: d.byTownship.map((t) => t.monitored) }, { name: t('未处置预警'), data: d.byTownship.map((t) => t.openWarnings) }]))}</Card></Col>
      <Col xs={24} md={12}><Card size="small" title={t('按月：预警、纳入、措施、风险消除')}>{chart({ ...bars(d.months.map((m) => m.month), [
        { name: t('预警'), data: d.months.map((m) => m.warnings) }, { name: t('纳入'), data: d.months.map((m) => m.identified) },
        { name: t('措施'), data: d.months.map((m) => m.measures) }, { name: t('风险消除'), data: d.months.map((m) => m.removals) }]) })}</Card></Col>
    </Row>
  );
}
