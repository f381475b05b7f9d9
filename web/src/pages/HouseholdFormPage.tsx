/** Create a household, or edit one (the full state, with a reason for the history). */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, get, post, put } from '../api.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { keyUrl } from '../query.ts';
import { idNumberRule } from '../rules.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import type { HouseholdView } from './HouseholdPage.tsx';
import { CASES, type CaseView } from '../cases/api.ts';

const options = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** The form's values: the API's input, with disability flattened and the stored (masked) identifiers shown as hints. */
interface MemberValues {
  id?: string; maskedId?: string; maskedPhone?: string | null; idNumber?: string; phone?: string;
  name: string; relation: string; laborCapacity: string; disabilityGrade?: number; disabilityKind?: string; disabilityCertGeneration?: number;
  illnesses?: string[]; schooling: string; boarding?: boolean; employed?: boolean; monthlyIncomeYuan?: number | null; selfCare: string; supporter: string;
}
interface FormValues {
  areaCode: string; hukou: string; singleParent?: boolean; registeredPoor?: boolean; address?: string | null;
  financialAssetsYuan?: number | null; vehicles?: number | null; businessRegistered?: boolean; rigidExpensesYuan?: number | null;
  previousYearIncomeYuan?: number | null; members: MemberValues[]; reason?: string;
}

const NEW_MEMBER = { laborCapacity: 'full', schooling: 'none', selfCare: 'able', supporter: 'able' };

function toForm(view: HouseholdView): FormValues {
  const h = view.household;
  const fenToYuan = (fen: number | null) => (fen === null ? null : fen / 100);
  return {
    areaCode: h.areaCode, hukou: h.hukou, singleParent: h.singleParent, registeredPoor: h.registeredPoor, address: h.address,
    financialAssetsYuan: fenToYuan(h.financialAssetsFen), vehicles: h.vehicles, businessRegistered: h.businessRegistered,
    rigidExpensesYuan: fenToYuan(h.rigidExpensesFen), previousYearIncomeYuan: fenToYuan(h.previousYearIncomeFen),
    members: view.members.filter((m) => m.status === 'active').map((m) => ({
      id: m.id, maskedId: m.idNumber, maskedPhone: m.phone, name: m.name, relation: m.relation, laborCapacity: m.laborCapacity,
      disabilityGrade: m.disabilityGrade ?? undefined, disabilityKind: m.disabilityKind ?? undefined, disabilityCertGeneration: m.disabilityCertGeneration ?? undefined,
      illnesses: m.illnesses, schooling: m.schooling, boarding: m.boarding, employed: m.employed,
      monthlyIncomeYuan: fenToYuan(m.monthlyIncomeFen), selfCare: m.selfCare, supporter: m.supporter,
    })),
  };
}

/** The API's household input. An existing member without a new ID number or phone keeps the stored one. */
function toInput(v: FormValues) {
  return {
    areaCode: v.areaCode, hukou: v.hukou, singleParent: !!v.singleParent, registeredPoor: !!v.registeredPoor, address: v.address || null,
    financialAssetsYuan: v.financialAssetsYuan ?? 0, vehicles: v.vehicles ?? 0, businessRegistered: !!v.businessRegistered,
    rigidExpensesYuan: v.rigidExpensesYuan ?? 0, previousYearIncomeYuan: v.previousYearIncomeYuan ?? null,
    members: v.members.map((m) => ({
      id: m.id, idNumber: m.idNumber || undefined, phone: m.phone || undefined,
      name: m.name, relation: m.relation, laborCapacity: m.laborCapacity, illnesses: m.illnesses ?? [], schooling: m.schooling,
      disability: m.disabilityGrade ? { grade: m.disabilityGrade, kind: m.disabilityKind, certGeneration: m.disabilityCertGeneration ?? 2 } : null,
      boarding: !!m.boarding, employed: !!m.employed, monthlyIncomeYuan: m.monthlyIncomeYuan ?? 0, selfCare: m.selfCare, supporter: m.supporter,
    })),
  };
}

