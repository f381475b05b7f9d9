/**
 * 掌上办: the citizen's page, phone-first, outside the login gate. Apply (name, ID number checked as
 * typed, phone, village, what happened, up to 3 photos) and receive an application number; follow the
 * status with that number and the last 6 digits of the ID number, with the notice period and how to
 * object. Nothing of any other person is shown: the server answers only about the one application.
 * 长辈模式 (large type, high contrast, no pop-up; a real button, so the keyboard reaches it) is remembered on
 * the device.
 */
import { useContext, useState, type ComponentProps } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Cascader, ConfigProvider, Descriptions, Form, Input, Result, Segmented, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { ApiError, get, post } from '../api.ts';
import { LangContext, useT } from '../i18n.ts';
import { idNumberRule, PHONE_PATTERN } from '../rules.ts';
import { PUBLIC_API, type PublicArea, type PublicStatus } from '../cases/api.ts';
import { ELDER_KEY, ELDER_THEME, READABLE_THEME } from '../a11y.ts';

const MAX_PHOTOS = 3;

/** 长辈模式, as this device last left it (no storage: off). */
function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => { try { return localStorage.getItem(ELDER_KEY) === '1'; } catch { return false; } });
  const set = (v: boolean) => {
    setOn(v);
    try { localStorage.setItem(ELDER_KEY, v ? '1' : '0'); } catch { /* private mode: for this visit only */ }
  };
  return [on, set];
}

export function PublicPage() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'status' ? 'status' : 'apply';
  const [elder, setElder] = useElderMode();
  return (
    <ConfigProvider theme={elder ? ELDER_THEME : READABLE_THEME}>
    <div className={elder ? 'public-page elder' : 'public-page'}>
      <header className="public-header">
        <div>
          <h1 className="public-title">{t('掌上办')}</h1>
          <div className="public-subtitle">{t('社会救助申请与进度查询')}</div>
        </div>
        <Space wrap size={8} className="public-tools">
          <Button className="elder-toggle" aria-pressed={elder} size={elder ? 'large' : 'middle'} onClick={() => setElder(!elder)}>
            {elder ? `${t('长辈模式')} ✓` : t('长辈模式')}
          </Button>
          <Segmented size={elder ? 'large' : 'small'} value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中', value: 'zh' }, { label: 'EN', value: 'en' }]} />
        </Space>
      </header>
      <main className="public-main">
        <Segmented block size="large" value={tab} onChange={(v) => setParams(v === 'status' ? { tab: 'status' } : {})}
          options={[{ label: t('我要申请'), value: 'apply' }, { label: t('查询进度'), value: 'status' }]} style={{ marginBottom: 12 }} />
        {tab === 'apply' ? <ApplyForm onDone={(number) => setParams({ tab: 'status', number })} /> : <StatusLookup initialNumber={params.get('number') ?? ''} />}
      </main>
    </div>
    </ConfigProvider>
  );
}

