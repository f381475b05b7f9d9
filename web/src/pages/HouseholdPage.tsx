import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { maskIdNumber, maskPhone } from '../../../src/domain/mask.ts';
import dayjs from 'dayjs';
import { post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { dateTime, yuan } from '../format.ts';
import { useT } from '../i18n.ts';
import { actorName, CLASSIFICATIONS, HISTORY_ACTIONS, parameterValue, PROGRAMS, STATUSES } from '../labels.ts';
import { sourceLabel } from '../../../src/policy/citations.ts';
import { useSession } from '../session.ts';
import { FindingsPanel } from './FindingsPanel.tsx';
import { PaymentHistoryPanel } from '../payments/PaymentHistoryPanel.tsx';
import { HouseholdMedicalPanel } from '../medical/HouseholdMedicalPanel.tsx';
import { HouseholdCasesPanel } from '../cases/HouseholdCasesPanel.tsx';

interface Member {
  /** As domain/mask.ts sends it: masked numbers, age instead of the birth date (which comes with a reveal). */
  id: string; name: string; idNumber: string; age: number; sex: string; relation: string; laborCapacity: string;
  disabilityGrade: number | null; disabilityKind: string | null; disabilityCertGeneration: number | null; illnesses: string[]; schooling: string; boarding: boolean;
  employed: boolean; monthlyIncomeFen: number; selfCare: string; supporter: string; phone: string | null; status: string; leftReason: string | null;
}
interface Change { field: string; label: string; old: unknown; new: unknown }
interface HistoryEntry { id: number; at: string; actor: string; action: string; reason: string | null; changes: Change[] }
export interface HouseholdView {
  household: { id: string; areaCode: string; ledgerKey: string | null; hukou: string; singleParent: boolean; registeredPoor: boolean; financialAssetsFen: number; vehicles: number;
    businessRegistered: boolean; rigidExpensesFen: number; previousYearIncomeFen: number | null; address: string | null; status: string; closedReason: string | null; headName: string; version: number };
  members: Member[];
  history: HistoryEntry[];
}

export function HouseholdPage() {
  const id = useParams().id!;
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: view, error } = useApi<HouseholdView>(['/api/households', id]);
  const invalidate = useInvalidate();
  const [revealed, setRevealed] = useState<Record<string, { idNumber: string; phone: string | null; birthDate: string }>>({});
  const [closing, setClosing] = useState(false);
  if (error) return <Card><Empty description={error.message} /></Card>;
  if (!view) return <Card loading />;
  const { household: h, members, history } = view;
  const v = session.vocabulary;
  const reveal = async (m: Member) => {
    try {
      const r = await post<{ idNumber: string; phone: string | null; birthDate: string }>(`/api/members/${m.id}/reveal`);
      setRevealed({ ...revealed, [m.id]: r });
      message.info(t('已显示完整号码，本次查看已记入审计日志'));
    } catch (e) { message.error((e as Error).message); }
  };
  const labels: Record<string, Record<string, string>> = {
    relation: v.relations, hukou: v.hukou, laborCapacity: v.laborCapacity, disabilityKind: v.disabilityKinds, schooling: v.schooling,
    selfCare: v.selfCare, supporter: v.supporter, status: { active: t('在册'), closed: t('已注销') },
  };
  /** A history value as read: labels for codes, yuan for fen, identifiers masked like the rest of the page. */
  const display = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    const path = field.split('.');
    // members.<id> (a member joined or left) carries the relation; members.<id>.<field> a member's field.
    const f = path[0] === 'members' && path.length === 2 ? 'relation' : path[path.length - 1];
    if (f.endsWith('Fen')) return `${yuan(value as number)} ${t('元')}`;
    if (f === 'idNumber') return maskIdNumber(String(value));
    if (f === 'phone') return maskPhone(String(value));
    if (f === 'areaCode') return session.areaName(String(value));
    if (typeof value === 'boolean') return value ? t('是') : t('否');
    if (Array.isArray(value)) return value.map((x) => v.illnesses[x] ?? x).join('、') || t('无');
    return labels[f]?.[String(value)] ?? String(value);
  };
  const active = h.status === 'active';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<Space wrap><span>{t('家庭信息')}：{h.headName}</span>{active ? <Tag color="green">{t('在册')}</Tag> : <Tag>{t('已注销')}（{h.closedReason}）</Tag>}</Space>}
        extra={<Space wrap>
          <Button onClick={() => navigate('/households')}>{t('返回')}</Button>
          {active && session.can('registry.write') && <Button onClick={() => navigate(`/cases/new?household=${id}`)}>{t('受理申请')}</Button>}
          {active && session.can('registry.write') && <Button type="primary" onClick={() => navigate(`/households/${id}/edit`)}>{t('编辑')}</Button>}
          {active && session.can('registry.write') && <Button danger onClick={() => setClosing(true)}>{t('注销档案')}</Button>}
        </Space>}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('区划')}>{session.areaName(h.areaCode)}</Descriptions.Item>
          <Descriptions.Item label={t('户籍')}>{v.hukou[h.hukou]}</Descriptions.Item>
          <Descriptions.Item label={t('户编号')}>{h.ledgerKey ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('脱贫户（建档立卡）')}>{h.registeredPoor ? t('是') : t('否')}</Descriptions.Item>
          <Descriptions.Item label={t('单亲家庭')}>{h.singleParent ? t('是') : t('否')}</Descriptions.Item>
          <Descriptions.Item label={t('金融资产')}>{yuan(h.financialAssetsFen)} {t('元')}</Descriptions.Item>
          <Descriptions.Item label={t('机动车')}>{h.vehicles} {t('辆')}</Descriptions.Item>
          <Descriptions.Item label={t('登记经营主体')}>{h.businessRegistered ? t('有') : t('无')}</Descriptions.Item>
          <Descriptions.Item label={t('年刚性支出')}>{yuan(h.rigidExpensesFen)} {t('元')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('家庭成员')} extra={session.can('reveal') && <Typography.Text type="secondary">{t('身份证号和电话已脱敏；查看完整号码会留痕')}</Typography.Text>}>
        <Table<Member> rowKey="id" dataSource={members} pagination={false} size="small" scroll={{ x: 1000 }}
          rowClassName={(m) => (m.status === 'active' ? '' : 'member-left')}
          columns={[
            { title: t('姓名'), dataIndex: 'name', className: 'nowrap', render: (n, m) => <Space>{n}{m.status !== 'active' && <Tag>{m.leftReason ?? t('已移出')}</Tag>}</Space> },
            { title: t('身份证号'), dataIndex: 'idNumber', className: 'nowrap', render: (x, m) => (
              <Space><span className="id-number">{revealed[m.id]?.idNumber ?? x}</span>
                {!revealed[m.id] && session.can('reveal') && (
                  <Tooltip title={t('查看完整身份证号和电话，本次查看将记入审计日志')}>
                    <Button size="small" type="link" className="reveal" onClick={() => reveal(m)}>{t('查看')}</Button>
                  </Tooltip>)}</Space>) },
            { title: t('与户主关系'), dataIndex: 'relation', render: (r) => v.relations[r] },
            { title: t('年龄'), dataIndex: 'age', className: 'nowrap member-age', render: (a, m) => (revealed[m.id] ? `${a}（${revealed[m.id].birthDate}）` : a) },
            { title: t('劳动能力'), dataIndex: 'laborCapacity', render: (x) => v.laborCapacity[x] },
            { title: t('残疾'), render: (_, m) => (m.disabilityGrade ? `${v.disabilityKinds[m.disabilityKind!]} ${m.disabilityGrade} ${t('级')}` : '—') },
            { title: t('重病'), dataIndex: 'illnesses', render: (xs: string[]) => xs.map((x) => v.illnesses[x] ?? x).join('、') || '—' },
            { title: t('在校情况'), render: (_, m) => `${v.schooling[m.schooling]}${m.boarding ? `（${t('寄宿')}）` : ''}` },
            { title: t('月收入（元）'), dataIndex: 'monthlyIncomeFen', render: yuan },
            { title: t('联系电话'), dataIndex: 'phone', render: (p, m) => revealed[m.id]?.phone ?? p ?? '—' },
          ]} />
      </Card>
      <HouseholdCasesPanel householdId={id} />
      <ScreeningPanel id={id} anyDate={session.can('reveal')} />
      <FindingsPanel id={id} />
      <PaymentHistoryPanel id={id} />
      <HouseholdMedicalPanel id={id} />
      <Card title={t('变更历史')}>
        <Timeline items={history.map((e) => ({
          key: e.id,
          children: (
            <div className="history-entry">
              <Typography.Text strong>{dateTime(e.at)} · {t(actorName(e.actor))} · {t(HISTORY_ACTIONS[e.action] ?? e.action)}</Typography.Text>
              {e.reason && <div>{t('原因')}：{e.reason}</div>}
              <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
                {e.changes.map((c, i) => <li key={i}>{c.label}：{display(c.field, c.old)} → {display(c.field, c.new)}</li>)}
              </ul>
            </div>
          ),
        }))} />
      </Card>
      <CloseModal open={closing} id={id} reasons={v.closeReasons} onDone={() => { setClosing(false); invalidate('/api/households'); }} onCancel={() => setClosing(false)} />
    </Space>
  );
}

