/**
 * The county's registers around the case workflow: 复核 (reviews due and done), 近亲属备案 (staff
 * relatives), 工作日历 (the working-day calendar with the county's overrides), 备用金 (township
 * emergency reserves). Each is a plain table with its form in a modal (ProComponents' ModalForm).
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Calendar, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProForm, ProFormDigit, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import dayjs, { type Dayjs } from 'dayjs';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import { idNumberRule } from '../rules.ts';
import { useSubmit } from './ActionForms.tsx';
import { CALENDAR, RELATIVES, RESERVES, REVIEWS } from './api.ts';
import { CalendarGapBanner, type UncoveredYear } from '../components/CalendarGapBanner.tsx';

/** A button opening a form in a modal, posted to `url`; `refresh` is invalidated after. */
function Modal({ url, refresh, title, button, children, primary, initialValues, transform }: {
  url: string; refresh: string; title: string; button: React.ReactNode; children: React.ReactNode; primary?: boolean;
  initialValues?: Record<string, unknown>; transform?: (v: Record<string, unknown>) => unknown;
}) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  return (
    <ModalForm formRef={formRef} title={title} width={520} initialValues={initialValues} modalProps={{ destroyOnHidden: true }}
      trigger={typeof button === 'string' ? <Button type={primary ? 'primary' : 'default'} size={primary ? 'middle' : 'small'} icon={primary ? <PlusOutlined /> : undefined}>{button}</Button> : <span>{button}</span>}
      submitter={{ searchConfig: { submitText: t('提交'), resetText: t('取消') } }}
      onFinish={(v) => submit(url, transform ? transform(v) : v, t('已保存'), () => invalidate(refresh))}>
      {children}
    </ModalForm>
  );
}

const OUTCOMES: Record<string, string> = { continue: '继续享受', adjust: '调整待遇', taper: '渐退', stop: '停止' };
interface ReviewRow { id: string; caseId: string; programId: string; areaCode: string; dueDate: string; status: 'due' | 'done'; outcome: string | null; reason: string | null; decidedAt: string | null; program: string; caseNumber: string; applicantName: string }