/** The form field of an API error path: "household.members[1].idNumber" → ['members', 1, 'idNumber']. */
function fieldOf(path: string): (string | number)[] {
  const name = path.replace(/^household\./, '').split(/\.|\[|\]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  // The input nests a member's disability; the form keeps it flat.
  if (name[2] === 'disability') return [...name.slice(0, 2), name[3] === 'kind' ? 'disabilityKind' : 'disabilityGrade'];
  return name;
}

/**
 * A new household from an application that came without one (掌上办, hotline, warning): the applicant as the
 * head, with the village; the ID and phone numbers are shown masked and, left empty, the server takes the
 * applicant's (the full numbers never come to the browser).
 */
function fromApplication(view: CaseView): Partial<FormValues> {
  const c = view.case;
  return {
    hukou: 'rural', areaCode: c.areaCode.length === 12 ? c.areaCode : undefined,
    members: [{ ...NEW_MEMBER, relation: 'head', name: c.applicantName, maskedId: c.applicantIdNumber ?? undefined, maskedPhone: c.applicantPhone }],
  };
}

export function HouseholdFormPage() {
  const { id } = useParams();
  /** The case this household is created for: saved, it is linked to the case and the page returns there. */
  const caseId = useSearchParams()[0].get('case');
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const session = useSession();
  const v = session.vocabulary;
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  /** The version the form was loaded with: the server refuses the save if someone saved since. */
  const [version, setVersion] = useState<number | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const load = useCallback(() => {
    if (!id) return;
    // Always the stored state (never a cached copy): the form sends the version it was loaded with.
    client.fetchQuery({ queryKey: ['/api/households', id], queryFn: () => get<HouseholdView>(keyUrl(['/api/households', id])), staleTime: 0 }).then((view) => {
      form.resetFields();
      form.setFieldsValue(toForm(view));
      setVersion(view.household.version);
      setStale(null);
    });
  }, [id, form, client]);
  const [fromCase, setFromCase] = useState<CaseView['case'] | null>(null);
  useEffect(() => {
    if (id) load();
    else if (caseId) {
      client.fetchQuery({ queryKey: [CASES, caseId], queryFn: () => get<CaseView>(keyUrl([CASES, caseId])) }).then((view) => {
        setFromCase(view.case);
        form.setFieldsValue(fromApplication(view));
      }, (e: Error) => message.error(e.message));
    } else form.setFieldsValue({ hukou: 'rural', members: [{ ...NEW_MEMBER, relation: 'head' }] });
  }, [id, caseId, form, load, client, message]);

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const input = toInput(values);
      const r = id ? await put<{ id: string }>(`/api/households/${id}`, { household: input, reason: values.reason, version })
        : caseId ? await post<{ id: string }>(`${CASES}/${caseId}/household/new`, input)
          : await post<{ id: string }>('/api/households', input);
      await client.invalidateQueries({ queryKey: ['/api/households'] });
      if (caseId) {
        await client.invalidateQueries({ queryKey: [CASES] });
        message.success(t('已建档并关联本案件'));
        navigate(`/cases/${caseId}`);
        return;
      }
      message.success(t('已保存'));
      navigate(`/households/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') setStale(e.message);
      // Next to the field when the server names one the form shows (the list itself for "members"); always as a message too.
      if (e instanceof ApiError && e.path) {
        const name = fieldOf(e.path);
        if ((name.length === 1 && name[0] === 'members') || form.getFieldInstance(name)) {
          form.setFields([{ name, errors: [e.message] }]);
          form.scrollToField(name);
        }
      }
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const yuanInput = <InputNumber min={0} precision={2} style={{ width: '100%' }} />;
  const nonNegative = [{ type: 'number' as const, min: 0, message: t('不能为负数') }];
  /** The stored, masked value as a hint: leaving the field empty keeps it. */
  const keepHint = (name: number, field: 'maskedId' | 'maskedPhone') => {
    const masked = form.getFieldValue(['members', name, field]);
    return masked ? `${t('现为')} ${masked}，${t('不改请留空')}` : undefined;
  };
  return (
    <Card title={id ? t('修改家庭信息') : t('新建家庭')}>
      {fromCase && <Alert type="info" showIcon className="from-application" style={{ marginBottom: 16 }}
        message={`${t('按申请建档')}：${fromCase.number}`} description={t('申请人的姓名、身份证号、电话和所在村已带入；身份证号和电话留空即使用申请时填写的号码。保存后自动关联本案件并返回案件。')} />}
      {stale && <Alert type="warning" showIcon className="stale-version" style={{ marginBottom: 16 }} message={stale}
        action={<Button size="small" onClick={load}>{t('重新加载')}</Button>} />}
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} md={12}><Form.Item name="areaCode" label={t('所在村（社区）')} rules={[{ required: true, message: t('请选择村（社区）') }, { len: 12, message: t('请选择到村（社区）一级') }]}><AreaSelect villagesOnly /></Form.Item></Col>
          <Col xs={12} md={4}><Form.Item name="hukou" label={t('户籍')} rules={[{ required: true }]}><Select options={options(v.hukou)} /></Form.Item></Col>
          <Col xs={12} md={8}><Form.Item name="address" label={t('住址')}><Input maxLength={200} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="financialAssetsYuan" label={t('金融资产（元）')} rules={nonNegative}>{yuanInput}</Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="rigidExpensesYuan" label={t('年刚性支出（元）')} rules={nonNegative}>{yuanInput}</Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="previousYearIncomeYuan" label={t('上年家庭收入（元）')} rules={nonNegative}>{yuanInput}</Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="vehicles" label={t('机动车（辆）')}><InputNumber min={0} max={99} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24}><Form.Item label={t('家庭情况')}><Space wrap>
            <Form.Item name="registeredPoor" valuePropName="checked" noStyle><Checkbox>{t('脱贫户')}</Checkbox></Form.Item>
            <Form.Item name="singleParent" valuePropName="checked" noStyle><Checkbox>{t('单亲家庭')}</Checkbox></Form.Item>
            <Form.Item name="businessRegistered" valuePropName="checked" noStyle><Checkbox>{t('登记经营主体')}</Checkbox></Form.Item>
          </Space></Form.Item></Col>
        </Row>
        <Divider orientation="left">{t('家庭成员')}</Divider>
        <Form.List name="members">
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 12 }} className="member-form" title={`${t('成员')} ${field.name + 1}`}
                  extra={fields.length > 1 && <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(field.name)}>{t('删除')}</Button>}>
                  <Form.Item name={[field.name, 'id']} hidden><Input /></Form.Item>
                  <Form.Item name={[field.name, 'disabilityCertGeneration']} hidden><InputNumber /></Form.Item>
                  <Row gutter={12}>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'name']} label={t('姓名')} rules={[{ required: true, whitespace: true, message: t('请填写姓名') }]}><Input maxLength={50} /></Form.Item></Col>
                    <Col xs={12} md={6}>
                      <Form.Item noStyle shouldUpdate>{() => (
                        <Form.Item name={[field.name, 'idNumber']} label={t('身份证号')} extra={keepHint(field.name, 'maskedId')}
                          rules={[{ required: !keepHint(field.name, 'maskedId'), message: t('请填写身份证号') }, idNumberRule]}>
                          <Input maxLength={18} />
                        </Form.Item>
                      )}</Form.Item>
                    </Col>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'relation']} label={t('与户主关系')} rules={[{ required: true, message: t('请选择') }]}><Select options={options(v.relations)} /></Form.Item></Col>
                    <Col xs={12} md={5}><Form.Item name={[field.name, 'laborCapacity']} label={t('劳动能力')} rules={[{ required: true, message: t('请选择') }]}><Select options={options(v.laborCapacity)} /></Form.Item></Col>
                    <Col xs={12} md={5}><Form.Item name={[field.name, 'monthlyIncomeYuan']} label={t('月收入（元）')} rules={nonNegative}>{yuanInput}</Form.Item></Col>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'disabilityGrade']} label={t('残疾等级')}><Select allowClear options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${g} ${t('级')}` }))} /></Form.Item></Col>
                    <Col xs={12} md={4}>
                      <Form.Item noStyle shouldUpdate>{() => (
                        <Form.Item name={[field.name, 'disabilityKind']} label={t('残疾类别')} rules={[{ required: !!form.getFieldValue(['members', field.name, 'disabilityGrade']), message: t('有残疾等级时必填') }]}>
                          <Select allowClear options={options(v.disabilityKinds)} />
                        </Form.Item>
                      )}</Form.Item>
                    </Col>
                    <Col xs={24} md={6}><Form.Item name={[field.name, 'illnesses']} label={t('重病')}><Select mode="multiple" allowClear options={options(v.illnesses)} /></Form.Item></Col>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'schooling']} label={t('在校情况')}><Select options={options(v.schooling)} /></Form.Item></Col>
                    <Col xs={12} md={3}><Form.Item name={[field.name, 'selfCare']} label={t('自理能力')}><Select options={options(v.selfCare)} /></Form.Item></Col>
                    <Col xs={12} md={3}><Form.Item name={[field.name, 'supporter']} label={t('赡养人')}><Select options={options(v.supporter)} popupMatchSelectWidth={false} /></Form.Item></Col>
                    <Col xs={12} md={4}>
                      <Form.Item noStyle shouldUpdate>{() => (
                        <Form.Item name={[field.name, 'phone']} label={t('联系电话')} extra={keepHint(field.name, 'maskedPhone')}
                          rules={[{ pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, message: t('应为 11 位手机号或带区号的固话') }]}>
                          <Input maxLength={13} />
                        </Form.Item>
                      )}</Form.Item>
                    </Col>
                    <Col xs={12} md={4}><Form.Item label=" "><Space>
                      <Form.Item name={[field.name, 'employed']} valuePropName="checked" noStyle><Checkbox>{t('就业')}</Checkbox></Form.Item>
                      <Form.Item name={[field.name, 'boarding']} valuePropName="checked" noStyle><Checkbox>{t('寄宿')}</Checkbox></Form.Item>
                    </Space></Form.Item></Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ...NEW_MEMBER, relation: 'child', laborCapacity: 'none' })}>{t('添加成员')}</Button>
            </>
          )}
        </Form.List>
        {id && <Form.Item name="reason" label={t('变更原因')} style={{ marginTop: 16 }} rules={[{ required: true, whitespace: true, message: t('请填写变更原因') }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving}>{t('保存')}</Button>
          <Button onClick={() => navigate(id ? `/households/${id}` : caseId ? `/cases/${caseId}` : '/households')}>{t('取消')}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('保存后，每一项改动都会记入本户的变更历史和审计日志。')}</Typography.Paragraph>
      </Form>
    </Card>
  );
}
