/**
 * One disaster event: its level (proposed by the pack's criteria table, confirmed by a named person, level I
 * marked for the prefecture), the figures of the user's area (households, people, relief by kind and township,
 * paid and pending, in kind), the 灾情报告 to download, and the affected households with their relief — proposed,
 * posted (公示) with objections recorded and checked, approved at the township or county by amount, rebuild
 * progress, in-kind distributions with the signed receipt.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, List, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CameraOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { api, post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { DAMAGE_GRADES, DISASTER_KINDS, HARDSHIP_SEASONS, LEVEL_LABELS, LEVELS, NEEDS, RELIEF_FORMS, RELIEF_KINDS, RELIEF_STATES, type DisasterKind, type Level } from '../../../src/disaster/vocabulary.ts';
import { DIS, fen, uploadFile, type Affected, type DisasterEvent, type Figures, type Relief } from './api.ts';
import { levelTag } from './DisasterPage.tsx';
import { todayInChina as today } from '../rules.ts';


export function EventPage() {
  const t = useT();
  const id = useParams().id!;
  const session = useSession();
  const figures = useApi<Figures>([DIS, 'events', id, 'figures']);
  const list = useApi<{ rows: Affected[] }>([DIS, 'events', id, 'households']);
  if (figures.error) return <Alert type="error" message={figures.error.message} />;
  const f = figures.data;
  if (!f) return <Card loading />;
  const e = f.event;
  const county = session.me.user.areaCode.length === 6 && session.can('registry.write') && session.me.user.role !== 'auditor';
  const writer = session.can('registry.write') && e.status !== 'closed';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} className="disaster-event">
      <Card title={e.name} extra={<Space wrap>
        {writer && <Link to={`/disaster/${id}/register`}><Button type="primary" icon={<PlusOutlined />}>{t('登记受灾家庭')}</Button></Link>}
        <Button icon={<DownloadOutlined />} href={`${DIS}/events/${id}/report.xlsx`}>{t('灾情报告')}</Button>
      </Space>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('灾害种类')}>{t(DISASTER_KINDS[e.kind as DisasterKind])}</Descriptions.Item>
          <Descriptions.Item label={t('时间')}>{e.startedOn}{e.endedOn ? ` ~ ${e.endedOn}` : ` ${t('起')}`}</Descriptions.Item>
          <Descriptions.Item label={t('受灾区域')}>{e.areaNames.join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('响应级别')}>{levelTag(e, t)}{e.confirmedBy ? ` ${t('确认人')}：${e.confirmedBy}` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('条件表建议')} span={2}>{e.proposal.reasons.join('；')}</Descriptions.Item>
        </Descriptions>
        {county && e.status !== 'closed' && <ConfirmLevel event={e} />}
      </Card>
      <FiguresView f={f} />
      <Card title={t('受灾家庭')} loading={!list.data}>
        <List className="disaster-households" dataSource={list.data?.rows ?? []} locale={{ emptyText: t('暂无受灾家庭') }} renderItem={(a) => <AffectedItem a={a} />} />
      </Card>
    </Space>
  );
}

function ConfirmLevel({ event }: { event: DisasterEvent }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await post<{ needsPrefecture: boolean }>(`${DIS}/events/${event.id}/confirm`, { level: v.level, confirmedBy: v.confirmedBy, note: v.note ?? '' });
      message.success(r.needsPrefecture ? t('已确认；该级别须报州人民政府批准') : t('已确认'));
      invalidate(DIS);
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Form form={form} layout="vertical" className="confirm-level" initialValues={{ level: event.level ?? event.proposedLevel ?? undefined }} style={{ marginTop: 12 }}>
      <Row gutter={12}>
        <Col xs={24} md={6}><Form.Item name="level" label={t('确认响应级别')} rules={[{ required: true, message: t('请选择响应级别') }]}>
          <Select options={LEVELS.map((l) => ({ value: l, label: t(LEVEL_LABELS[l]) }))} /></Form.Item></Col>
        <Col xs={24} md={6}><Form.Item name="confirmedBy" label={t('确认人（姓名、职务）')} rules={[{ required: true, whitespace: true, message: t('请填写确认人') }]}><Input maxLength={50} /></Form.Item></Col>
        <Col xs={24} md={8}><Form.Item name="note" label={t('确认说明（与建议不同时必填）')}><Input maxLength={2000} /></Form.Item></Col>
        <Col xs={24} md={4}><Form.Item label=" "><Button onClick={submit}>{t('确认')}</Button></Form.Item></Col>
      </Row>
    </Form>
  );
}

function FiguresView({ f }: { f: Figures }) {
  const t = useT();
  const p = f.people;
  return (
    <Card title={t('灾情统计')}>
      <Row gutter={[12, 12]}>
        {[['受灾户数', p.households], ['受灾人数', p.affected], ['死亡', p.dead], ['失踪', p.missing], ['受伤', p.injured], ['转移安置', p.relocated]].map(([label, v]) => (
          <Col xs={8} md={4} key={label as string}><Statistic title={t(label as string)} value={v as number} /></Col>))}
      </Row>
      <Typography.Paragraph style={{ marginTop: 12 }}>
        {t('房屋')}：{Object.entries(DAMAGE_GRADES).filter(([k]) => k !== 'none').map(([k, v]) => `${t(v)} ${f.damage[k] ?? 0}`).join('，')}；
        {t('建议临时救助')} {f.links.temporaryProposed}，{t('监测预警')} {f.links.warnings}，{t('住房救助转办')} {f.links.housing}
      </Typography.Paragraph>
      <Table className="disaster-by-kind" rowKey="kind" size="small" pagination={false} scroll={{ x: 520 }}
        dataSource={Object.entries(f.byKind).map(([kind, m]) => ({ kind, ...m }))} columns={[
          { title: t('救助类别'), dataIndex: 'kind', render: (k: string) => t(RELIEF_KINDS[k as keyof typeof RELIEF_KINDS]) },
          { title: t('户数'), dataIndex: 'count' }, { title: t('批准（元）'), dataIndex: 'approvedFen', render: fen },
          { title: t('已发（元）'), dataIndex: 'paidFen', render: fen }, { title: t('待发（元）'), dataIndex: 'pendingFen', render: fen }, { title: t('审批中（元）'), dataIndex: 'proposedFen', render: fen },
        ]} />
      <Typography.Paragraph style={{ marginTop: 8 }}>{t('实物发放')}：{f.inKind.count} {t('户')}，{t('折价')} {fen(f.inKind.valueFen)} {t('元')}；{t('待发放')} {f.inKind.pending} {t('户')}</Typography.Paragraph>
      <Table className="disaster-by-township" rowKey="code" size="small" pagination={false} scroll={{ x: 420 }} dataSource={f.byTownship} columns={[
        { title: t('乡镇'), dataIndex: 'name' }, { title: t('受灾户数'), dataIndex: 'households' }, { title: t('受灾人数'), dataIndex: 'people' },
        { title: t('已发（元）'), key: 'paid', render: (_: unknown, x: Figures['byTownship'][number]) => fen(Object.values(x.byKind).reduce((s, m) => s + m.paidFen, 0)) },
        { title: t('待发（元）'), key: 'pending', render: (_: unknown, x: Figures['byTownship'][number]) => fen(Object.values(x.byKind).reduce((s, m) => s + m.pendingFen, 0)) },
      ]} />
    </Card>
  );
}

function AffectedItem({ a }: { a: Affected }) {
  const t = useT();
  const session = useSession();
  const [proposing, setProposing] = useState(false);
  const canPropose = session.can('registry.write') && session.me.user.role !== 'village_staff';
  return (
    <List.Item className="disaster-household" style={{ display: 'block' }}>
      <Space wrap size={4}>
        <Link to={`/households/${a.householdId}`}>{a.head}</Link><span>{a.areaName}</span><Tag color={a.damage === 'collapsed' ? 'red' : a.damage === 'severe' ? 'orange' : 'default'}>{t(DAMAGE_GRADES[a.damage as keyof typeof DAMAGE_GRADES])}</Tag>
        <span>{t('受灾')} {a.affected} {t('人')}</span>{a.needs.map((n) => <Tag key={n}>{t(NEEDS[n as keyof typeof NEEDS])}</Tag>)}
        {a.links.temporaryProposed && (canPropose ? <Link to={`/cases/new?household=${a.householdId}`}><Tag color="gold">{t('建议临时救助')}</Tag></Link> : <Tag color="gold">{t('建议临时救助')}</Tag>)}{a.links.housing && <Link to={`/cases/${a.links.housing}`}><Tag color="blue">{t('住房救助转办')}</Tag></Link>}
        {a.photos.map((p) => <a key={p.id} href={`${DIS}/files/${p.id}`} target="_blank" rel="noreferrer">{t('照片')}</a>)}
      </Space>
      {a.relief.map((r) => <ReliefLine key={r.id} r={r} />)}
      {canPropose && <Button size="small" style={{ marginTop: 4 }} onClick={() => setProposing(true)}>{t('申报救助')}</Button>}
      {proposing && <ProposeRelief a={a} onClose={() => setProposing(false)} />}
    </List.Item>
  );
}

function ReliefLine({ r }: { r: Relief }) {
  const t = useT();
  const session = useSession();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [acting, setActing] = useState<string | null>(null);
  const [distributing, setDistributing] = useState(false);
  const [progressing, setProgressing] = useState(false);
  const role = session.me.user.role;
  const township = role === 'township_staff';
  const countyStaff = (role === 'county_staff' || role === 'county_admin') && session.me.user.areaCode.length === 6;
  const [objecting, setObjecting] = useState(false);
  const [handling, setHandling] = useState<string | null>(null);
  const onNotice = r.state === 'notice' && r.notice !== null;
  const actions: [string, string][] = r.state === 'notice' && township ? [['close_notice', '公示结束'], ['reject', '不予批准']]
    : r.state === 'township_approval' && township ? [['approve', '批准'], ['reject', '不予批准']]
    : r.state === 'township_review' && township ? [['review', '乡镇审核'], ['reject', '不予批准']]
      : r.state === 'county_approval' && countyStaff ? [['approve', '批准'], ['reject', '不予批准']] : [];
  return (
    <div className="relief-line" style={{ marginTop: 4 }}>
      <Space wrap size={4}>
        <span>{t(RELIEF_KINDS[r.kind as keyof typeof RELIEF_KINDS])}{r.season ? `（${t(HARDSHIP_SEASONS[r.season as keyof typeof HARDSHIP_SEASONS])}）` : ''}</span>
        <span>{r.form === 'inKind' ? `${t('实物')}：${r.items}` : `${fen(r.amountFen)} ${t('元')}`}</span>
        <Tag color={r.state === 'approved' || r.state === 'distributed' ? 'green' : r.state === 'rejected' ? 'red' : 'blue'}>{t(RELIEF_STATES[r.state as keyof typeof RELIEF_STATES])}</Tag>
        {actions.map(([action, label]) => <Button key={action} size="small" onClick={() => setActing(action)}>{t(label)}</Button>)}
        {r.state === 'approved' && r.kind === 'rebuild' && !session.me.user.role.startsWith('village') && session.can('registry.write') && <Button size="small" onClick={() => setProgressing(true)}>{t('登记重建进度')}</Button>}
        {r.state === 'approved' && r.form === 'inKind' && session.can('registry.write') && <Button size="small" onClick={() => setDistributing(true)}>{t('登记实物发放')}</Button>}
      </Space>
      {r.notice && (
        <div className="relief-notice" style={{ marginLeft: 8 }}>
          <Space wrap size={4}>
            <Typography.Text type="secondary">{t('公示')} {r.notice.startDate} ~ {r.notice.endDate}</Typography.Text>
            <a href={`/api/workflow/notices/${r.notice.id}/print`} target="_blank" rel="noreferrer">{t('打印公示')}</a>
            <a href={`/api/workflow/notices/${r.notice.id}/pdf`} target="_blank" rel="noreferrer">PDF</a>
            {onNotice && (township || role === 'village_staff') && <Button size="small" onClick={() => setObjecting(true)}>{t('登记异议')}</Button>}
          </Space>
          {r.notice.objections.map((o) => (
            <div key={o.id} className="relief-objection">
              <Typography.Text>{t('异议')}{o.byName ? `（${o.byName}）` : ''}：{o.content}</Typography.Text>{' '}
              {o.result ? <Typography.Text type="secondary">{t('核实结果')}：{o.result}</Typography.Text>
                : <><Tag color="orange">{t('待核实')}</Tag>{onNotice && township && <Button size="small" onClick={() => setHandling(o.id)}>{t('登记核实结果')}</Button>}</>}
            </div>
          ))}
        </div>
      )}
      {objecting && <TextModal title={t('登记异议')} url={`${DIS}/relief/${r.id}/objections`} withObjector onClose={() => setObjecting(false)} />}
      {handling && <TextModal title={t('登记核实结果')} url={`${DIS}/relief/${r.id}/objections/${handling}/handle`} onClose={() => setHandling(null)} />}
      {acting && <ActModal r={r} action={acting} onClose={() => setActing(null)} />}
      {distributing && <DistributeModal r={r} onClose={() => setDistributing(false)} />}
      {progressing && <ProgressModal r={r} onClose={() => setProgressing(false)} />}
    </div>
  );
}

/** An objection to a relief's notice (who objected, optional; what), or the result of checking one. */
function TextModal({ title, url, withObjector, onClose }: { title: string; url: string; withObjector?: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(url, withObjector ? { content: v.text, ...(v.byName ? { byName: v.byName } : {}), ...(v.byPhone ? { byPhone: v.byPhone } : {}) } : { result: v.text });
      message.success(t('已登记'));
      invalidate(DIS);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={submit} okText={t('登记')}>
      <Form form={form} layout="vertical">
        {withObjector && <Form.Item name="byName" label={t('异议人（可不填）')}><Input maxLength={50} /></Form.Item>}
        {withObjector && <Form.Item name="byPhone" label={t('联系电话（可不填）')}><Input maxLength={20} inputMode="tel" /></Form.Item>}
        <Form.Item name="text" label={withObjector ? t('异议内容') : t('核实结果')} rules={[{ required: true, message: withObjector ? t('请填写异议内容') : t('请填写核实结果') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActModal({ r, action, onClose }: { r: Relief; action: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [note, setNote] = useState('');
  const submit = async () => {
    try {
      await post(`${DIS}/relief/${r.id}/act`, { action, note, version: r.version });
      message.success(t('已办理'));
      invalidate(DIS);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title={`${t(RELIEF_KINDS[r.kind as keyof typeof RELIEF_KINDS])} · ${fen(r.amountFen)} ${t('元')}`} onCancel={onClose} onOk={submit} okText={t('确定')}>
      <Typography.Paragraph type="secondary">{r.reasons.join('；')}</Typography.Paragraph>
      <Input.TextArea className="act-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('审核审批意见（必填）')} />
    </Modal>
  );
}

function ProgressModal({ r, onClose }: { r: Relief; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [note, setNote] = useState('');
  const submit = async () => {
    try {
      await post(`${DIS}/relief/${r.id}/progress`, { note });
      message.success(t('已登记进度，下一期补助待发放'));
      invalidate(DIS);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title={t('登记重建进度')} onCancel={onClose} onOk={submit} okText={t('登记')}>
      <Input.TextArea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('重建进度（如 主体完工）')} />
    </Modal>
  );
}

function DistributeModal({ r, onClose }: { r: Relief; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const [receipt, setReceipt] = useState<File | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    if (!receipt) { message.error(t('请拍照上传签收单')); return; }
    try {
      const d = await post<{ id: string }>(`${DIS}/relief/${r.id}/distributions`, { items: v.items, valueYuan: v.valueYuan ?? 0, givenOn: v.givenOn, signedBy: v.signedBy });
      await uploadFile(`${DIS}/distributions/${d.id}/receipt?${new URLSearchParams({ name: receipt.name })}`, receipt);
      message.success(t('已登记发放'));
      invalidate(DIS);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title={t('登记实物发放')} onCancel={onClose} onOk={submit} okText={t('登记')}>
      <Form form={form} layout="vertical" initialValues={{ items: r.items, givenOn: today() }}>
        <Form.Item name="items" label={t('发放实物')} rules={[{ required: true, whitespace: true }]}><Input maxLength={500} /></Form.Item>
        <Form.Item name="valueYuan" label={t('实物折价（元）')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="givenOn" label={t('发放日期')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
        <Form.Item name="signedBy" label={t('签收人')} rules={[{ required: true, whitespace: true, message: t('请填写签收人') }]}><Input maxLength={50} /></Form.Item>
        <Form.Item label={t('签收单照片')} required>
          <Space>
            <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
              <CameraOutlined /><span>{t('拍照或选择照片')}</span>
              <input className="receipt-photo" type="file" accept="image/*,application/pdf" capture="environment" hidden onChange={(e) => setReceipt(e.target.files?.[0] ?? null)} />
            </label>
            {receipt && <Typography.Text type="secondary">{receipt.name}</Typography.Text>}
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProposeRelief({ a, onClose }: { a: Affected; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const formKind = Form.useWatch('form', form);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const bank = v.accountNo ? { bankName: v.bankName, accountNo: v.accountNo, accountName: v.accountName } : undefined;
      const r = await api<{ amountFen: number; level: string }>('POST', `${DIS}/relief`, { affectedId: a.id, kind: v.kind, form: v.form, items: v.items ?? '', ...(v.season ? { season: v.season } : {}), ...(bank ? { bank } : {}) });
      message.success(`${t('已申报')}：${fen(r.amountFen)} ${t('元')}，${r.level === 'county' ? t('报县级审批') : t('乡镇审批')}`);
      invalidate(DIS);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title={`${t('申报救助')} · ${a.head}`} onCancel={onClose} onOk={submit} okText={t('申报')}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'emergency', form: 'cash' }}>
        <Form.Item name="kind" label={t('救助类别')} rules={[{ required: true }]}>
          <Select options={Object.entries(RELIEF_KINDS).map(([value, label]) => ({ value, label: t(label) }))} />
        </Form.Item>
        {kind === 'hardship' && <Form.Item name="season" label={t('季节')} rules={[{ required: true, message: t('请选择') }]}>
          <Select options={Object.entries(HARDSHIP_SEASONS).map(([value, label]) => ({ value, label: t(label) }))} /></Form.Item>}
        {kind === 'emergency' && <Form.Item name="form" label={t('发放形式')}><Select options={Object.entries(RELIEF_FORMS).map(([value, label]) => ({ value, label: t(label) }))} /></Form.Item>}
        {kind === 'emergency' && formKind === 'inKind'
          ? <Form.Item name="items" label={t('实物内容')} rules={[{ required: true, whitespace: true, message: t('请写明发放的实物') }]}><Input maxLength={500} /></Form.Item>
          : <>
              <Typography.Paragraph type="secondary">{t('银行账户（不填则发放到家庭的待遇账户）')}</Typography.Paragraph>
              <Form.Item name="bankName" label={t('开户银行')}><Input maxLength={50} /></Form.Item>
              <Form.Item name="accountNo" label={t('银行账号')} rules={[{ pattern: /^\d{12,30}$/, message: t('银行账号应为 12-30 位数字') }]}><Input maxLength={30} inputMode="numeric" /></Form.Item>
              <Form.Item name="accountName" label={t('账户名')}><Input maxLength={50} /></Form.Item>
            </>}
      </Form>
    </Modal>
  );
}
