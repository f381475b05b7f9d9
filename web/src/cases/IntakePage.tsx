/**
 * 受理登记: a case at the window, from a village report, a hotline call or a data warning. Pick the
 * household in the registry (or create it first; nothing the registry holds is asked again), take the
 * programs the screening proposes (综合救助意见) or choose them, attach the signed 核对授权书 and other
 * papers; the case page opens when it is saved.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useDebounce } from '../useDebounce.ts';
import { ApiError, post } from '../api.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { idNumberRule, PHONE_PATTERN } from '../rules.ts';
import { useSession } from '../session.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import { ATTACHMENT_KINDS, CASE_PROGRAMS, CASES, ENGINE_PROGRAMS } from './api.ts';
import { uploadAttachment } from './upload.ts';

interface HouseholdRow { id: string; areaCode: string; headName: string; memberCount: number }
interface Screening { result: { benefits: { program: string; status: string }[] } | { error: unknown } }
interface IntakeValues {
  channel: 'window' | 'village' | 'hotline' | 'warning';
  householdId?: string; areaCode?: string; applicantName?: string; applicantIdNumber?: string; applicantPhone?: string;
  description?: string; programs: string[]; subtype?: '急难型' | '支出型'; amountYuan?: number;
  caller?: string; callbackNumber?: string; said?: string; warningSource?: string; warningDetail?: string;
  relativeDeclared?: boolean; bankName?: string; accountNo?: string; accountName?: string;
}

/** The API's path of a field → the form's field name. */
const FIELD_OF: Record<string, string> = { 'hotline.caller': 'caller', 'hotline.callbackNumber': 'callbackNumber', 'hotline.said': 'said', hotline: 'caller',
  'warning.source': 'warningSource', warning: 'warningSource', 'bank.bankName': 'bankName', 'bank.accountNo': 'accountNo', 'bank.accountName': 'accountName' };
export function fieldOfPath(path: string): string {
  if (FIELD_OF[path]) return FIELD_OF[path];
  if (/^programs\[\d+\]\.subtype$/.test(path)) return 'subtype';
  if (/^programs\[\d+\]\.amountYuan$/.test(path)) return 'amountYuan';
  if (path.startsWith('programs')) return 'programs';
  return path;
}

