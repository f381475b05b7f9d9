/**
 * The county's policy pack for a civil servant: the current version parameter by parameter in Chinese
 * (name, value with its unit, where it comes from), the version history, editing as a form grouped by
 * program (dated values as a small table 起始日期 → 值), checked by the server's pack validation with its
 * messages at the fields, the difference from the current version and the what-if preview by
 * township before publishing with a reason (audited). YAML import and export stay under 高级.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Collapse, DatePicker, Input, InputNumber, List, Select, Space, Switch, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { dateTime, yuan } from '../format.ts';
import { useT } from '../i18n.ts';
import { actorName, PROGRAMS as PROGRAM_NAMES } from '../labels.ts';
import { useSession } from '../session.ts';

interface Version { id: number; packId: string; version: number; publishedBy: string; publishedAt: string; note: string | null; yaml?: string }
type Value = number | string | boolean | null | (number | string)[];
/** A parameter the pack sets: one value, or dated values; with its citation (the YAML comment) and, from the server, that citation in words. */
type Setting = ({ value: Value } | { dated: [string, Value][] }) & { cite?: string; sourceText?: string; text?: string };
interface Pack { id: string; name: string; jurisdiction: string; parameters: Record<string, Setting> }
interface CatalogueEntry {
  name: string; label: string; unit?: string; description: string; program: string; type: string; required: boolean;
  values?: string[]; valueLabels?: Record<string, string>; default?: unknown; min?: number; defaultText: string; defaultSource: string;
}
interface PolicyReply { current: (Version & { yaml: string }) | null; form: Pack | null; versions: Version[]; catalogue: CatalogueEntry[]; programs: Record<string, string> }
interface Side { monthlyFen: number; byProgram: Record<string, number> }
interface Change { name: string; label: string; program: string; before: string; after: string }
interface Preview {
  current: { version: number } | null; errors: number; changedHouseholds: number; differences: Change[];
  townships: { townshipCode: string; households: number; before: Side; after: Side; gainers: number; losers: number }[];
  largestChanges: { id: string; headName: string; areaCode: string; beforeFen: number; afterFen: number }[];
}

/** The programs in catalogue order, each with its parameters. */
function byProgram(catalogue: CatalogueEntry[]) {
  const groups = new Map<string, CatalogueEntry[]>();
  for (const p of catalogue) groups.set(p.program, [...(groups.get(p.program) ?? []), p]);
  return [...groups];
}

/** What the server is sent: the values and citations only (the words it added are its own). */
function packToSend(pack: Pack): Pack {
  const parameters: Record<string, Setting> = {};
  for (const [name, s] of Object.entries(pack.parameters)) {
    const cite = s.cite?.trim() ? { cite: s.cite.trim() } : {};
    parameters[name] = 'dated' in s ? { dated: s.dated, ...cite } : { value: s.value, ...cite };
  }
  return { id: pack.id, name: pack.name, jurisdiction: pack.jurisdiction, parameters };
}

/** The value(s) of a setting, to compare with the current version. */
const valueOf = (s: Setting | undefined) => JSON.stringify(s ? ('dated' in s ? s.dated : s.value) : undefined);

/** A fraction field takes 0.2 or 1/3; what looks like a number is sent as one. */
const fromText = (text: string): Value => (text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text.trim());

