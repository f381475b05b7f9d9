/** Create a household, or edit one (the full state, with a reason for the history). */
import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { parseIdNumber } from '../../../src/domain/idNumber.ts';
import { ApiError, get, post, put } from '../api.ts';
import { useT } from '../i18n.ts';
import { navigate, useSession } from '../session.ts';
import { AreaSelect } from '../components/AreaSelect.tsx';
import type { HouseholdView } from './HouseholdPage.tsx';

const options = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

function toForm(view: HouseholdView) {
  const h = view.household;
  return {
    areaCode: h.areaCode, hukou: h.hukou, singleParent: h.singleParent, registeredPoor: h.registeredPoor, address: h.address,
    financialAssetsYuan: h.financialAssetsFen / 100, vehicles: h.vehicles, businessRegistered: h.businessRegistered, rigidExpensesYuan: h.rigidExpensesFen / 100,
    members: view.members.filter((m) => m.status === 'active').map((m) => ({
      id: m.id, maskedId: m.idNumber, name: m.name, relation: m.relation, laborCapacity: m.laborCapacity, disabilityGrade: m.disabilityGrade ?? undefined,
      disabilityKind: m.disabilityKind ?? undefined, illnesses: m.illnesses, schooling: m.schooling, boarding: m.boarding, employed: m.employed,
      monthlyIncomeYuan: m.monthlyIncomeFen / 100, selfCare: m.selfCare, supporter: m.supporter, maskedPhone: m.phone,
    })),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toInput(v: any) {
  return {
    areaCode: v.areaCode, hukou: v.hukou, singleParent: !!v.singleParent, registeredPoor: !!v.registeredPoor, address: v.address || null,
    financialAssetsYuan: v.financialAssetsYuan ?? 0, vehicles: v.vehicles ?? 0, businessRegistered: !!v.businessRegistered, rigidExpensesYuan: v.rigidExpensesYuan ?? 0,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    members: v.members.map((m: any) => ({
      ...(m.id ? { id: m.id } : { idNumber: m.idNumber }), ...(m.id && m.idNumber ? { idNumber: m.idNumber } : {}),
      name: m.name, relation: m.relation, laborCapacity: m.laborCapacity, illnesses: m.illnesses ?? [], schooling: m.schooling ?? 'none',
      disability: m.disabilityGrade ? { grade: m.disabilityGrade, kind: m.disabilityKind, certGeneration: 2 } : null,
      boarding: !!m.boarding, employed: !!m.employed, monthlyIncomeYuan: m.monthlyIncomeYuan ?? 0, selfCare: m.selfCare ?? 'able', supporter: m.supporter ?? 'able',
      ...(m.phone ? { phone: m.phone } : {}),
    })),
  };
}

/** "members[1].idNumber" → ['members', 1, 'idNumber'] */
const fieldPath = (path: string) => path.split(/\.|\[|\]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export function HouseholdFormPage({ id }: { id?: string }) {
  const t = useT();
  const session = useSession();
  const v = session.vocabulary;
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (id) get<HouseholdView>(`/api/households/${id}`).then((view) => form.setFieldsValue(toForm(view)));
    else form.setFieldsValue({ hukou: 'rural', members: [{ relation: 'head', laborCapacity: 'full', schooling: 'none', selfCare: 'able', supporter: 'able' }] });
  }, [id, form]);

  const submit = async (values: unknown) => {
    setSaving(true);
    try {
      const input = toInput(values);
      const r = id ? await put<{ id: string }>(`/api/households/${id}`, { household: input, reason: (values as { reason: string }).reason })
        : await post<{ id: string }>('/api/households', input);
      message.success('已保存');
      navigate(`/households/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.path) {
        const name = fieldPath(e.path.replace(/^household\./, ''));
        const known = form.getFieldInstance(name) !== undefined || name[0] === 'members';
        form.setFields([{ name: known ? name : ['areaCode'], errors: [e.message] }]);
        form.scrollToField(name);
      }
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={id ? '修改家庭信息' : t('新建家庭')}>
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} md={12}><Form.Item name="areaCode" label="所在村（社区）" rules={[{ required: true, message: '请选择村（社区）' }, { len: 12, message: '请选择到村（社区）一级' }]}><AreaSelect villagesOnly /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="hukou" label={t('户籍')} rules={[{ required: true }]}><Select options={options(v.hukou)} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="address" label="住址"><Input maxLength={200} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="financialAssetsYuan" label="金融资产（元）"><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} md={6}><Form.Item name="rigidExpensesYuan" label="年刚性支出（元）"><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} md={4}><Form.Item name="vehicles" label="机动车（辆）"><InputNumber min={0} max={99} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item label="家庭情况"><Space wrap>
            <Form.Item name="registeredPoor" valuePropName="checked" noStyle><Checkbox>脱贫户</Checkbox></Form.Item>
            <Form.Item name="singleParent" valuePropName="checked" noStyle><Checkbox>单亲家庭</Checkbox></Form.Item>
            <Form.Item name="businessRegistered" valuePropName="checked" noStyle><Checkbox>登记经营主体</Checkbox></Form.Item>
          </Space></Form.Item></Col>
        </Row>
        <Divider orientation="left">{t('家庭成员')}</Divider>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 12 }} className="member-form"
                  extra={fields.length > 1 && <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(field.name)}>{t('删除')}</Button>}>
                  <Form.Item name={[field.name, 'id']} hidden><Input /></Form.Item>
                  <Row gutter={12}>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'name']} label={t('姓名')} rules={[{ required: true, message: '请填写姓名' }]}><Input maxLength={50} /></Form.Item></Col>
                    <Col xs={12} md={6}>
                      <Form.Item noStyle shouldUpdate>{() => {
                        const masked = form.getFieldValue(['members', field.name, 'maskedId']);
                        return (
                          <Form.Item name={[field.name, 'idNumber']} label={t('身份证号')} extra={masked ? `现为 ${masked}，不改请留空` : undefined}
                            rules={[{ required: !masked, message: '请填写身份证号' }, { validator: (_, value) => {
                              if (!value) return Promise.resolve();
                              const r = parseIdNumber(value);
                              return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
                            } }]}>
                            <Input maxLength={18} />
                          </Form.Item>
                        );
                      }}</Form.Item>
                    </Col>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'relation']} label={t('与户主关系')} rules={[{ required: true, message: '请选择' }]}><Select options={options(v.relations)} /></Form.Item></Col>
                    <Col xs={12} md={5}><Form.Item name={[field.name, 'laborCapacity']} label={t('劳动能力')} rules={[{ required: true, message: '请选择' }]}><Select options={options(v.laborCapacity)} /></Form.Item></Col>
                    <Col xs={12} md={5}><Form.Item name={[field.name, 'monthlyIncomeYuan']} label={t('月收入（元）')} rules={[{ type: 'number', min: 0, message: '收入不能为负数' }]}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'disabilityGrade']} label="残疾等级"><Select allowClear options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${g} 级` }))} /></Form.Item></Col>
                    <Col xs={12} md={4}>
                      <Form.Item noStyle shouldUpdate>{() => (
                        <Form.Item name={[field.name, 'disabilityKind']} label="残疾类别" rules={[{ required: !!form.getFieldValue(['members', field.name, 'disabilityGrade']), message: '有残疾等级时必填' }]}>
                          <Select allowClear options={options(v.disabilityKinds)} />
                        </Form.Item>
                      )}</Form.Item>
                    </Col>
                    <Col xs={24} md={6}><Form.Item name={[field.name, 'illnesses']} label={t('重病')}><Select mode="multiple" allowClear options={options(v.illnesses)} /></Form.Item></Col>
                    <Col xs={12} md={4}><Form.Item name={[field.name, 'schooling']} label={t('在校情况')}><Select options={options(v.schooling)} /></Form.Item></Col>
                    <Col xs={12} md={3}><Form.Item name={[field.name, 'selfCare']} label="自理能力"><Select options={options(v.selfCare)} /></Form.Item></Col>
                    <Col xs={12} md={3}><Form.Item name={[field.name, 'supporter']} label="赡养人"><Select options={options(v.supporter)} /></Form.Item></Col>
                    <Col xs={12} md={4}>
                      <Form.Item noStyle shouldUpdate>{() => {
                        const masked = form.getFieldValue(['members', field.name, 'maskedPhone']);
                        return (
                          <Form.Item name={[field.name, 'phone']} label={t('联系电话')} extra={masked ? `现为 ${masked}，不改请留空` : undefined}
                            rules={[{ pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, message: '应为 11 位手机号或带区号的固话' }]}>
                            <Input maxLength={13} />
                          </Form.Item>
                        );
                      }}</Form.Item>
                    </Col>
                    <Col xs={12} md={4}><Form.Item label=" "><Space>
                      <Form.Item name={[field.name, 'employed']} valuePropName="checked" noStyle><Checkbox>就业</Checkbox></Form.Item>
                      <Form.Item name={[field.name, 'boarding']} valuePropName="checked" noStyle><Checkbox>寄宿</Checkbox></Form.Item>
                    </Space></Form.Item></Col>
                  </Row>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ relation: 'child', laborCapacity: 'none', schooling: 'none', selfCare: 'able', supporter: 'able' })}>{t('添加成员')}</Button>
            </>
          )}
        </Form.List>
        {id && <Form.Item name="reason" label={t('变更原因')} style={{ marginTop: 16 }} rules={[{ required: true, whitespace: true, message: '请填写变更原因' }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving}>{t('保存')}</Button>
          <Button onClick={() => navigate(id ? `/households/${id}` : '/households')}>{t('取消')}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>保存后，每一项改动都会记入本户的变更历史和审计日志。</Typography.Paragraph>
      </Form>
    </Card>
  );
}