interface Param { name: string; value: unknown; source: string; since?: string; cite?: string }
interface Benefit { program: string; status: string; member?: string; members?: string[]; monthlyYuan?: number; annualYuan?: number; endsOn?: string; approval?: string; advance?: boolean; reasons: { rule: string; text: string; parameters: Param[] }[] }
interface Screening { policy: { packId: string; version: number }; memberNames: Record<string, string>; parameterNames?: Record<string, string>; result: { household: { classification: string; netMonthlyYuan: number }; benefits: Benefit[]; totalMonthlyYuan: number } | { error: { path: string; message: string } } }

/** A share as an officer writes it (30%, 1/3), like the reasons' text. */
function shareText(v: number): string {
  if (Math.abs(v * 100 - Math.round(v * 100)) < 1e-9) return `${Math.round(v * 100)}%`;
  for (let d = 2; d <= 12; d++) if (Math.abs(v * d - Math.round(v * d)) < 1e-9) return `${Math.round(v * d)}/${d}`;
  return String(v);
}

/** One parameter as the officer checks it: what it is, its value, since when, and from which document line or pack. */
function paramText(p: Param, names: Record<string, string>): string {
  const value = typeof p.value === 'number' && p.value > 0 && p.value < 1 ? shareText(p.value) : parameterValue(p.value);
  const cite = sourceLabel(p.cite);
  const from = p.source === 'default' ? `文件默认值${cite ? ` ${cite}` : '（文件未规定）'}` : `政策包${cite ? ` ${cite}` : ''}`;
  return `${names[p.name] ?? '参数'} = ${value}${p.since ? `，${p.since} 起` : ''}，依据：${from}`;
}

