/**
 * 受灾人员救助 (issue 21): the county's disaster events (each opens its page), a new event with the observations
 * of its kind's criteria table (the level proposed by the server from the pack), and the emergency periods
 * (000:L164) the county declares.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { DISASTER_KINDS, EVENT_STATES, LEVEL_LABELS, MEASURES, type DisasterKind, type Level } from '../../../src/disaster/vocabulary.ts';
import { DIS, type DisasterEvent, type Emergency } from './api.ts';
import { todayInChina as today } from '../rules.ts';


export function DisasterPage() {
  const t = useT();
  return (
    <Tabs className="disaster-tabs" destroyOnHidden items={[
      { key: 'events', label: t('灾害事件'), children: <EventList /> },
      { key: 'emergencies', label: t('应急期'), children: <Emergencies /> },
    ]} />
  );
}

export function levelTag(e: Pick<DisasterEvent, 'level' | 'proposedLevel' | 'needsPrefecture'>, t: (s: string) => string) {
  if (e.level) return <Tag color={e.level === 'I' ? 'red' : e.level === 'II' ? 'orange' : 'gold'}>{t(LEVEL_LABELS[e.level as Level])}{e.needsPrefecture ? ` · ${t('须报州批准')}` : ''}</Tag>;
  return <Tag>{t('待确认')}{e.proposedLevel ? `（${t('建议')} ${t(LEVEL_LABELS[e.proposedLevel as Level])}）` : ''}</Tag>;
}

function EventList() {
  const t = useT();
  const session = useSession();
  const events = useApi<{ rows: DisasterEvent[] }>([DIS, 'events']);
  const [open, setOpen] = useState(false);
  const county = session.me.user.areaCode.length === 6 && session.can('registry.write') && session.me.user.role !== 'auditor';
  if (events.error) return <Alert type="error" message={events.error.message} />;
  return (
    <Card title={t('灾害事件')} loading={!events.data} extra={county && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('登记灾害事件')}</Button>}>
      <List className="disaster-events" dataSource={events.data?.rows ?? []} locale={{ emptyText: t('暂无灾害事件') }} renderItem={(e) => (
        <List.Item>
          <List.Item.Meta title={<Link to={`/disaster/${e.id}`}>{e.name}</Link>}
            description={<Space wrap size={4}><Tag>{t(DISASTER_KINDS[e.kind as DisasterKind])}</Tag>{levelTag(e, t)}<span>{e.startedOn}{e.endedOn ? ` ~ ${e.endedOn}` : ''}</span>
              <span>{e.areas.map((a) => session.areaName(a)).join('、')}</span><Tag>{t(EVENT_STATES[e.status as keyof typeof EVENT_STATES])}</Tag></Space>} />
        </List.Item>
      )} />
      {open && <NewEvent onClose={() => setOpen(false)} />}
    </Card>
  );
}

function NewEvent({ onClose }: { onClose: () => void }) {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const kind = (Form.useWatch('kind', form) ?? 'snowIce') as DisasterKind;
  const [busy, setBusy] = useState(false);
  const townships = session.areas.filter((a) => a.level === 'township');
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const observations = Object.fromEntries(Object.keys(MEASURES[kind] ?? {}).filter((k) => typeof v[`m_${k}`] === 'number').map((k) => [k, v[`m_${k}`]]));
      const r = await post<{ proposedLevel: string | null; reasons: string[] }>(`${DIS}/events`, { kind, name: v.name, startedOn: v.startedOn, ...(v.endedOn ? { endedOn: v.endedOn } : {}),
        areas: v.areas, observations, description: v.description ?? '' });
      message.success(`${t('已登记')}：${r.proposedLevel ? `${t('建议')} ${t(LEVEL_LABELS[r.proposedLevel as Level])}` : t('未达到响应条件')}`);
      invalidate(DIS);
      onClose();
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
  };
  return (
    <Modal open title={t('登记灾害事件')} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('登记')} width={640}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'snowIce', startedOn: today() }}>
        <Form.Item name="kind" label={t('灾害种类')} rules={[{ required: true }]}>
          <Select options={Object.entries(DISASTER_KINDS).map(([value, label]) => ({ value, label: t(label) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('灾害名称')} rules={[{ required: true, whitespace: true, message: t('请填写灾害名称') }]}><Input maxLength={100} /></Form.Item>
        <Space.Compact block>
          <Form.Item name="startedOn" label={t('开始日期')} rules={[{ required: true, message: t('请填写开始日期') }]} style={{ flex: 1 }}><Input type="date" /></Form.Item>
          <Form.Item name="endedOn" label={t('结束日期')} style={{ flex: 1 }}><Input type="date" /></Form.Item>
        </Space.Compact>
        <Form.Item name="areas" label={t('受灾乡镇')} rules={[{ required: true, message: t('请选择受灾的乡镇') }]}>
          <Select mode="multiple" options={townships.map((a) => ({ value: a.code, label: a.name }))} />
        </Form.Item>
        {MEASURES[kind]
          ? Object.entries(MEASURES[kind]!).map(([k, label]) => (
            <Form.Item key={k} name={`m_${k}`} label={t(label)} style={{ marginBottom: 8 }}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>))
          : <Typography.Paragraph type="secondary">{t('该灾种没有响应条件表，响应级别由确认人根据灾情决定')}</Typography.Paragraph>}
        <Form.Item name="description" label={t('灾情描述（交通、电力、通信、农业等）')}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Emergencies() {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const list = useApi<{ rows: Emergency[] }>([DIS, 'emergencies']);
  const [form] = Form.useForm();
  const county = session.me.user.areaCode.length === 6 && session.can('registry.write') && session.me.user.role !== 'auditor';
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(`${DIS}/emergencies`, { areaCode: v.areaCode ?? session.me.user.areaCode, startsOn: v.startsOn, endsOn: v.endsOn, reason: v.reason });
      message.success(t('已启动应急期'));
      form.resetFields();
      invalidate(DIS, 'emergencies');
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('重大突发公共事件应急期内，按政策包提高低保、特困保障标准或发放临时生活补贴，随当月资金发放；启动晚于应急期开始的，已过月份在下次发放中补发。')} />
      <Card title={t('应急期')} loading={!list.data}>
        <Table rowKey="id" size="small" dataSource={list.data?.rows ?? []} pagination={false} scroll={{ x: 480 }} locale={{ emptyText: t('暂无应急期') }} columns={[
          { title: t('范围'), dataIndex: 'areaName' }, { title: t('开始日期'), dataIndex: 'startsOn' }, { title: t('结束日期'), dataIndex: 'endsOn' }, { title: t('启动原因'), dataIndex: 'reason' },
        ]} />
      </Card>
      {county && (
        <Card title={t('启动应急期')}>
          <Form form={form} layout="vertical" initialValues={{ startsOn: today(), endsOn: today() }}>
            <Form.Item name="areaCode" label={t('范围（不选为全县）')}>
              <Select allowClear options={session.areas.filter((a) => a.level === 'township').map((a) => ({ value: a.code, label: a.name }))} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="startsOn" label={t('开始日期')} rules={[{ required: true }]} style={{ flex: 1 }}><Input type="date" /></Form.Item>
              <Form.Item name="endsOn" label={t('结束日期')} rules={[{ required: true }]} style={{ flex: 1 }}><Input type="date" /></Form.Item>
            </Space.Compact>
            <Form.Item name="reason" label={t('启动原因')} rules={[{ required: true, whitespace: true, message: t('请填写启动原因') }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
            <Button type="primary" onClick={submit}>{t('启动应急期')}</Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
