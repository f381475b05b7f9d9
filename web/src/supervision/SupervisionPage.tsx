/**
 * 督导 (issue 24, item 2): the figures the documents hold a county to, for its leaders — the county's (or a
 * township's: a township user sees their own; a county user may pick one) indicators as of a chosen date,
 * grouped, each with its value, target and traffic light (a colour and a word), its definition and readable
 * source; an indicator opens its trend, the township ranking and the list behind the number (masked names,
 * each a link to the household). The inspection pack of the chosen date as xlsx and as a printable PDF; the
 * monthly snapshots (recorded by the county admin); and the coverage gaps (应保未保 and 待复核) with their
 * close actions.
 */
import { actorName } from '../labels.ts';
import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Popover, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, InfoCircleOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { useApi, useInvalidate, keyUrl } from '../query.ts';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { todayInChina } from '../rules.ts';
import { dateTime } from '../format.ts';
import { formatValue, SUP, targetText, type Indicator, type Indicators, type Snapshot } from './api.ts';
import { IndicatorDrawer } from './IndicatorDrawer.tsx';
import { Definition, LightTag, fraction } from './parts.tsx';
import { GapsView } from './GapsView.tsx';

export function SupervisionPage() {
  const t = useT();
  const session = useSession();
  const county = session.me.user.areaCode.length === 6;
  const [asOf, setAsOf] = useState(todayInChina());
  const [area, setArea] = useState<string | undefined>(undefined);
  // `?tab=gaps` opens the coverage gaps (the workbench links there).
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'indicators';
  const setTab = (key: string) => setParams(key === 'indicators' ? {} : { tab: key }, { replace: true });
  const townships = session.areas.filter((a) => a.level === 'township');
  const pack = { asOf, area };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="supervision-page">
      <Card size="small">
        <Space wrap size={[12, 8]}>
          <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))} aria-label={t('截至日期')} className="sup-asof"
            disabledDate={(d) => d.format('YYYY-MM-DD') > todayInChina()} />
          {county ? (
            <Select value={area ?? ''} onChange={(v) => setArea(v || undefined)} style={{ minWidth: 160 }} aria-label={t('区域')} className="sup-area"
              options={[{ value: '', label: t('全县') }, ...townships.map((a) => ({ value: a.code, label: a.name }))]} />
          ) : (
            <Typography.Text strong className="sup-area-name">{session.areaName(session.me.user.areaCode)}</Typography.Text>
          )}
          <Button icon={<DownloadOutlined />} href={keyUrl([`${SUP}/pack.xlsx`, pack])} download className="sup-pack-xlsx">{t('导出督导材料')}</Button>
          <Button icon={<PrinterOutlined />} href={keyUrl([`${SUP}/pack.pdf`, pack])} download className="sup-pack-pdf">{t('打印版')}</Button>
        </Space>
      </Card>
      <Tabs activeKey={tab} onChange={setTab} destroyOnHidden className="sup-tabs" items={[
        { key: 'indicators', label: t('督导指标'), children: <IndicatorsView asOf={asOf} area={area} county={county} /> },
        { key: 'gaps', label: t('应保未保/待复核'), children: <GapsView area={area} /> },
        { key: 'snapshots', label: t('月度快照'), children: <Snapshots /> },
      ]} />
    </Space>
  );
}

function IndicatorsView({ asOf, area, county }: { asOf: string; area?: string; county: boolean }) {
  const t = useT();
  const q = useApi<Indicators>([SUP, 'indicators', { asOf, area }]);
  const [open, setOpen] = useState<Indicator | null>(null);
  if (q.error) return <Alert type="error" message={q.error.message} />;
  const d = q.data;
  if (!d) return <Card loading />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} className="sup-indicators">
      <Typography.Text type="secondary" className="sup-scope">{`${d.area.name} · ${t('截至')} ${d.asOf} · ${t('点击指标查看趋势、乡镇排名和明细')}`}</Typography.Text>
      {d.groups.map((g) => {
        const items = d.indicators.filter((i) => i.group === g.key);
        if (!items.length) return null;
        return (
          <Card key={g.key} size="small" title={g.name} className="sup-group">
            <Row gutter={[12, 12]}>
              {items.map((i) => (
                <Col key={i.key} xs={24} sm={12} lg={8} xxl={6}>
                  <IndicatorCard i={i} onOpen={() => setOpen(i)} />
                </Col>
              ))}
            </Row>
          </Card>
        );
      })}
      {d.indicators.length === 0 && <Empty description={t('暂无指标')} />}
      <IndicatorDrawer indicator={open} asOf={d.asOf} area={area} county={county && !area} onClose={() => setOpen(null)} />
    </Space>
  );
}

function IndicatorCard({ i, onOpen }: { i: Indicator; onOpen: () => void }) {
  const t = useT();
  const parts = i.unit === 'ratio' ? fraction(i, i.numerator, i.denominator) : null;
  return (
    <Card size="small" hoverable onClick={onOpen} className={`sup-indicator sup-indicator-${i.key}`} data-key={i.key} style={{ height: '100%' }}
      role="button" tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') onOpen(); }}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space align="start" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text strong className="sup-name">{i.name}</Typography.Text>
          <LightTag light={i.light} />
        </Space>
        <Space align="baseline" wrap size={8}>
          <span className="sup-value" style={{ fontSize: 24, fontWeight: 600 }}>{formatValue(i.value, i.unit, t)}</span>
          {parts && <Typography.Text type="secondary" className="sup-fraction">{parts}</Typography.Text>}
        </Space>
        <Space wrap size={8} style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text type="secondary" className="sup-target">{i.target ? `${t('目标')} ${targetText(i, t)}` : t('无目标')}</Typography.Text>
          <Popover content={<Definition i={i} />} title={i.name} trigger={['hover', 'click']}>
            <Button type="link" size="small" icon={<InfoCircleOutlined />} className="sup-definition-button" onClick={(e) => e.stopPropagation()}>{t('口径与依据')}</Button>
          </Popover>
        </Space>
      </Space>
    </Card>
  );
}

/** The monthly snapshots kept so a past figure can be reproduced; the county admin records this month's. */
function Snapshots() {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const q = useApi<{ rows: Snapshot[] }>([SUP, 'snapshots']);
  const [busy, setBusy] = useState(false);
  const admin = session.me.user.role === 'county_admin';
  const month = todayInChina().slice(0, 7);
  const take = async () => {
    setBusy(true);
    try {
      await post(`${SUP}/snapshots`, { month });
      message.success(`${t('已记录快照')} ${month}`);
      await invalidate(SUP);
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('月度快照')} className="sup-snapshots"
      extra={admin && <Button type="primary" loading={busy} onClick={take} className="sup-take-snapshot">{t('记录本月快照')}</Button>}>
      <Typography.Paragraph type="secondary">{t('每月快照保存当月末全县及各乡镇的全部指标，过去的数字可原样重现；系统每月初自动记录上月快照。')}</Typography.Paragraph>
      {q.error ? <Alert type="error" message={q.error.message} /> : (
        <Table<Snapshot> size="small" rowKey="month" loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={{ pageSize: 12 }} scroll={{ x: 480 }}
          columns={[
            { title: t('月份'), dataIndex: 'month' },
            { title: t('记录时间'), dataIndex: 'takenAt', render: (v: string) => dateTime(v) },
            { title: t('记录人'), dataIndex: 'takenBy', render: (v: string) => actorName(v) },
          ]} />
      )}
    </Card>
  );
}