/** `anyDate`: roles without reveal screen on today only (ages on other days would show the birth date). */
function ScreeningPanel({ id, anyDate }: { id: string; anyDate: boolean }) {
  const t = useT();
  const [date, setDate] = useState(dayjs());
  const { data, error } = useApi<Screening>(['/api/households', id, 'screening', { date: anyDate ? date.format('YYYY-MM-DD') : undefined }]);
  const r = data?.result;
  // The rules name members by id; the officer reads names.
  const named = (text: string) => Object.entries(data?.memberNames ?? {}).reduce((s, [mid, name]) => s.replaceAll(mid, name), text);
  return (
    <Card title={t('综合救助意见')} className="screening"
      extra={anyDate && <Space>{t('评估日期')}<DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} /></Space>}>
      {error && <Empty description={error.message} />}
      {r && 'error' in r && <Empty description={`${r.error.path}：${r.error.message}`} />}
      {r && 'benefits' in r && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag color="blue">{CLASSIFICATIONS[r.household.classification]}</Tag>
            <span>{t('政策包版本')} {data!.policy.version}</span>
            <span>{t('合计（元/月）')}：<Typography.Text strong>{r.totalMonthlyYuan.toFixed(2)}</Typography.Text></span>
          </Space>
          <Table<Benefit> rowKey={(b) => `${b.program}-${b.member ?? b.members?.join() ?? ''}`} dataSource={r.benefits} pagination={false} size="small" scroll={{ x: 700 }}
            expandable={{ expandedRowRender: (b) => (
              <ul style={{ margin: 0 }} className="screening-reasons">{b.reasons.map((x, i) => <li key={i}>{named(x.text)}{x.parameters.length > 0 && (
                <ul style={{ margin: 0 }}>{x.parameters.map((p) => <li key={p.name}><Typography.Text type="secondary">{paramText(p, data!.parameterNames ?? {})}</Typography.Text></li>)}</ul>
              )}</li>)}</ul>
            ) }}
            columns={[
              { title: t('项目'), dataIndex: 'program', render: (p) => PROGRAMS[p] ?? p },
              { title: t('对象'), render: (_, b) => (b.member ? data!.memberNames[b.member] : b.members ? b.members.map((m) => data!.memberNames[m]).join('、') : '全户') },
              { title: t('结论'), dataIndex: 'status', render: (s) => <Tag color={STATUSES[s]?.color}>{STATUSES[s]?.label ?? s}</Tag> },
              { title: t('金额'), render: (_, b) => (b.monthlyYuan !== undefined ? `${b.monthlyYuan.toFixed(2)} 元/月` : b.annualYuan !== undefined ? `${b.annualYuan.toFixed(2)} 元/年` : b.approval ? (b.approval === 'township' ? '乡镇审批' : '县级审批') : '—') },
              { title: t('说明'), render: (_, b) => (b.endsOn ? `渐退期至 ${b.endsOn}` : b.advance ? `${named(b.reasons[0]?.text ?? '')}；可先行救助` : named(b.reasons[b.reasons.length - 1]?.text ?? '')) },
            ]} />
        </>
      )}
    </Card>
  );
}

function CloseModal({ open, id, reasons, onDone, onCancel }: { open: boolean; id: string; reasons: string[]; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/households/${id}/close`, { reason: [v.kind, v.detail].filter(Boolean).join('：') });
      message.success(t('档案已注销'));
      onDone();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open={open} title={t('注销家庭档案')} okText={t('注销')} okButtonProps={{ danger: true }} onOk={submit} onCancel={onCancel} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="kind" label={t('注销原因')} rules={[{ required: true, message: t('请选择注销原因') }]}>
          <Select options={reasons.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item name="detail" label={t('说明')}><Input.TextArea rows={2} maxLength={400} /></Form.Item>
      </Form>
    </Modal>
  );
}
