import { Card, Col, Row, Statistic } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useApi } from '../query.ts';
import { useT } from '../i18n.ts';

// Only the parts of ECharts this page draws with.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface AreaCount { areaCode: string; areaName: string; households: number; persons: number }

export function HomePage() {
  const t = useT();
  // A county user sees townships; a township or village user sees villages.
  const { level, rows } = useApi<{ level: 'township' | 'village'; rows: AreaCount[] }>(['/api/stats/areas']).data ?? { level: 'township', rows: [] };
  const total = (k: 'households' | 'persons') => rows.reduce((s, r) => s + r[k], 0);
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('户数'), t('人数')] },
    grid: { left: 40, right: 16, bottom: 90, top: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.areaName), axisLabel: { rotate: 45 } },
    yAxis: { type: 'value' },
    series: [
      { name: t('户数'), type: 'bar', barMaxWidth: 40, data: rows.map((r) => r.households), itemStyle: { color: '#b71c1c' } },
      { name: t('人数'), type: 'bar', barMaxWidth: 40, data: rows.map((r) => r.persons), itemStyle: { color: '#e0a030' } },
    ],
  };
  return (
    <>
      <Row gutter={[8, 8]}>
        <Col span={8}><Card size="small"><Statistic title={t('户数')} value={total('households')} /></Card></Col>
        <Col span={8}><Card size="small"><Statistic title={t('人数')} value={total('persons')} /></Card></Col>
        <Col span={8}><Card size="small"><Statistic title={t(level === 'township' ? '乡镇数' : '村（社区）数')} value={rows.length} /></Card></Col>
      </Row>
      <Card title={t(level === 'township' ? '各乡镇在册家庭' : '各村（社区）在册家庭')} style={{ marginTop: 16 }}>
        <ReactEChartsCore echarts={echarts} option={option} style={{ height: 420 }} notMerge />
      </Card>
    </>
  );
}