/** One value's input, by the parameter's type; choices and list entries in Chinese. */
function ValueInput({ p, value, onChange, id, compact }: { p: CatalogueEntry; value: Value; onChange: (v: Value) => void; id: string; compact?: boolean }) {
  const t = useT();
  const options = (keys: string[]) => keys.map((k) => ({ value: k, label: p.valueLabels?.[k] ?? k }));
  switch (p.type) {
    case 'boolean':
      return <Switch id={id} checked={value === true} checkedChildren={t('是')} unCheckedChildren={t('否')} onChange={onChange} />;
    case 'fraction':
      return <Input id={id} className="param-value" value={value === null ? '' : String(value)} onChange={(e) => onChange(fromText(e.target.value))}
        placeholder={t('如 0.2 或 1/3')} style={{ width: compact ? 120 : 160 }} suffix={p.unit?.replace(/^比例/, '') || undefined} />;
    case 'money': case 'number': case 'integer':
      return <InputNumber id={id} className="param-value" value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? null)}
        style={{ width: compact ? 120 : 200 }} addonAfter={compact ? undefined : p.unit} />;
    case 'string':
      return p.values
        ? <Select id={id} className="param-value" value={value as string} onChange={onChange} options={options(p.values)} style={{ minWidth: 200 }} />
        : <Input id={id} className="param-value" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} style={{ width: 240 }} />;
    case 'stringList':
      return <Select id={id} className="param-value" mode={p.valueLabels ? 'multiple' : 'tags'} value={(value as string[]) ?? []} onChange={onChange}
        options={options(Object.keys(p.valueLabels ?? {}))} style={{ minWidth: 240, maxWidth: '100%' }} />;
    case 'numberList':
      return <Select id={id} className="param-value" mode="tags" value={((value as number[]) ?? []).map(String)} onChange={(v: string[]) => onChange(v.map(Number))}
        style={{ minWidth: 160 }} suffixIcon={p.unit} />;
    default:
      return null;
  }
}

