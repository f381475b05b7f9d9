/**
 * The forms of a program's steps, one modal per action (ProComponents' ModalForm: the modal, its form,
 * loading and close on success without hand-written state). The server decides which actions the
 * user may take now (`actions` of each program); a refusal is shown at its field when it names one.
 */
import { useRef, type ReactNode } from 'react';
import { App, Button } from 'antd';
import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { api, ApiError } from '../api.ts';
import { useT } from '../i18n.ts';
import { useInvalidate } from '../query.ts';
import { ACTION_LABELS, actionUrl, CASES, type ProgramView } from './api.ts';

type T = (zh: string) => string;
const required = (message: string) => [{ required: true, whitespace: true, message }];
const text = (t: T, name: string, label: string, message?: string) => (
  <ProFormTextArea key={name} name={name} label={t(label)} rules={message ? required(t(message)) : []} fieldProps={{ rows: 3, maxLength: 5000 }} />
);
const amount = (t: T, label: string, requiredMessage?: string) => (
  <ProFormDigit key="amountYuan" name="amountYuan" label={t(label)} min={0.01} fieldProps={{ precision: 2 }} rules={requiredMessage ? [{ required: true, message: t(requiredMessage) }] : []} />
);
const date = (t: T, name: string, label: string) => (
  <ProFormDatePicker key={name} name={name} label={t(label)} width="md" rules={[{ required: true, message: t('请选择日期') }]} />
);

/** The fields each action records (src/cases/model.ts actionInputs). */
function fields(action: string, p: ProgramView, t: T): ReactNode[] {
  const temporary = p.program === '临时救助';
  switch (action) {
    case 'accept': return [text(t, 'note', '受理意见')];
    case 'investigate': return [
      date(t, 'visitedOn', '入户日期'),
      <ProFormSelect key="visitors" name="visitors" label={t('调查人（两人以上）')} mode="tags" fieldProps={{ tokenSeparators: [',', '，', ' '], open: false }}
        rules={[{ required: true, type: 'array', min: 2, message: t('入户调查须两名以上工作人员') }]} />,
      text(t, 'findings', '调查情况', '请填写入户调查情况'),
      <ProFormTextArea key="livingConditions" name="livingConditions" label={t('居住条件')} fieldProps={{ rows: 2, maxLength: 500 }} />,
      <ProFormRadio.Group key="recommendation" name="recommendation" label={t('调查结论')} rules={[{ required: true, message: t('请选择调查结论') }]}
        options={[{ value: 'support', label: t('建议纳入') }, { value: 'oppose', label: t('建议不纳入') }]} />,
    ];
    case 'county_visit': return [
      date(t, 'visitedOn', '入户日期'),
      text(t, 'findings', '县级核查情况', '请填写县级入户核查情况'),
      <ProFormRadio.Group key="agrees" name="agrees" label={t('是否同意乡镇调查结论')} rules={[{ required: true, message: t('请选择') }]}
        options={[{ value: true, label: t('同意') }, { value: false, label: t('不同意') }]} />,
    ];
    case 'verify': return [
      <ProFormRadio.Group key="result" name="result" label={t('核对结果')} rules={[{ required: true, message: t('请选择核对结果') }]}
        options={[{ value: 'pass', label: t('符合') }, { value: 'fail', label: t('不符合') }]} />,
      text(t, 'note', '核对说明', '请填写核对说明（核对了哪些部门数据、结果）'),
    ];
    case 'close_notice': return [text(t, 'note', '公示结果说明')];
    case 'appraise': return [
      date(t, 'heldOn', '评议日期'),
      <ProFormDigit key="participants" name="participants" label={t('参加人数')} min={3} fieldProps={{ precision: 0 }} rules={[{ required: true, message: t('民主评议参加人数至少 3 人') }]} />,
      <ProFormRadio.Group key="result" name="result" label={t('评议结果')} rules={[{ required: true, message: t('请选择评议结果') }]}
        options={[{ value: 'support', label: t('同意') }, { value: 'oppose', label: t('不同意') }]} />,
      text(t, 'minutes', '评议记录', '请填写评议记录'),
    ];
    case 'review': return [text(t, 'opinion', '审核意见', '请填写审核意见'), ...(temporary ? [amount(t, '审核金额（元）')] : [])];
    case 'approve': return [text(t, 'reason', '批准理由', '请填写批准理由'), ...(temporary ? temporaryPayment(t, p) : [])];
    case 'reject': return [text(t, 'reason', '不予批准理由', '请填写不予批准的理由')];
    case 'appeal': return [text(t, 'reason', '复议理由', '请填写申请复议的理由')];
    case 'uphold': return [text(t, 'reason', '复议决定理由', '请填写复议决定理由')];
    case 'overturn': return [text(t, 'reason', '复议决定理由', '请填写复议决定理由'), ...(temporary ? [amount(t, '批准金额（元）')] : [])];
    case 'withdraw': return [text(t, 'reason', '撤回原因', '请填写撤回原因')];
    case 'pay_advance': return [amount(t, '先行救助金额（元）', '请填写金额'), text(t, 'note', '说明')];
    case 'document': return [
      <ProFormText key="recipient" name="recipient" label={t('救助对象')} rules={required(t('请登记救助对象'))} />,
      text(t, 'reason', '救助事由', '请登记救助事由'),
      amount(t, '救助金额（元）', '请填写金额'),
    ];
    default: return [];
  }
}