export function IntakePage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<IntakeValues>();
  const village = session.me.user.role === 'village_staff';
  const [search, setSearch] = useState('');
  const q = useDebounce(search, 300);
  const found = useApi<{ rows: HouseholdRow[] }>(['/api/households', { q, pageSize: 20, status: 'active' }], { enabled: q.length > 0 });
  const preset = params.get('household');
  const presetHousehold = useApi<{ household: HouseholdRow }>(['/api/households', preset ?? ''], { enabled: !!preset });
  const householdId = Form.useWatch('householdId', form);
  const channel = Form.useWatch('channel', form) ?? (village ? 'village' : 'window');
  const programs = Form.useWatch('programs', form) ?? [];
  const screening = useApi<Screening>(['/api/households', householdId ?? '', 'screening'], { enabled: !!householdId });
  const [files, setFiles] = useState<{ kind: string; file: UploadFile }[]>([]);
  const [saving, setSaving] = useState(false);

  /** The programs the screening finds the household eligible for (综合救助意见). */
  const proposed = useMemo(() => {
    const r = screening.data?.result;
    if (!r || !('benefits' in r)) return [];
    return [...new Set(r.benefits.filter((b) => b.status === 'eligible' || b.status === 'taper').map((b) => ENGINE_PROGRAMS[b.program]).filter(Boolean))];
  }, [screening.data]);
  /** The household whose screening has been applied to the choice; until then the choice is closed, so a click
   * made while the proposal is still arriving is never undone by it. */
  const [screenedFor, setScreenedFor] = useState<string>();
  useEffect(() => {
    if (!householdId || !screening.data) return;
    if (proposed.length && !form.isFieldTouched('programs')) form.setFieldValue('programs', proposed);
    setScreenedFor(householdId);
  }, [proposed, householdId, screening.data, form]);
  const screeningPending = !!householdId && screenedFor !== householdId && !screening.isError;
  useEffect(() => { if (preset && presetHousehold.data) form.setFieldValue('householdId', preset); }, [preset, presetHousehold.data, form]);

  const options = [...(presetHousehold.data ? [presetHousehold.data.household] : []), ...(found.data?.rows ?? [])]
    .filter((h, i, all) => all.findIndex((x) => x.id === h.id) === i)
    .map((h) => ({ value: h.id, label: `${h.headName}（${session.areaName(h.areaCode)}，${h.memberCount} ${t('人')}）` }));

  const submit = async (v: IntakeValues) => {
    setSaving(true);
    try {
      const body = {
        channel: v.channel,
        ...(v.householdId ? { householdId: v.householdId } : { areaCode: v.areaCode, applicantName: v.applicantName, applicantIdNumber: v.applicantIdNumber || undefined }),
        applicantPhone: v.applicantPhone || undefined,
        description: v.description ?? '',
        programs: v.programs.map((p) => (p === '临时救助' ? { program: p, subtype: v.subtype, amountYuan: v.amountYuan } : { program: p })),
        ...(v.channel === 'hotline' ? { hotline: { caller: v.caller, callbackNumber: v.callbackNumber, said: v.said } } : {}),
        ...(v.channel === 'warning' ? { warning: { source: v.warningSource, detail: v.warningDetail ?? '' } } : {}),
        relativeDeclared: !!v.relativeDeclared,
        ...(v.accountNo ? { bank: { bankName: v.bankName, accountNo: v.accountNo, accountName: v.accountName } } : {}),
      };
      const r = await post<{ id: string; number: string; relativeFlag: boolean }>(CASES, body);
      const failed: string[] = [];
      for (const f of files) {
        try { await uploadAttachment(r.id, f.kind, f.file.originFileObj as File); } catch (e) { failed.push(`${f.file.name}：${(e as Error).message}`); }
      }
      invalidate(CASES);
      message.success(`${t('已登记，申请编号')} ${r.number}`);
      if (failed.length) message.warning(`${t('以下附件未上传')}：${failed.join('；')}`);
      navigate(`/cases/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.path) {
        const name = fieldOfPath(e.path) as keyof IntakeValues;
        if (form.getFieldInstance(name)) form.setFields([{ name, errors: [e.message] }]);
      }
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('受理登记')} className="intake">
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError initialValues={{ channel: village ? 'village' : 'window', programs: [] }}>
        <Form.Item name="channel" label={t('来源')}>
          <Radio.Group optionType="button" buttonStyle="solid" disabled={village}
            options={[{ value: 'window', label: t('乡镇窗口') }, { value: 'village', label: t('村级报告') }, { value: 'hotline', label: t('服务热线') }, { value: 'warning', label: t('数据预警') }]} />
        </Form.Item>
        {channel === 'hotline' && (
          <Row gutter={12}>
            <Col xs={12} md={6}><Form.Item name="caller" label={t('来电人')} rules={[{ required: true, whitespace: true, message: t('请填写来电人') }]}><Input maxLength={50} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="callbackNumber" label={t('回拨号码')} rules={[{ required: true, message: t('请填写回拨号码') }, { pattern: PHONE_PATTERN, message: t('应为 11 位手机号或带区号的固话') }]}><Input maxLength={13} inputMode="tel" /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="said" label={t('来电内容')} rules={[{ required: true, whitespace: true, message: t('请记录来电内容') }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item></Col>
          </Row>
        )}
        {channel === 'warning' && (
          <Row gutter={12}>
            <Col xs={24} md={8}><Form.Item name="warningSource" label={t('预警来源')} rules={[{ required: true, whitespace: true, message: t('请填写预警来源') }]}><Input maxLength={100} /></Form.Item></Col>
            <Col xs={24} md={16}><Form.Item name="warningDetail" label={t('预警内容')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item></Col>
          </Row>
        )}
        <Divider orientation="left">{t('申请家庭')}</Divider>
        <Form.Item name="householdId" label={t('在册家庭')} extra={<Space wrap>
          <span>{t('按户主姓名或完整身份证号查找；家庭档案已有的信息不再要求申请人提供')}</span>
          {session.can('registry.write') && <Link to="/households/new">{t('没有档案？先新建家庭')}</Link>}
        </Space>}>
          <Select showSearch allowClear filterOption={false} onSearch={setSearch} options={options} loading={found.isFetching}
            placeholder={t('检索户主姓名或身份证号')} notFoundContent={q ? t('未找到') : null} />
        </Form.Item>
        {!householdId && (
          <Row gutter={12}>
            <Col xs={24} md={8}><Form.Item name="areaCode" label={t('所在村（社区）')} rules={[{ required: true, message: t('请选择家庭，或填写申请人所在村（社区）') }, { len: 12, message: t('请选择到村（社区）一级') }]}><AreaSelect villagesOnly /></Form.Item></Col>
            <Col xs={12} md={5}><Form.Item name="applicantName" label={t('申请人姓名')} rules={[{ required: true, whitespace: true, message: t('未选择家庭时须填写申请人姓名') }]}><Input maxLength={50} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="applicantIdNumber" label={t('身份证号')} rules={[idNumberRule]}><Input maxLength={18} /></Form.Item></Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col xs={12} md={6}><Form.Item name="applicantPhone" label={t('联系电话')} rules={[{ pattern: PHONE_PATTERN, message: t('应为 11 位手机号或带区号的固话') }]}><Input maxLength={13} inputMode="tel" /></Form.Item></Col>
          <Col xs={24} md={18}><Form.Item name="description" label={t('申请事由')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item></Col>
        </Row>
        <Divider orientation="left">{t('救助项目')}</Divider>
        {screeningPending && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('正在按综合救助意见筛查该户，稍候即可选择项目')} />}
        {householdId && proposed.length > 0 && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} className="proposed"
            message={<span>{t('综合救助意见建议')}：{proposed.map((p) => <Tag key={p} color="blue">{p}</Tag>)}</span>} />
        )}
        <Form.Item name="programs" rules={[{ required: true, type: 'array', min: 1, message: t('请至少选择一个救助项目') }]}>
          <Checkbox.Group disabled={screeningPending} options={CASE_PROGRAMS.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        {programs.includes('临时救助') && (
          <Row gutter={12}>
            <Col xs={12} md={6}><Form.Item name="subtype" label={t('临时救助类型')} rules={[{ required: true, message: t('临时救助须选择类型：急难型 或 支出型') }]}>
              <Select options={[{ value: '急难型', label: t('急难型（先行救助）') }, { value: '支出型', label: t('支出型') }]} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="amountYuan" label={t('申请金额（元）')} rules={[{ required: true, message: t('临时救助须填写申请金额') }]}>
              <InputNumber min={0.01} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
        )}
        <Form.Item name="relativeDeclared" valuePropName="checked">
          <Checkbox>{t('申请人或家庭成员是救助经办人员、村干部的近亲属（近亲属备案，将由县级入户核查）')}</Checkbox>
        </Form.Item>
        {!village && (
          <>
            <Divider orientation="left">{t('收款账户（可稍后登记）')}</Divider>
            <Row gutter={12}>
              <Col xs={12} md={6}><Form.Item name="bankName" label={t('开户银行')}><Input maxLength={50} /></Form.Item></Col>
              <Col xs={12} md={8}><Form.Item name="accountNo" label={t('银行账号')} rules={[{ pattern: /^\d{12,30}$/, message: t('银行账号应为 12-30 位数字') }]}><Input maxLength={30} inputMode="numeric" /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="accountName" label={t('账户名')} dependencies={['accountNo']}
                rules={[({ getFieldValue }) => ({ required: !!getFieldValue('accountNo'), message: t('请填写账户名') })]}><Input maxLength={50} /></Form.Item></Col>
            </Row>
          </>
        )}
        <Divider orientation="left">{t('附件')}</Divider>
        <Typography.Paragraph type="secondary">{t('申请人签字的《家庭经济状况核对授权书》须在核对前上传；只接受 JPG、PNG、PDF，每个不超过 10 MB。')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          {(['authorization', 'other'] as const).map((kind) => (
            <Upload key={kind} accept="image/jpeg,image/png,application/pdf" multiple showUploadList={false}
              beforeUpload={(file) => { setFiles((fs) => [...fs, { kind, file: { uid: file.uid, name: file.name, originFileObj: file } as UploadFile }]); return false; }}>
              <Button icon={<UploadOutlined />} className={`add-${kind}`}>{t(kind === 'authorization' ? '添加核对授权书' : '添加其他材料')}</Button>
            </Upload>
          ))}
        </Space>
        {files.length > 0 && (
          <ul className="intake-files">{files.map((f) => (
            <li key={f.file.uid}><Tag>{t(ATTACHMENT_KINDS[f.kind])}</Tag>{f.file.name}
              <Button type="link" size="small" danger onClick={() => setFiles((fs) => fs.filter((x) => x.file.uid !== f.file.uid))}>{t('删除')}</Button></li>
          ))}</ul>
        )}
        <div style={{ marginTop: 8 }}><Space>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving}>{t('登记')}</Button>
          <Button onClick={() => navigate('/cases')}>{t('取消')}</Button>
        </Space></div>
      </Form>
    </Card>
  );
}
