/**
 * 走访登记 from a phone: the cadre, the date, visit or phone contact, the twelve items of 六看六查
 * (001:L876: six looks, six checks — each 正常 or 有问题 with a note), the eight of 四治三创 (at a home
 * visit: each 已落实 or 需整改 with a note), what was found, and photos
 * (taken with the phone's camera; each uploaded after the visit is saved, streamed to disk by the server).
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { CHECKLIST, IMPROVEMENTS } from '../../../src/monitoring/vocabulary.ts';
import { MON, uploadFile, type Chain } from './api.ts';
import { todayInChina as today } from '../rules.ts';


export function VisitPage() {
  const t = useT();
  const id = useParams().id!;
  const chain = useApi<Chain>([MON, 'households', id]);
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const navigate = useNavigate();
  if (chain.error) return <Alert type="error" message={chain.error.message} />;
  const c = chain.data;
  if (!c) return <Card loading />;
  const all = { ...CHECKLIST.look, ...CHECKLIST.check };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const checklist = Object.fromEntries(Object.keys(all).map((k) => [k, { ok: v[`ok_${k}`] === 'ok', ...(v[`note_${k}`] ? { note: v[`note_${k}`] } : {}) }]));
      const improvements = Object.fromEntries(Object.keys(IMPROVEMENTS).filter((k) => v[`done_${k}`]).map((k) => [k, { done: v[`done_${k}`] === 'done', ...(v[`fix_${k}`] ? { note: v[`fix_${k}`] } : {}) }]));
      const visit = await post<{ id: string }>(`${MON}/households/${id}/visits`, { cadreId: v.cadreId, visitedOn: v.visitedOn, mode: v.mode, checklist, improvements, note: v.note ?? '' });
      for (const f of photos) await uploadFile(`${MON}/visits/${visit.id}/photos?${new URLSearchParams({ name: f.name })}`, f);
      message.success(t('走访已登记'));
      invalidate(MON);
      navigate(`/monitoring/households/${id}`);
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  const item = (k: string, label: string) => (
    <div key={k} className="checklist-item" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8, marginBottom: 8 }}>
      <Form.Item name={`ok_${k}`} label={label} rules={[{ required: true, message: `请选择「${label}」的情况` }]} style={{ marginBottom: 4 }}>
        <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'ok', label: t('正常') }, { value: 'problem', label: t('有问题') }]} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a[`ok_${k}`] !== b[`ok_${k}`]}>
        {({ getFieldValue }) => getFieldValue(`ok_${k}`) === 'problem' && <Form.Item name={`note_${k}`} style={{ marginBottom: 0 }} rules={[{ required: true, message: t('请写明问题') }]}><Input placeholder={t('问题情况')} /></Form.Item>}
      </Form.Item>
    </div>
  );
  // 四治三创 (001:L876): at every home visit, each 已落实 or 需整改 with what is to be done.
  const improvement = (k: string, label: string) => (
    <div key={k} className="improvement-item" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8, marginBottom: 8 }}>
      <Form.Item noStyle shouldUpdate={(a, b) => a.mode !== b.mode}>
        {({ getFieldValue }) => <Form.Item name={`done_${k}`} label={label} rules={getFieldValue('mode') === 'visit' ? [{ required: true, message: `请选择「${label}」的情况` }] : []} style={{ marginBottom: 4 }}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'done', label: t('已落实') }, { value: 'todo', label: t('需整改') }]} />
        </Form.Item>}
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a[`done_${k}`] !== b[`done_${k}`]}>
        {({ getFieldValue }) => getFieldValue(`done_${k}`) === 'todo' && <Form.Item name={`fix_${k}`} style={{ marginBottom: 0 }} rules={[{ required: true, message: t('请写明需整改的情况') }]}><Input placeholder={t('需整改的情况')} /></Form.Item>}
      </Form.Item>
    </div>
  );
  return (
    <Card title={`走访登记 · 户主 ${c.household.headName}`} className="visit-page" styles={{ body: { padding: 12 } }}>
      <Form form={form} layout="vertical" initialValues={{ visitedOn: today(), mode: 'visit', cadreId: c.cadres[0]?.id }}>
        <Form.Item name="cadreId" label={t('走访干部')} rules={[{ required: true, message: t('请选择走访干部') }]}>
          <Select options={c.cadres.map((x) => ({ value: x.id, label: `${x.name}（${x.kind === 'monitoring' ? t('监测帮扶干部') : t('结对联系干部')}）` }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="visitedOn" label={t('日期')} rules={[{ required: true, message: t('请填写日期') }]} style={{ flex: 1 }}><Input type="date" /></Form.Item>
          <Form.Item name="mode" label={t('方式')} style={{ flex: 1 }}><Select options={[{ value: 'visit', label: t('入户走访') }, { value: 'phone', label: t('电话联系') }]} /></Form.Item>
        </Space.Compact>
        <Typography.Title level={5}>{t('六看')}</Typography.Title>
        {Object.entries(CHECKLIST.look).map(([k, l]) => item(k, l))}
        <Typography.Title level={5}>{t('六查')}</Typography.Title>
        {Object.entries(CHECKLIST.check).map(([k, l]) => item(k, l))}
        <Typography.Title level={5}>{t('四治三创（入户走访必填）')}</Typography.Title>
        {Object.entries(IMPROVEMENTS).map(([k, l]) => improvement(k, l))}
        <Form.Item name="note" label={t('走访情况')}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item label={t('照片（JPG、PNG，每张不超过 10 MB）')}>
          <input type="file" accept="image/jpeg,image/png" capture="environment" multiple className="visit-photos"
            onChange={(e) => setPhotos([...(e.target.files ?? [])])} />
          {photos.length > 0 && <div>已选 {photos.length} 张</div>}
        </Form.Item>
        <Button type="primary" block size="large" loading={busy} onClick={submit}>{t('保存走访记录')}</Button>
      </Form>
    </Card>
  );
}