export function ReviewsPage() {
  const t = useT();
  const session = useSession();
  const [status, setStatus] = useState<'due' | 'done'>('due');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useApi<{ rows: ReviewRow[] }>([REVIEWS, { status, ...page }], { placeholderData: (p) => p });
  const township = session.me.user.role === 'township_staff';
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Card title={t('复核')} className="reviews">
      <Segmented value={status} onChange={(v) => setStatus(v as 'due' | 'done')} style={{ marginBottom: 12 }} options={[{ value: 'due', label: t('待复核') }, { value: 'done', label: t('已复核') }]} />
      <Table<ReviewRow> rowKey="id" size="middle" loading={list.isFetching} dataSource={list.data?.rows} scroll={{ x: 760 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: (page.page - 1) * page.pageSize + (list.data?.rows.length ?? 0) + (list.data?.rows.length === page.pageSize ? 1 : 0), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        rowClassName={(r) => (r.status === 'due' && r.dueDate < today ? 'row-overdue' : '')}
        columns={[
          { title: t('申请编号'), dataIndex: 'caseNumber', render: (n, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link> },
          { title: t('申请人'), dataIndex: 'applicantName' },
          { title: t('项目'), dataIndex: 'program' },
          { title: t('区划'), dataIndex: 'areaCode', render: (c) => session.areaName(c) },
          { title: t('复核日期'), dataIndex: 'dueDate' },
          { title: t('结论'), render: (_, r) => (r.status === 'done' ? <span><Tag>{t(OUTCOMES[r.outcome ?? ''] ?? r.outcome ?? '')}</Tag>{r.reason}</span> : township ? (
            <Modal url={`${REVIEWS}/${r.id}/decision`} refresh={REVIEWS} title={`${t('复核')} · ${r.program}`} button={t('复核结论')}>
              <Typography.Paragraph type="secondary">{t('按复核日家庭档案中的情况重新测算：继续、调整（新快照，次月起按新待遇发放）、渐退（低保）或停止（次月起终止待遇）。')}</Typography.Paragraph>
              <ProFormRadio.Group name="outcome" label={t('复核结论')} rules={[{ required: true, message: t('请选择复核结论') }]}
                options={Object.entries(OUTCOMES).map(([value, label]) => ({ value, label: t(label) }))} />
              <ProFormTextArea name="reason" label={t('复核说明')} rules={[{ required: true, whitespace: true, message: t('请填写复核说明') }]} />
            </Modal>) : <Tag color="blue">{t('待复核')}</Tag>) },
        ]} />
    </Card>
  );
}

interface RelativeRow { id: number; areaCode: string; staffName: string; staffPosition: string; relativeName: string; relativeIdNumber: string; relation: string; addedBy: string; addedAt: string }
const POSITIONS: Record<string, string> = { assistance_staff: '救助经办人员', village_cadre: '村干部' };

export function RelativesPage() {
  const t = useT();
  const session = useSession();
  const list = useApi<{ rows: RelativeRow[] }>([RELATIVES]);
  const admin = session.me.user.role === 'county_admin';
  return (
    <Card title={t('近亲属备案')} className="relatives" extra={admin && (
      <Modal url={RELATIVES} refresh={RELATIVES} title={t('新增近亲属备案')} button={t('新增备案')} primary initialValues={{ staffPosition: 'assistance_staff' }}>
        <ProFormText name="staffName" label={t('工作人员姓名')} rules={[{ required: true, whitespace: true, message: t('请填写工作人员姓名') }]} />
        <ProFormRadio.Group name="staffPosition" label={t('职务')} options={Object.entries(POSITIONS).map(([value, label]) => ({ value, label: t(label) }))} />
        <ProForm.Item name="areaCode" label={t('工作单位（区划）')} rules={[{ required: true, message: t('请选择') }]}><AreaSelect /></ProForm.Item>
        <ProFormText name="relativeName" label={t('近亲属姓名')} rules={[{ required: true, whitespace: true, message: t('请填写近亲属姓名') }]} />
        <ProFormText name="relativeIdNumber" label={t('近亲属身份证号')} rules={[{ required: true, message: t('请填写身份证号') }, idNumberRule]} fieldProps={{ maxLength: 18 }} />
        <ProFormSelect name="relation" label={t('关系')} rules={[{ required: true, message: t('请填写关系（配偶、父母、子女…）') }]}
          options={['配偶', '父母', '子女', '兄弟姐妹', '祖父母、外祖父母', '孙子女、外孙子女', '其他近姻亲'].map((v) => ({ value: v, label: v }))} />
      </Modal>
    )}>
      <Typography.Paragraph type="secondary">{t('受理时按身份证号比对本登记册；申请人或家庭成员在册的，案件标记“近亲属”，并由县级入户核查。')}</Typography.Paragraph>
      <Table<RelativeRow> rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.rows} scroll={{ x: 860 }} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('工作人员'), dataIndex: 'staffName', render: (n, r) => `${n}（${t(POSITIONS[r.staffPosition] ?? r.staffPosition)}）` },
          { title: t('工作单位'), dataIndex: 'areaCode', render: (c) => session.areaName(c) },
          { title: t('近亲属'), dataIndex: 'relativeName' },
          { title: t('身份证号'), dataIndex: 'relativeIdNumber', className: 'nowrap' },
          { title: t('关系'), dataIndex: 'relation' },
          { title: t('备案'), render: (_, r) => `${r.addedBy} · ${dateTime(r.addedAt)}` },
          ...(admin ? [{ title: t('操作'), render: (_: unknown, r: RelativeRow) => (
            <Modal url={`${RELATIVES}/${r.id}/remove`} refresh={RELATIVES} title={t('移除备案')} button={t('移除')}>
              <ProFormTextArea name="reason" label={t('原因')} rules={[{ required: true, whitespace: true, message: t('请填写原因') }]} />
            </Modal>) }] : []),
        ]} />
    </Card>
  );
}

interface CalendarDay { date: string; working: boolean; kind: string; reason: string }
interface CalendarReply { county: string; coveredYears: unknown; uncoveredYears: UncoveredYear[]; days: CalendarDay[]; overrides: { date: string; working: boolean; note: string; setBy?: string; setAt?: string }[] }