/** Sends one photo as the raw body (the server checks its type by its first bytes). */
async function uploadPhoto(number: string, token: string, file: File) {
  const res = await fetch(PUBLIC_API.photo(number), { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream', 'x-upload-token': token } });
  if (!res.ok) {
    const e = (await res.json().catch(() => null))?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP', e.message ?? `照片上传失败（${res.status}）`, e.path ?? null);
  }
}

/**
 * The Cascader puts the props a Form.Item hands its control on its outer box, which has no role: there
 * `aria-required` is not allowed (axe-core: aria-allowed-attr). The field's message says it is required.
 */
function VillageCascader({ 'aria-required': _required, ...props }: ComponentProps<typeof Cascader> & { 'aria-required'?: unknown }) {
  return <Cascader {...props} />;
}

function ApplyForm({ onDone }: { onDone: (number: string) => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [done, setDone] = useState<{ number: string; photoError?: string } | null>(null);
  const areas = useQuery({ queryKey: [PUBLIC_API.areas], queryFn: () => get<{ rows: PublicArea[] }>(PUBLIC_API.areas), staleTime: Infinity });
  // Township → village; a server for several counties starts from the county.
  const rows = areas.data?.rows ?? [];
  type Option = { value: string; label: string; children?: Option[] };
  const below = (code: string, level: string): Option[] => rows.filter((a) => a.parentCode === code && a.level === level)
    .map((a) => ({ value: a.code, label: a.name, ...(level === 'village' ? {} : { children: below(a.code, level === 'county' ? 'township' : 'village') }) }));
  const counties = rows.filter((a) => a.level === 'county');
  const options: Option[] = counties.length > 1 ? counties.map((c) => ({ value: c.code, label: c.name, children: below(c.code, 'township') }))
    : counties.flatMap((c) => below(c.code, 'township'));
  const apply = useMutation<{ number: string; uploadToken: string }, ApiError, Record<string, string>>({
    mutationFn: (v) => post(PUBLIC_API.apply, v),
    onError: (e) => { if (e.path && form.getFieldInstance(e.path)) form.setFields([{ name: e.path, errors: [e.message] }]); },
  });
  const submit = async (v: { name: string; idNumber: string; phone: string; area: string[]; description: string }) => {
    const r = await apply.mutateAsync({ name: v.name, idNumber: v.idNumber, phone: v.phone, areaCode: v.area[v.area.length - 1], description: v.description }).catch(() => null);
    if (!r) return;
    let photoError: string | undefined;
    try {
      for (const p of photos) if (p.originFileObj) await uploadPhoto(r.number, r.uploadToken, p.originFileObj);
    } catch (e) { photoError = (e as Error).message; }
    setDone({ number: r.number, photoError });
  };
  if (done) {
    return (
      <Card>
        <Result status="success" title={t('申请已提交')} subTitle={t('请记下申请编号，凭编号和身份证号后 6 位查询办理进度')}
          extra={<Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={3} copyable className="application-number" style={{ margin: 0 }}>{done.number}</Typography.Title>
            {done.photoError && <Alert type="warning" showIcon message={`${t('照片未能全部上传')}：${done.photoError}`} />}
            <Button type="primary" block onClick={() => onDone(done.number)}>{t('查询进度')}</Button>
          </Space>} />
      </Card>
    );
  }
  const err = apply.error && !(apply.error.path && form.getFieldInstance(apply.error.path)) ? apply.error.message : null;
  return (
    <Card>
      {err && <Alert type="error" showIcon message={err} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} scrollToFirstError>
        <Form.Item name="name" label={t('姓名')} rules={[{ required: true, whitespace: true, message: t('请填写姓名') }]}><Input maxLength={50} autoComplete="name" /></Form.Item>
        <Form.Item name="idNumber" label={t('身份证号')} rules={[{ required: true, message: t('请填写身份证号') }, idNumberRule]} validateDebounce={300}>
          <Input maxLength={18} inputMode="text" autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('联系电话')} rules={[{ required: true, message: t('请填写联系电话') }, { pattern: PHONE_PATTERN, message: t('应为 11 位手机号或带区号的固话') }]}>
          <Input maxLength={13} inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item name="area" label={t('所在村（社区）')} rules={[{ required: true, message: t('请选择到村（社区）一级') },
          { validator: (_, v?: string[]) => (!v?.length || v[v.length - 1].length === 12 ? Promise.resolve() : Promise.reject(new Error(t('请选择到村（社区）一级')))) }]}>
          <VillageCascader options={options} loading={areas.isLoading} showSearch placeholder={t('请选择乡镇和村（社区）')} />
        </Form.Item>
        <Form.Item name="description" label={t('遇到了什么困难')} rules={[{ required: true, whitespace: true, message: t('请说明遇到了什么困难') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('例如：家人重病住院，医疗费用负担重，生活困难')} />
        </Form.Item>
        <Form.Item label={`${t('照片')}（${t('最多')} ${MAX_PHOTOS} ${t('张')}）`} extra={t('可拍摄病历、房屋等情况；只接受 JPG、PNG')}>
          <Upload listType="picture-card" accept="image/jpeg,image/png" fileList={photos} beforeUpload={() => false} maxCount={MAX_PHOTOS}
            onChange={({ fileList }) => setPhotos(fileList.slice(0, MAX_PHOTOS))}>
            {photos.length < MAX_PHOTOS && <div><CameraOutlined /><div style={{ marginTop: 4 }}>{t('添加')}</div></div>}
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={apply.isPending}>{t('提交申请')}</Button>
        <Typography.Paragraph type="secondary" className="public-hint" style={{ marginTop: 12 }}>
          {t('提交后，乡镇（街道）社会救助窗口会与您联系并核实情况。已在政府部门登记的信息不需要重复提供。')}
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}

function StatusLookup({ initialNumber }: { initialNumber: string }) {
  const t = useT();
  const lookup = useMutation<PublicStatus, ApiError, { number: string; idLast6: string }>({ mutationFn: (v) => post(PUBLIC_API.status, v) });
  const s = lookup.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card>
        <Form layout="vertical" onFinish={(v) => lookup.mutate(v)} initialValues={{ number: initialNumber }} requiredMark={false}>
          <Form.Item name="number" label={t('申请编号')} rules={[{ required: true, whitespace: true, message: t('请填写申请编号') }]} normalize={(v: string) => v.toUpperCase()}>
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
          <Form.Item name="idLast6" label={t('身份证号后 6 位')} rules={[{ required: true, pattern: /^\d{5}[\dXx]$/, message: t('请填写身份证号后 6 位') }]}>
            <Input maxLength={6} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={lookup.isPending}>{t('查询')}</Button>
        </Form>
        {lookup.error && <Alert type="error" showIcon message={lookup.error.message} style={{ marginTop: 12 }} />}
      </Card>
      {s && <StatusView s={s} />}
    </Space>
  );
}

function StatusView({ s }: { s: PublicStatus }) {
  const t = useT();
  const color = (p: PublicStatus['programs'][number]) => (p.decision === '批准' ? 'green' : p.decision === '不予批准' ? 'red' : 'blue');
  return (
    <Card title={`${t('申请编号')} ${s.number}`} className="public-status">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('提交日期')}>{s.submittedOn}</Descriptions.Item>
        <Descriptions.Item label={t('办理情况')}><Typography.Text strong className="public-status-text">{s.status}</Typography.Text></Descriptions.Item>
      </Descriptions>
      {s.programs.map((p, i) => (
        <Card key={i} size="small" type="inner" title={p.program} style={{ marginTop: 12 }} extra={<Tag color={color(p)}>{p.decision ?? p.state}</Tag>}>
          <div>{t('当前环节')}：{p.state}</div>
          {p.notice && (
            <Alert type={p.notice.running ? 'warning' : 'info'} showIcon className="public-notice" style={{ marginTop: 8 }}
              message={`${t('公示期')}：${p.notice.startDate} ${t('至')} ${p.notice.endDate}${p.notice.running ? '' : `（${t('已结束')}）`}`}
              description={p.notice.howToObject} />
          )}
          {p.decisionReason && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{t('理由')}：{p.decisionReason}</Typography.Paragraph>}
          {p.startMonth && p.decision === '批准' && <div>{t('起始月份')}：{p.startMonth}</div>}
        </Card>
      ))}
      {s.canAppeal && <Alert type="info" showIcon style={{ marginTop: 12 }} message={s.appealHint} />}
    </Card>
  );
}
