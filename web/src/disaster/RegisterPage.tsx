/**
 * 受灾家庭登记 from a phone, for village and township staff during an event: a household of the registry
 * (searched by the head's name or ID number) or a new one (head's name, ID number, village), the people
 * affected, dead, missing, injured and relocated, losses, the house damage grade, immediate needs, and photos
 * taken with the phone's camera (each uploaded after the registration is saved). A household registered for
 * the event already, by this village or another, is refused by the server with the village that did.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { useDebounce } from '../useDebounce.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import { DAMAGE_GRADES, NEEDS } from '../../../src/disaster/vocabulary.ts';
import { DIS, uploadFile, type DisasterEvent } from './api.ts';

interface HouseholdRow { id: string; areaCode: string; headName: string; memberCount: number }

export function RegisterPage() {
  const t = useT();
  const id = useParams().id!;
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const events = useApi<{ rows: DisasterEvent[] }>([DIS, 'events']);
  const [mode, setMode] = useState<'registry' | 'new'>('registry');
  const [search, setSearch] = useState('');
  const q = useDebounce(search, 300);
  const found = useApi<{ rows: HouseholdRow[] }>(['/api/households', { q, pageSize: 20, status: 'active' }], { enabled: q.length > 0 });
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const event = events.data?.rows.find((e) => e.id === id);
  if (events.error) return <Alert type="error" message={events.error.message} />;
  if (!events.data) return <Card loading />;
  if (!event) return <Alert type="error" message={t('灾害事件不存在或不在您的管辖范围内')} />;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const household = mode === 'new'
        ? { household: { areaCode: v.areaCode, hukou: 'rural', members: [{ name: v.headName, idNumber: v.headIdNumber, relation: 'head', monthlyIncomeYuan: 0 }] } }
        : { householdId: v.householdId };
      const r = await post<{ id: string; links: { temporaryProposed?: boolean; housing?: string | null } }>(`${DIS}/events/${id}/households`, {
        ...household, affected: v.affected, dead: v.dead ?? 0, missing: v.missing ?? 0, injured: v.injured ?? 0, relocated: v.relocated ?? 0,
        lossYuan: v.lossYuan ?? 0, damage: v.damage, needs: v.needs ?? [], note: v.note ?? '' });
      for (const f of photos) await uploadFile(`${DIS}/households/${r.id}/photos?${new URLSearchParams({ name: f.name })}`, f);
      const notes = [r.links.temporaryProposed ? t('尚未享受救助，已建议临时救助并报监测预警') : '', r.links.housing ? t('住房倒塌的低保、特困家庭，已转办住房救助') : ''].filter(Boolean);
      setDone(`${t('已登记')}${notes.length ? `：${notes.join('；')}` : ''}`);
      message.success(t('已登记'));
      invalidate(DIS);
      form.resetFields();
      setPhotos([]);
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  const options = (found.data?.rows ?? []).map((h) => ({ value: h.id, label: `${h.headName}（${session.areaName(h.areaCode)}，${h.memberCount} ${t('人')}）` }));
  const count = (name: string, label: string) => (
    <Form.Item name={name} label={t(label)} style={{ flex: 1, marginBottom: 8 }}><InputNumber min={0} max={100} inputMode="numeric" style={{ width: '100%' }} /></Form.Item>
  );
  return (
    <Card title={`${t('登记受灾家庭')} · ${event.name}`} className="disaster-register" styles={{ body: { padding: 12 } }}>
      {done && <Alert type="success" showIcon message={done} style={{ marginBottom: 12 }} action={<Button size="small" onClick={() => navigate(`/disaster/${id}`)}>{t('查看')}</Button>} />}
      <Form form={form} layout="vertical" initialValues={{ affected: 1, damage: 'none', needs: [] }}>
        <Radio.Group className="register-mode" value={mode} onChange={(e) => setMode(e.target.value)} optionType="button" buttonStyle="solid" style={{ marginBottom: 12 }}
          options={[{ value: 'registry', label: t('已在档家庭') }, { value: 'new', label: t('新家庭') }]} />
        {mode === 'registry'
          ? <Form.Item name="householdId" label={t('家庭')} rules={[{ required: true, message: t('请选择家庭') }]}>
              <Select showSearch allowClear filterOption={false} onSearch={setSearch} options={options} loading={found.isFetching}
                placeholder={t('检索户主姓名或身份证号')} notFoundContent={q ? t('未找到') : null} />
            </Form.Item>
          : <>
              <Form.Item name="headName" label={t('户主姓名')} rules={[{ required: true, whitespace: true, message: t('请填写户主姓名') }]}><Input maxLength={50} /></Form.Item>
              <Form.Item name="headIdNumber" label={t('户主身份证号')} rules={[{ required: true, len: 18, message: t('请填写 18 位身份证号') }]}><Input maxLength={18} /></Form.Item>
              <Form.Item name="areaCode" label={t('所在村（社区）')} rules={[{ required: true, len: 12, message: t('请选择到村（社区）一级') }]}><AreaSelect villagesOnly /></Form.Item>
            </>}
        <Space.Compact block>{count('affected', '受灾人数')}{count('relocated', '转移安置')}</Space.Compact>
        <Space.Compact block>{count('dead', '死亡')}{count('missing', '失踪')}{count('injured', '受伤')}</Space.Compact>
        <Form.Item name="damage" label={t('房屋损坏程度')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={Object.entries(DAMAGE_GRADES).map(([value, label]) => ({ value, label: t(label) }))} />
        </Form.Item>
        <Form.Item name="lossYuan" label={t('经济损失（元）')}><InputNumber min={0} inputMode="decimal" style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="needs" label={t('急需')}>
          <Checkbox.Group options={Object.entries(NEEDS).map(([value, label]) => ({ value, label: t(label) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('情况说明')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item label={t('照片')}>
          <Space>
            <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
              <CameraOutlined /><span>{t('拍照或选择照片')}</span>
              <input className="disaster-photos" type="file" accept="image/*" capture="environment" multiple hidden onChange={(e) => setPhotos([...(e.target.files ?? [])])} />
            </label>
            {photos.length > 0 && <Typography.Text type="secondary">{photos.length} {t('张')}</Typography.Text>}
          </Space>
        </Form.Item>
        <Button type="primary" block size="large" loading={busy} onClick={submit}>{t('登记')}</Button>
      </Form>
    </Card>
  );
}