/**
 * Approving 临时救助 (000:L158): how it is paid — through the payroll (one-off, or 一次审批、分阶段救助 in parts) or from
 * the township reserve — and, for 一事一议 at the county, the coordination mechanism's meeting.
 */
function temporaryPayment(t: T, p: ProgramView): ReactNode[] {
  const out: ReactNode[] = [
    amount(t, '批准金额（元）'),
    <ProFormRadio.Group key="payFrom" name="payFrom" label={t('支付方式')} initialValue="payroll"
      options={[{ value: 'payroll', label: t('随发放名册发放') }, { value: 'reserve', label: t('乡镇备用金支付') }]} />,
    <ProFormSelect key="instalmentsYuan" name="instalmentsYuan" label={t('分阶段救助（每期金额，元；不填为一次发放）')} mode="tags"
      fieldProps={{ tokenSeparators: [',', '，', ' '], open: false }} />,
  ];
  if (p.oneByOne && p.state === 'county_approval') {
    out.push(
      date(t, 'meetingHeldOn', '“一事一议”会议日期'),
      <ProFormTextArea key="meetingMembers" name="meetingMembers" label={t('到会成员（每行：姓名 成员单位，如：张三 财政局）')} fieldProps={{ rows: 4 }}
        rules={required(t('请登记到会成员'))} />,
    );
  }
  return out;
}

/** The approve form's values as the server takes them: instalments as numbers, the meeting as one object. */
function approveBody(v: Record<string, unknown>): Record<string, unknown> {
  const { instalmentsYuan, meetingHeldOn, meetingMembers, ...rest } = v;
  const parts = Array.isArray(instalmentsYuan) && instalmentsYuan.length ? instalmentsYuan.map(Number) : undefined;
  const members = typeof meetingMembers === 'string'
    ? meetingMembers.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => { const [name, ...dept] = l.split(/\s+/); return { name, department: dept.join('') }; }) : undefined;
  return { ...rest, ...(parts ? { instalmentsYuan: parts } : {}), ...(members ? { meeting: { heldOn: meetingHeldOn, members } } : {}) };
}

/** Danger actions look like it. */
const DANGER = new Set(['reject', 'withdraw', 'uphold']);
const PRIMARY = new Set(['accept', 'investigate', 'county_visit', 'verify', 'close_notice', 'appraise', 'review', 'approve', 'overturn', 'pay_advance', 'document']);

/** Sends a form; a refusal naming a field of the form is shown there, any other as a message. Resolves true when done. */
export function useSubmit(formRef: React.RefObject<ProFormInstance | undefined>) {
  const { message } = App.useApp();
  return async (url: string, body: unknown, done: string, after: () => unknown, method = 'POST'): Promise<boolean> => {
    try {
      await api(method, url, body);
      message.success(done);
      await after();
      return true;
    } catch (e) {
      const form = formRef.current;
      if (e instanceof ApiError && e.path && form?.getFieldInstance?.(e.path)) form.setFields([{ name: e.path, errors: [e.message] }]);
      message.error((e as Error).message);
      return false;
    }
  };
}

export function ActionButton({ caseId, program, action }: { caseId: string; program: ProgramView; action: string }) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  const label = t(ACTION_LABELS[action] ?? action);
  const initial = (action === 'pay_advance' || action === 'approve' || action === 'document') && program.amountYuan != null ? { amountYuan: program.amountYuan } : undefined;
  return (
    <ModalForm formRef={formRef} title={`${program.program} · ${label}`} width={560} initialValues={initial} modalProps={{ destroyOnHidden: true, className: `action-${action}` }}
      trigger={<Button type={PRIMARY.has(action) ? 'primary' : 'default'} danger={DANGER.has(action)} className={`act-${action}`}>{label}</Button>}
      submitter={{ searchConfig: { submitText: label, resetText: t('取消') } }}
      onFinish={(v) => submit(actionUrl(caseId, program.id, action), action === 'approve' ? approveBody(v) : v, `${label}：${t('已办理')}`, () => invalidate(CASES, caseId))}>
      {fields(action, program, t)}
    </ModalForm>
  );
}

/** A small form in a modal: a button, fields, posted to `url`; the case is reloaded after. */
export function FormButton({ caseId, url, method, title, button, children, className, danger, initialValues, transform }: {
  caseId: string; url: string; method?: 'POST' | 'PUT'; title: string; button: string; children: ReactNode; className?: string; danger?: boolean;
  initialValues?: Record<string, unknown>; transform?: (v: Record<string, unknown>) => unknown;
}) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  return (
    <ModalForm formRef={formRef} title={title} width={520} initialValues={initialValues} modalProps={{ destroyOnHidden: true }}
      trigger={<Button className={className} danger={danger}>{button}</Button>}
      submitter={{ searchConfig: { submitText: t('提交'), resetText: t('取消') } }}
      onFinish={(v) => submit(url, transform ? transform(v) : v, `${title}：${t('已办理')}`, () => invalidate(CASES, caseId), method)}>
      {children}
    </ModalForm>
  );
}