export function CalendarPage() {
  const t = useT();
  const session = useSession();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const cal = useApi<CalendarReply>([CALENDAR, { from, to }], { placeholderData: (p) => p });
  const days = new Map((cal.data?.days ?? []).map((d) => [d.date, d]));
  const manage = session.can('policy.manage');
  return (
    <Card title={t('工作日历')} className="work-calendar" extra={manage && (
      <Modal url={CALENDAR} refresh={CALENDAR} title={t('调整本县工作日')} button={t('调整某日')} primary
        transform={(v) => ({ date: v.date, note: v.note, working: v.working === 'reset' ? null : v.working === 'working' })}>
        <ProFormText name="date" label={t('日期（YYYY-MM-DD）')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('日期格式应为 YYYY-MM-DD') }]} />
        <ProFormRadio.Group name="working" label={t('调整为')} rules={[{ required: true, message: t('请选择') }]}
          options={[{ value: 'working', label: t('工作日') }, { value: 'rest', label: t('休息日') }, { value: 'reset', label: t('恢复全国日历') }]} />
        <ProFormTextArea name="note" label={t('说明')} rules={[{ required: true, whitespace: true, message: t('请填写调整说明') }]} />
      </Modal>
    )}>
      <CalendarGapBanner years={cal.data?.uncoveredYears} />
      <Typography.Paragraph type="secondary">{t('各步骤办理期限按工作日计算：国家法定节假日和调休来自全国日历，本县可另行调整（留痕）。')}</Typography.Paragraph>
      <Calendar value={month} onPanelChange={(d) => setMonth(d)} onSelect={(d) => setMonth(d)} fullscreen={false}
        fullCellRender={(d) => {
          const day = days.get(d.format('YYYY-MM-DD'));
          const cls = ['cal-day', day && !day.working ? 'cal-rest' : '', day?.kind === 'override' ? 'cal-override' : ''].join(' ');
          return <Tooltip title={day?.reason}><div className={cls}>{d.date()}</div></Tooltip>;
        }} />
      <Table rowKey="date" size="small" pagination={false} style={{ marginTop: 12 }} dataSource={cal.data?.overrides ?? []}
        locale={{ emptyText: t('本月前后没有本县调整') }}
        columns={[
          { title: t('日期'), dataIndex: 'date' },
          { title: t('调整为'), dataIndex: 'working', render: (w) => (w ? <Tag color="blue">{t('工作日')}</Tag> : <Tag color="red">{t('休息日')}</Tag>) },
          { title: t('说明'), dataIndex: 'note' },
        ]} />
    </Card>
  );
}

interface ReservesReply { limitYuan: number | null; townships: { townshipCode: string; name: string; balanceYuan: number; advancedYuan: number }[];
  movements: { id: number; townshipCode: string; kind: string; amountYuan: number; caseId: string | null; note: string | null; actor: string; at: string }[] }

export function ReservesPage() {
  const t = useT();
  const session = useSession();
  const data = useApi<ReservesReply>([RESERVES]).data;
  const county = ['county_admin', 'county_staff'].includes(session.me.user.role);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('临时救助备用金')} className="reserves" extra={county && (
        <Modal url={`${RESERVES}/allocate`} refresh={RESERVES} title={t('拨付乡镇备用金')} button={t('拨付')} primary>
          <ProForm.Item name="townshipCode" label={t('乡镇（街道）')} rules={[{ required: true, len: 9, message: t('请选择乡镇（街道）') }]}><AreaSelect /></ProForm.Item>
          <ProFormDigit name="amountYuan" label={t('金额（元）')} min={0.01} fieldProps={{ precision: 2 }} rules={[{ required: true, message: t('请填写金额') }]} />
          <ProFormTextArea name="note" label={t('说明')} rules={[{ required: true, whitespace: true, message: t('请填写拨付说明') }]} />
        </Modal>
      )}>
        {data?.limitYuan != null && <Typography.Paragraph type="secondary">{t('每个乡镇备用金余额上限')}：{data.limitYuan.toFixed(2)} {t('元')}</Typography.Paragraph>}
        <Table rowKey="townshipCode" size="small" pagination={false} dataSource={data?.townships ?? []} loading={!data}
          columns={[
            { title: t('乡镇（街道）'), dataIndex: 'name' },
            { title: t('余额（元）'), dataIndex: 'balanceYuan', render: (v: number) => v.toFixed(2) },
            { title: t('已先行支付（元）'), dataIndex: 'advancedYuan', render: (v: number) => v.toFixed(2) },
          ]} />
      </Card>
      <Card title={t('收支记录')}>
        <Table rowKey="id" size="small" dataSource={data?.movements ?? []} scroll={{ x: 640 }} pagination={{ pageSize: 20 }}
          columns={[
            { title: t('时间'), dataIndex: 'at', render: dateTime },
            { title: t('乡镇（街道）'), dataIndex: 'townshipCode', render: (c) => session.areaName(c) },
            { title: t('类别'), dataIndex: 'kind', render: (k) => (k === 'allocate' ? <Tag color="green">{t('拨入')}</Tag> : <Tag color="orange">{t('先行支付')}</Tag>) },
            { title: t('金额（元）'), dataIndex: 'amountYuan', render: (v: number) => v.toFixed(2) },
            { title: t('案件'), dataIndex: 'caseId', render: (id) => (id ? <Link to={`/cases/${id}`}>{t('查看')}</Link> : '—') },
            { title: t('说明'), dataIndex: 'note' },
            { title: t('操作人'), dataIndex: 'actor' },
          ]} />
      </Card>
    </Space>
  );
}