/** One parameter in the form: name, unit, meaning and source; its value or its dated values (起始日期 → 值); its error. */
function ParameterRow({ p, setting, original, error, onChange }: {
  p: CatalogueEntry; setting: Setting | undefined; original: Setting | undefined; error?: string; onChange: (s: Setting | undefined) => void;
}) {
  const t = useT();
  const edited = valueOf(setting) !== valueOf(original);
  const source = !setting ? p.defaultSource : !edited ? setting.sourceText ?? t('县自定') : setting.cite?.trim() || t('县自定');
  // A changed value loses the old citation (a 演示值 note would be wrong): the officer states the new basis, or it is 县自定.
  // Back at the current value, the current citation returns.
  const change = (s: Setting) => {
    const same = valueOf(s) === valueOf(original);
    onChange({ ...s, cite: same ? original?.cite : s.cite === original?.cite ? '' : s.cite, sourceText: same ? original?.sourceText : undefined });
  };
  const first = (): Value => (setting && 'value' in setting ? setting.value : setting && 'dated' in setting ? setting.dated[setting.dated.length - 1]?.[1] ?? null : (p.default as Value) ?? null);
  return (
    <div className={`param-row${error ? ' param-error' : ''}${edited ? ' param-edited' : ''}`} data-param={p.name}>
      <div className="param-head">
        <Typography.Text strong>{p.label}</Typography.Text>{p.unit && <Typography.Text type="secondary">（{p.unit}）</Typography.Text>}
        {edited && <Tag color="blue" style={{ marginLeft: 8 }}>{t('已修改')}</Tag>}
        <div><Typography.Text type="secondary">{p.description}</Typography.Text></div>
        <div className="param-source"><Typography.Text type="secondary">{t('依据')}：{source}</Typography.Text></div>
      </div>
      <div className="param-input">
        {!setting ? (
          <Space wrap>
            <Typography.Text>{p.required ? <Typography.Text type="danger">{t('未设置（必填）')}</Typography.Text> : `${t('未设置，按默认')}：${p.defaultText}`}</Typography.Text>
            <Button size="small" onClick={() => change({ value: (p.default as Value) ?? null })}>{t('设置')}</Button>
          </Space>
        ) : 'dated' in setting ? (
          <div className="param-dated">
            <table className="dated-table">
              <thead><tr><th>{t('起始日期')}</th><th>{t('值')}{p.unit && `（${p.unit}）`}</th><th /></tr></thead>
              <tbody>
                {setting.dated.map(([d, v], i) => (
                  <tr key={i}>
                    <td><DatePicker value={d ? dayjs(d) : null} allowClear={false} className="dated-date" style={{ width: 130 }} aria-label={t('起始日期')}
                      onChange={(x) => x && change({ ...setting, dated: setting.dated.map((e, j) => (j === i ? [x.format('YYYY-MM-DD'), e[1]] : e)) })} /></td>
                    <td><ValueInput compact p={p} id={`${p.name}-${i}`} value={v} onChange={(x) => change({ ...setting, dated: setting.dated.map((e, j) => (j === i ? [e[0], x] : e)) })} /></td>
                    <td>{setting.dated.length > 1 && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('删除')}
                      onClick={() => change({ ...setting, dated: setting.dated.filter((_, j) => j !== i) })} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Space wrap>
              <Button size="small" icon={<PlusOutlined />} onClick={() => {
                const last = setting.dated[setting.dated.length - 1];
                change({ ...setting, dated: [...setting.dated, [dayjs(last?.[0]).add(1, 'year').startOf('year').format('YYYY-MM-DD'), last?.[1] ?? null]] });
              }}>{t('添加起始日期')}</Button>
              <Button size="small" type="link" onClick={() => change({ value: first(), cite: setting.cite })}>{t('改为不分日期的一个值')}</Button>
            </Space>
          </div>
        ) : (
          <Space wrap>
            <ValueInput p={p} id={p.name} value={setting.value} onChange={(v) => change({ ...setting, value: v })} />
            <Button size="small" type="link" onClick={() => change({ dated: [[dayjs().format('YYYY-MM-DD'), setting.value]], cite: setting.cite })}>{t('按日期设置')}</Button>
            {!p.required && <Button size="small" type="link" onClick={() => onChange(undefined)}>{t('恢复默认')}</Button>}
          </Space>
        )}
        {setting && edited && (
          <Input size="small" className="param-cite" style={{ marginTop: 6, maxWidth: 420 }} value={setting.cite ?? ''} placeholder={t('修改依据：文件文号及条款，不填为县自定')}
            onChange={(e) => onChange({ ...setting, cite: e.target.value })} />
        )}
        {error && <div className="param-error-text" role="alert"><Typography.Text type="danger">{error}</Typography.Text></div>}
      </div>
    </div>
  );
}

/** What a proposed version changes: the difference parameter by parameter, the preview by township and the largest changes. */
function PreviewResult({ preview, date, programNames }: { preview: Preview; date: string; programNames: Record<string, string> }) {
  const t = useT();
  const session = useSession();
  const programs = (side: Side) => Object.entries(side.byProgram).map(([p, n]) => `${PROGRAM_NAMES[p] ?? p} ${n}`).join('；');
  return (
    <>
      <Typography.Title level={5}>{t('与现行版本的差异')}</Typography.Title>
      {preview.differences.length === 0 ? <Alert type="warning" showIcon message={t('与现行版本相同，没有修改任何参数。')} /> : (
        <Table rowKey="name" size="small" pagination={false} dataSource={preview.differences} className="policy-differences"
          columns={[
            { title: t('项目'), dataIndex: 'program', render: (p) => programNames[p] ?? p, responsive: ['md'] },
            { title: t('参数'), dataIndex: 'label' },
            { title: t('现行'), dataIndex: 'before' },
            { title: t('修改后'), dataIndex: 'after', render: (a) => <Typography.Text strong>{a}</Typography.Text> },
          ]} />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('按乡镇测算')}（{date}）</Typography.Title>
      <Typography.Paragraph>{t('与现行版本相比')}：{preview.changedHouseholds} {t('户待遇变化')}{preview.errors > 0 && `，${preview.errors} ${t('户无法评估')}`}。</Typography.Paragraph>
      <Table rowKey="townshipCode" dataSource={preview.townships} size="small" pagination={false} className="policy-townships"
        columns={[
          { title: t('乡镇'), dataIndex: 'townshipCode', render: (c) => session.areaName(c) },
          { title: t('户数'), dataIndex: 'households', responsive: ['md'] },
          { title: t('现行（元/月）'), render: (_, r) => yuan(r.before.monthlyFen) },
          { title: t('修改后（元/月）'), render: (_, r) => yuan(r.after.monthlyFen) },
          { title: t('增加户'), dataIndex: 'gainers' },
          { title: t('减少户'), dataIndex: 'losers' },
          { title: t('修改后各项目人数/户数'), render: (_, r) => programs(r.after), responsive: ['lg'] },
        ]} />
      {preview.largestChanges.length > 0 && <>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('变化最大的家庭')}</Typography.Title>
        <Table rowKey="id" dataSource={preview.largestChanges} size="small" pagination={{ pageSize: 10 }}
          columns={[
            { title: t('户主'), dataIndex: 'headName', render: (n, r) => <a href={`#/households/${r.id}`}>{n}</a> },
            { title: t('区划'), dataIndex: 'areaCode', render: (c) => session.areaName(c), responsive: ['md'] },
            { title: t('现行'), dataIndex: 'beforeFen', render: yuan },
            { title: t('修改后'), dataIndex: 'afterFen', render: yuan },
            { title: t('变化'), render: (_, r) => yuan(r.afterFen - r.beforeFen) },
          ]} />
      </>}
    </>
  );
}

/** The form: every parameter by program, then 检查并测算 (the difference and the preview), then publication with a reason. */
function EditForm({ data }: { data: PolicyReply }) {
  const t = useT();
    const { message } = App.useApp();
  const invalidate = useInvalidate();
  const original = data.form;
  const [pack, setPack] = useState<Pack | null>(original);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [date, setDate] = useState(dayjs());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string[]>(['dibao']);
  useEffect(() => { setPack(original); setPreview(null); setErrors({}); }, [original]);
  const groups = useMemo(() => byProgram(data.catalogue), [data.catalogue]);
  if (!pack) return <Alert type="info" showIcon message={t('本县尚未发布政策包：请在“高级”中导入第一个版本（YAML）。')} />;
  const edit = (name: string, s: Setting | undefined) => {
    const parameters = { ...pack.parameters };
    if (s) parameters[name] = s; else delete parameters[name];
    setPack({ ...pack, parameters });
    setPreview(null);
    setErrors(({ [name]: _, ...rest }) => rest);
  };
  const fail = (e: unknown) => {
    const msg = (e as Error).message;
    setError(msg);
    // The pack's check names `parameters.<name>`; the request's shape check `pack.parameters.<name>.dated…`.
    const path = (e instanceof ApiError ? e.path ?? '' : '').replace(/^pack\./, '');
    const name = data.catalogue.map((p) => p.name).find((n) => path === `parameters.${n}` || path.startsWith(`parameters.${n}.`));
    if (name) {
      setErrors({ [name]: msg });
      const program = data.catalogue.find((p) => p.name === name)!.program;
      setOpen((o) => (o.includes(program) ? o : [...o, program]));
      setTimeout(() => document.querySelector(`[data-param="${name}"]`)?.scrollIntoView({ block: 'center' }), 100);
    }
  };
  const check = async () => {
    setBusy(true); setError(null); setErrors({});
    try { setPreview(await post<Preview>('/api/policy/preview', { pack: packToSend(pack), date: date.format('YYYY-MM-DD') })); } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const publish = async () => {
    setBusy(true); setError(null);
    try {
      await post('/api/policy/publish', { pack: packToSend(pack), note });
      message.success(t('已发布新版本'));
      setNote(''); setPreview(null); invalidate('/api/policy');
    } catch (e) { fail(e); } finally { setBusy(false); }
  };
  const changed = Object.keys(errors).length === 0 && preview;
  return (
    <div className="policy-form">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('修改标准后点“检查并测算”：系统按与发布相同的规则检查每个参数，列出与现行版本的差异，并按乡镇测算待遇增减；确认后填写发布理由再发布。每次发布都保留为新版本并记入审计日志。')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('政策包名称')}</span>
        <Input value={pack.name} onChange={(e) => { setPack({ ...pack, name: e.target.value }); setPreview(null); }} style={{ width: 280 }} aria-label={t('政策包名称')} />
      </Space>
      <Collapse activeKey={open} onChange={(k) => setOpen(k as string[])} items={groups.map(([program, params]) => ({
        key: program,
        label: <span className={`program-${program}`}>{data.programs[program] ?? program}
          {params.some((p) => errors[p.name]) && <Tag color="red" style={{ marginLeft: 8 }}>{t('有错误')}</Tag>}
          {params.some((p) => valueOf(pack.parameters[p.name]) !== valueOf(original?.parameters[p.name])) && <Tag color="blue" style={{ marginLeft: 8 }}>{t('已修改')}</Tag>}</span>,
        children: params.map((p) => <ParameterRow key={p.name} p={p} setting={pack.parameters[p.name]} original={original?.parameters[p.name]} error={errors[p.name]} onChange={(s) => edit(p.name, s)} />),
      }))} />
      {error && <Alert type="error" showIcon message={error} className="policy-error" style={{ marginTop: 12 }} />}
      <Space wrap style={{ marginTop: 12 }}>
        {t('测算日期')}<DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
        <Button type="primary" ghost onClick={check} loading={busy}>{t('检查并测算')}</Button>
      </Space>
      {changed && (
        <div className="policy-preview" style={{ marginTop: 16 }}>
          <PreviewResult preview={preview} date={date.format('YYYY-MM-DD')} programNames={data.programs} />
          <Card size="small" title={t('发布')} style={{ marginTop: 16 }}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={500} aria-label={t('发布理由')}
              placeholder={t('发布理由（必填）：如 依据县政府常务会议决定，自 7 月 1 日起提高农村低保标准')} />
            <Button type="primary" style={{ marginTop: 8 }} disabled={!note.trim() || preview.differences.length === 0} onClick={publish} loading={busy}>{t('发布新版本')}</Button>
          </Card>
        </div>
      )}
    </div>
  );
}

/** For experts: the pack as YAML, imported from a file or pasted, checked and published the same way; the current version downloaded. */
function YamlEditor({ data }: { data: PolicyReply }) {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [yaml, setYaml] = useState('');
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [date, setDate] = useState(dayjs());
  useEffect(() => { setYaml(data.current?.yaml ?? ''); }, [data]);
  const run = async (what: 'preview' | 'publish') => {
    setBusy(true); setError(null);
    try {
      if (what === 'preview') setPreview(await post<Preview>('/api/policy/preview', { yaml, date: date.format('YYYY-MM-DD') }));
      else { await post('/api/policy/publish', { yaml, note }); message.success(t('已发布新版本')); setPreview(null); setNote(''); invalidate('/api/policy'); }
    } catch (e) { setError((e as Error).message); } finally { setBusy(false); }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([data.current?.yaml ?? ''], { type: 'application/yaml' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `${data.current?.packId ?? 'policy'}-v${data.current?.version ?? 0}.yaml` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('供熟悉政策包格式（YAML）的技术人员使用；日常修改请用“修改与发布”的表单。')} />
      <Input.TextArea value={yaml} onChange={(e) => { setYaml(e.target.value); setPreview(null); }} rows={16} style={{ fontFamily: 'monospace' }} spellCheck={false} aria-label="YAML" />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      <Space wrap style={{ marginTop: 12 }}>
        {data.current && <Button icon={<DownloadOutlined />} onClick={download}>{t('导出现行版本')}</Button>}
        {session.can('policy.manage') && <>
          <Upload accept=".yaml,.yml" showUploadList={false} beforeUpload={(file) => { file.text().then((x) => { setYaml(x); setPreview(null); }); return false; }}>
            <Button icon={<UploadOutlined />}>{t('导入 YAML 文件')}</Button>
          </Upload>
          {t('测算日期')}<DatePicker value={date} allowClear={false} onChange={(d) => { if (d) { setDate(d); setPreview(null); } }} />
          <Button onClick={() => run('preview')} loading={busy}>{t('检查并测算')}</Button>
          <Input placeholder={t('发布理由')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 260 }} />
          <Button type="primary" disabled={!note.trim() || !preview} onClick={() => run('publish')} loading={busy}>{t('发布')}</Button>
        </>}
      </Space>
      {preview && <div className="policy-preview" style={{ marginTop: 16 }}><PreviewResult preview={preview} date={date.format('YYYY-MM-DD')} programNames={data.programs} /></div>}
    </>
  );
}

/** The current version parameter by parameter, grouped by program: what is set, its value and its source in words. */
function CurrentVersion({ data }: { data: PolicyReply }) {
  const t = useT();
  const groups = useMemo(() => byProgram(data.catalogue), [data.catalogue]);
  if (!data.current || !data.form) return <Typography.Paragraph>{t('尚未发布政策包')}</Typography.Paragraph>;
  const form = data.form;
  return (
    <>
      <Typography.Paragraph type="secondary">{form.name} · {t('第')} {data.current.version} {t('版')} · {actorName(data.current.publishedBy)} {dateTime(data.current.publishedAt)} {t('发布')}：{data.current.note}</Typography.Paragraph>
      {groups.filter(([, ps]) => ps.some((p) => form.parameters[p.name])).map(([program, ps]) => (
        <div key={program} className="current-program">
          <Typography.Title level={5}>{data.programs[program] ?? program}</Typography.Title>
          <Table rowKey="name" size="small" pagination={false} dataSource={ps.filter((p) => form.parameters[p.name])}
            columns={[
              { title: t('参数'), dataIndex: 'label', width: '30%' },
              { title: t('值'), render: (_, p) => form.parameters[p.name].text },
              { title: t('依据'), render: (_, p) => form.parameters[p.name].sourceText, responsive: ['md'] },
            ]} />
        </div>
      ))}
      <Typography.Paragraph type="secondary">{t('未列出的参数按默认值执行，见“参数说明”。')}</Typography.Paragraph>
    </>
  );
}

export function PolicyPage() {
  const t = useT();
  const session = useSession();
  const { data } = useApi<PolicyReply>(['/api/policy']);
  if (!data) return <Card loading />;
  const manage = session.can('policy.manage');
  return (
    <Card className="policy-page">
      <Tabs items={[
        { key: 'current', label: t('现行版本'), children: <CurrentVersion data={data} /> },
        ...(manage ? [{ key: 'edit', label: t('修改与发布'), children: <EditForm data={data} /> }] : []),
        { key: 'versions', label: t('历史版本'), children: (
          <List dataSource={data.versions} renderItem={(v) => (
            <List.Item><List.Item.Meta title={`${t('第')} ${v.version} ${t('版')}`} description={`${actorName(v.publishedBy)} · ${dateTime(v.publishedAt)} · ${v.note ?? ''}`} /></List.Item>
          )} />) },
        { key: 'parameters', label: t('参数说明'), children: (
          <Table rowKey="name" size="small" pagination={false} dataSource={data.catalogue} className="parameter-catalogue"
            columns={[
              { title: t('项目'), dataIndex: 'program', render: (p) => data.programs[p] ?? p, responsive: ['md'] },
              { title: t('参数'), dataIndex: 'label', render: (l, p) => <>{l}{p.unit && <Typography.Text type="secondary">（{p.unit}）</Typography.Text>}</> },
              { title: t('说明'), dataIndex: 'description', responsive: ['md'] },
              { title: t('默认值'), dataIndex: 'defaultText', render: (d, p) => (p.required ? <Typography.Text type="danger">{t('必填')}</Typography.Text> : d) },
              { title: t('依据'), dataIndex: 'defaultSource', responsive: ['lg'] },
            ]} />) },
        { key: 'advanced', label: t('高级（YAML）'), children: <YamlEditor data={data} /> },
      ]} />
    </Card>
  );
}
