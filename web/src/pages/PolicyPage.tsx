/** The county's policy pack: current version and history, edit as YAML, what-if preview, publish. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Input, List, Space, Table, Tabs, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { dateTime, yuan } from '../format.ts';
import { useT } from '../i18n.ts';
import { PROGRAMS } from '../labels.ts';
import { useSession } from '../session.ts';

interface Version { id: number; packId: string; version: number; publishedBy: string; publishedAt: string; note: string | null; yaml?: string }
interface ParamDef { type: string; default?: unknown; description: string; source?: string }
interface PolicyReply { current: (Version & { yaml: string }) | null; versions: Version[]; parameters: Record<string, ParamDef> }
interface Side { monthlyFen: number; byProgram: Record<string, number> }
interface Preview {
  current: { version: number } | null; errors: number; changedHouseholds: number;
  townships: { townshipCode: string; households: number; before: Side; after: Side; gainers: number; losers: number }[];
  largestChanges: { id: string; headName: string; areaCode: string; beforeFen: number; afterFen: number }[];
}

export function PolicyPage() {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const { data } = useApi<PolicyReply>(['/api/policy']);
  const invalidate = useInvalidate();
  const [yaml, setYaml] = useState('');
  const [note, setNote] = useState('');
  const [date, setDate] = useState(dayjs());
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The editor starts from the current version, again after each publication.
  useEffect(() => { setYaml(data?.current?.yaml ?? ''); }, [data]);
  const manage = session.can('policy.manage');
  const run = async (what: 'preview' | 'publish') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'preview') setPreview(await post<Preview>('/api/policy/preview', { yaml, date: date.format('YYYY-MM-DD') }));
      else { await post('/api/policy/publish', { yaml, note }); message.success('已发布新版本'); setPreview(null); setNote(''); invalidate('/api/policy'); }
    } catch (e) { setError((e as Error).message); } finally { setBusy(false); }
  };
  if (!data) return <Card loading />;
  const programs = (side: Side) => Object.entries(side.byProgram).map(([p, n]) => `${PROGRAMS[p] ?? p} ${n}`).join('；');
  return (
    <Tabs items={[
      { key: 'current', label: t('现行版本'), children: (
        <Card title={data.current ? `${data.current.packId} 第 ${data.current.version} 版` : '尚未发布政策包'}>
          {data.current && <Typography.Paragraph type="secondary">{data.current.publishedBy} 于 {dateTime(data.current.publishedAt)} 发布：{data.current.note}</Typography.Paragraph>}
          <pre className="policy-yaml" style={{ background: '#fafafa', padding: 12, overflow: 'auto', maxHeight: 480 }}>{data.current?.yaml}</pre>
        </Card>) },
      { key: 'versions', label: t('历史版本'), children: (
        <Card><List dataSource={data.versions} renderItem={(v) => (
          <List.Item><List.Item.Meta title={`${v.packId} 第 ${v.version} 版`} description={`${v.publishedBy} · ${dateTime(v.publishedAt)} · ${v.note ?? ''}`} /></List.Item>
        )} /></Card>) },
      ...(manage ? [{ key: 'edit', label: '修改与发布', children: (
        <Card>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message="修改 YAML 后先“测算”：按新旧两个版本评估本县全部在册家庭，按乡镇比较增减；确认后填写发布说明再发布。每次发布都保留为新版本并记入审计日志。" />
          <Input.TextArea value={yaml} onChange={(e) => setYaml(e.target.value)} rows={18} style={{ fontFamily: 'monospace' }} spellCheck={false} />
          {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
          <Space wrap style={{ marginTop: 12 }}>
            {t('评估日期')}<DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
            <Upload accept=".yaml,.yml" showUploadList={false} beforeUpload={(file) => { file.text().then(setYaml); return false; }}>
              <Button icon={<UploadOutlined />}>上传 YAML</Button>
            </Upload>
            <Button onClick={() => run('preview')} loading={busy}>{t('测算')}</Button>
            <Input placeholder={t('发布说明')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 260 }} />
            <Button type="primary" disabled={!note.trim()} onClick={() => run('publish')} loading={busy}>{t('发布')}</Button>
          </Space>
          {preview && (
            <div style={{ marginTop: 16 }}>
              <Typography.Paragraph>与现行第 {preview.current?.version ?? '—'} 版相比：{preview.changedHouseholds} 户待遇变化{preview.errors > 0 && `，${preview.errors} 户无法评估`}。</Typography.Paragraph>
              <Table rowKey="townshipCode" dataSource={preview.townships} size="small" pagination={false} scroll={{ x: 900 }}
                columns={[
                  { title: '乡镇', dataIndex: 'townshipCode', render: (c) => session.areaName(c) },
                  { title: '户数', dataIndex: 'households' },
                  { title: '现行（元/月）', render: (_, r) => yuan(r.before.monthlyFen) },
                  { title: '新版（元/月）', render: (_, r) => yuan(r.after.monthlyFen) },
                  { title: '增加户', dataIndex: 'gainers' },
                  { title: '减少户', dataIndex: 'losers' },
                  { title: '新版各项目人数/户数', render: (_, r) => programs(r.after) },
                ]} />
              <Typography.Title level={5} style={{ marginTop: 16 }}>变化最大的家庭</Typography.Title>
              <Table rowKey="id" dataSource={preview.largestChanges} size="small" pagination={{ pageSize: 10 }}
                columns={[
                  { title: '户主', dataIndex: 'headName', render: (n, r) => <a href={`#/households/${r.id}`}>{n}</a> },
                  { title: '区划', dataIndex: 'areaCode', render: (c) => session.areaName(c) },
                  { title: '现行', dataIndex: 'beforeFen', render: yuan },
                  { title: '新版', dataIndex: 'afterFen', render: yuan },
                  { title: '变化', render: (_, r) => yuan(r.afterFen - r.beforeFen) },
                ]} />
            </div>
          )}
        </Card>) }] : []),
      { key: 'parameters', label: '参数说明', children: (
        <Card><Table rowKey="name" size="small" pagination={false} scroll={{ x: 800 }}
          dataSource={Object.entries(data.parameters).map(([name, d]) => ({ name, ...d }))}
          columns={[
            { title: '参数', dataIndex: 'name', render: (n) => <code>{n}</code> },
            { title: '说明', dataIndex: 'description' },
            { title: '默认值', dataIndex: 'default', render: (d, r) => ('default' in r ? (d === null ? '未设置' : Array.isArray(d) ? d.join(', ') : typeof d === 'object' ? (Object.keys(d).length ? JSON.stringify(d) : '（空）') : String(typeof d === 'number' ? +d.toFixed(4) : d)) : <Typography.Text type="danger">必填</Typography.Text>) },
            { title: '依据', dataIndex: 'source', render: (s) => s ?? '—' },
          ]} /></Card>) },
    ]} />
  );
}
