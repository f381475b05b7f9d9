/**
 * 特困供养 (issue 20): the 特困 persons of the user's area — 集中 or 分散, the institution or the carer, the
 * self-care level (not assessed shown in red: its care money is withheld), the reassessment date, the
 * willingness and the days a willing person has waited — with the forms to record an assessment, an
 * admission, a discharge, the willingness and a carer (with the carer's bank account); a person's papers (the
 * assessment forms and the signed care agreement, uploaded from a phone's camera or files; the carer's
 * account masked, shown whole only through an audited reveal); the institutions (set up and edited by the
 * county admin); and the figures against the county pack's targets, with their xlsx.
 */
import { useRef, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Modal, Row, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormRadio, ProFormSelect, ProFormSwitch, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { Link } from 'react-router';
import { useApi, useInvalidate } from '../query.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { useSubmit } from '../cases/ActionForms.tsx';
import { uploadFile } from '../monitoring/api.ts';
import { bankOf, CARE_LEVELS, CARE_SETTING_LABELS, INSTITUTION_KINDS, percent, TK, type Figures, type Institution, type Person, type PersonRecords, type TekunFile } from './api.ts';

export function TekunPage() {
  const t = useT();
  const [tab, setTab] = useState('persons');
  return (
    <Tabs activeKey={tab} onChange={setTab} destroyOnHidden className="tekun-tabs" items={[
      { key: 'persons', label: t('供养情况'), children: <Persons /> },
      { key: 'institutions', label: t('供养机构'), children: <Institutions /> },
      { key: 'figures', label: t('统计'), children: <FiguresView /> },
    ]} />
  );
}

function Persons() {
  const t = useT();
  const session = useSession();
  const writes = session.can('tekun.write');
  const q = useApi<{ today: string; rows: Person[] }>([TK, 'persons']);
  const institutions = useApi<{ rows: Institution[] }>([TK, 'institutions']);
  return (
    <Card size="small" title={t('特困人员供养情况')} extra={<Typography.Text type="secondary">{t('姓名已脱敏')}</Typography.Text>}>
      <Table<Person> size="small" rowKey="memberId" loading={q.isLoading} dataSource={q.data?.rows ?? []} scroll={{ x: 1100 }} pagination={{ pageSize: 20 }} className="tekun-persons"
        columns={[
          { title: t('姓名'), dataIndex: 'name', render: (v, p) => <Link to={`/households/${p.householdId}`}>{v}</Link> },
          { title: t('乡镇'), dataIndex: 'township' },
          { title: t('供养方式'), dataIndex: 'setting', render: (v: Person['setting']) => <Tag color={v === 'concentrated' ? 'blue' : 'default'}>{t(CARE_SETTING_LABELS[v])}</Tag> },
          { title: t('机构或照料服务责任人'), render: (_, p) => (p.institution ? `${p.institution}${p.bed ? ` · ${p.bed}` : ''}` : p.carer ? `${p.carer}${p.agreementTo ? `（${t('协议至')} ${p.agreementTo}）` : ''}` : <Tag color="orange">{t('未落实照料服务责任人')}</Tag>) },
          { title: t('自理能力'), dataIndex: 'level', render: (v: Person['level'], p) => (v ? <Space size={4}><Tag>{t(CARE_LEVELS[v])}</Tag>{p.assessmentOverdue && <Tag color="orange">{t('复评逾期')}</Tag>}</Space> : <Tag color="red">{t('未评估，照料护理费暂停')}</Tag>) },
          { title: t('复评日期'), dataIndex: 'reassessOn', render: (v) => v ?? '—' },
          { title: t('集中供养意愿'), render: (_, p) => (p.willing === null ? t('未询问') : p.willing ? (p.waitingDays !== null ? `${t('愿意，已等待')} ${p.waitingDays} ${t('天')}` : t('愿意')) : t('不愿意')) },
          ...(writes ? [{ title: t('操作'), render: (_: unknown, p: Person) => <PersonActions p={p} institutions={institutions.data?.rows ?? []} /> }] : []),
        ]} />
    </Card>
  );
}

function PersonActions({ p, institutions }: { p: Person; institutions: Institution[] }) {
  const t = useT();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  const done = () => Promise.all([invalidate(TK), invalidate('/api/workbench')]);
  const modal = { destroyOnHidden: true };
  const buttons = { searchConfig: { submitText: t('保存'), resetText: t('取消') } };
  return (
    <Space size={4} wrap>
      <ModalForm formRef={formRef} title={`${t('生活自理能力评估')} · ${p.name}`} width={480} modalProps={modal} submitter={buttons}
        trigger={<Button size="small" className="tekun-assess">{t('评估')}</Button>}
        onFinish={(v) => submit(`${TK}/persons/${p.memberId}/assessments`, v, t('已登记评估'), done)}>
        <ProFormDatePicker name="assessedOn" label={t('评估日期')} rules={[{ required: true, message: t('请选择评估日期') }]} />
        <ProFormText name="assessor" label={t('评估人或评估机构')} rules={[{ required: true, whitespace: true, message: t('请填写评估人或评估机构') }]} />
        <ProFormRadio.Group name="level" label={t('评估等级')} rules={[{ required: true, message: t('请选择评估等级') }]}
          options={Object.entries(CARE_LEVELS).map(([value, label]) => ({ value, label: t(label) }))} />
      </ModalForm>
      {p.setting === 'dispersed' ? (
        <ModalForm formRef={formRef} title={`${t('办理入住')} · ${p.name}`} width={480} modalProps={modal} submitter={buttons}
          trigger={<Button size="small" className="tekun-admit">{t('入住')}</Button>}
          onFinish={(v) => submit(`${TK}/admissions`, { ...v, memberId: p.memberId }, t('已办理入住'), done)}>
          <ProFormSelect name="institutionId" label={t('供养机构')} rules={[{ required: true, message: t('请选择供养机构') }]}
            options={institutions.map((i) => ({ value: i.id, label: `${i.name}（${t('在住')} ${i.residents}/${i.beds}）`, disabled: i.residents >= i.beds }))} />
          <ProFormDatePicker name="admittedOn" label={t('入住日期')} rules={[{ required: true, message: t('请选择入住日期') }]} />
          <ProFormText name="bed" label={t('床位号')} />
          <ProFormText name="reason" label={t('入住原因')} rules={[{ required: true, whitespace: true, message: t('请填写入住原因') }]} />
        </ModalForm>
      ) : (
        <ModalForm formRef={formRef} title={`${t('办理离院')} · ${p.name}`} width={480} modalProps={modal} submitter={buttons}
          trigger={<Button size="small" className="tekun-discharge">{t('离院')}</Button>}
          onFinish={(v) => submit(`${TK}/stays/${p.stayId}/discharge`, v, t('已办理离院'), done)}>
          <ProFormDatePicker name="dischargedOn" label={t('离院日期')} rules={[{ required: true, message: t('请选择离院日期') }]} />
          <ProFormText name="reason" label={t('离院原因')} rules={[{ required: true, whitespace: true, message: t('请填写离院原因') }]} />
        </ModalForm>
      )}
      <ModalForm formRef={formRef} title={`${t('集中供养意愿')} · ${p.name}`} width={480} modalProps={modal} submitter={buttons}
        trigger={<Button size="small" className="tekun-willing">{t('意愿')}</Button>}
        onFinish={(v) => submit(`${TK}/persons/${p.memberId}/willingness`, v, t('已登记意愿'), done)}>
        <ProFormRadio.Group name="willing" label={t('是否愿意到供养机构集中供养')} rules={[{ required: true, message: t('请选择') }]}
          options={[{ value: true, label: t('愿意') }, { value: false, label: t('不愿意') }]} />
        <ProFormDatePicker name="askedOn" label={t('询问日期')} rules={[{ required: true, message: t('请选择询问日期') }]} />
      </ModalForm>
      {p.setting === 'dispersed' && (
        <ModalForm formRef={formRef} title={`${t('照料服务责任人')} · ${p.name}`} width={520} modalProps={modal} submitter={buttons}
          trigger={<Button size="small" className="tekun-carer">{t('照料责任人')}</Button>}
          onFinish={({ bankName, accountNo, accountName, ...v }) => submit(`${TK}/persons/${p.memberId}/carer`, { ...v, bank: bankOf({ bankName, accountNo, accountName }) }, t('已登记照料服务责任人'), done)}>
          <ProFormText name="name" label={t('照料服务责任人')} rules={[{ required: true, whitespace: true, message: t('请填写照料服务责任人') }]} />
          <ProFormText name="relation" label={t('与本人关系或所在单位')} rules={[{ required: true, whitespace: true, message: t('请填写与本人关系或所在单位') }]} />
          <ProFormText name="phone" label={t('联系电话')} rules={[{ required: true, message: t('请填写联系电话') }]} />
          <ProFormDatePicker name="agreementFrom" label={t('协议起始日期')} rules={[{ required: true, message: t('请选择协议起始日期') }]} />
          <ProFormDatePicker name="agreementTo" label={t('协议截止日期')} rules={[{ required: true, message: t('请选择协议截止日期') }]} />
          <BankFields optional />
        </ModalForm>
      )}
      <PersonPapers p={p} />
    </Space>
  );
}

/** A bank account's three fields (开户银行, 账号, 账户名); `optional`: all may stay empty, but an account number needs the other two. */
function BankFields({ optional = false }: { optional?: boolean }) {
  const t = useT();
  const needed = (message: string) => ({ required: !optional, message });
  return (
    <>
      <ProFormText name="accountNo" label={t('银行账号')} fieldProps={{ inputMode: 'numeric' }} extra={optional ? t('照料护理费发给照料服务责任人时的收款账户，可以以后再登记') : undefined}
        rules={[needed(t('请填写银行账号')), { pattern: /^\d{12,30}$/, message: t('银行账号应为 12-30 位数字') }]} />
      <ProFormText name="bankName" label={t('开户银行')} dependencies={['accountNo']}
        rules={[({ getFieldValue }) => ({ required: !optional || !!getFieldValue('accountNo'), whitespace: true, message: t('请填写开户银行') })]} />
      <ProFormText name="accountName" label={t('账户名')} dependencies={['accountNo']}
        rules={[({ getFieldValue }) => ({ required: !optional || !!getFieldValue('accountNo'), whitespace: true, message: t('请填写账户名') })]} />
    </>
  );
}

/** Upload one paper (JPG, PNG or PDF; on a phone the camera or the files) for an assessment or an agreement. */
function UploadPaper({ kind, ownerId, after }: { kind: 'assessment' | 'agreement'; ownerId: string; after: () => unknown }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    try {
      await uploadFile(`${TK}/files/${ownerId}?${new URLSearchParams({ kind, name: file.name })}`, file);
      message.success(t('已上传'));
      await after();
    } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
    return false;
  };
  return (
    <Upload accept="image/jpeg,image/png,application/pdf" showUploadList={false} beforeUpload={upload}>
      <Button size="small" icon={<UploadOutlined />} loading={busy} className={`tekun-upload-${kind}`}>{t(kind === 'assessment' ? '上传评估表' : '上传签字协议')}</Button>
    </Upload>
  );
}

const PaperLinks = ({ files }: { files: TekunFile[] }) => (
  <Space size={4} wrap>{files.map((f) => <a key={f.id} href={`${TK}/files/${f.id}`} className="tekun-paper">{f.fileName}</a>)}</Space>
);

/**
 * A person's papers: the assessments with their forms, the carer arrangements with their signed agreements and
 * the carer's bank account (masked; a role with reveal may show it whole, audited), each with its upload.
 */
function PersonPapers({ p }: { p: Person }) {
  const t = useT();
  const session = useSession();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  const [open, setOpen] = useState(false);
  const [reveal, setReveal] = useState(false);
  const q = useApi<PersonRecords>([TK, 'persons', p.memberId, ...(reveal ? [{ reveal: 1 }] : [])], { enabled: open, retry: false });
  const refresh = () => invalidate(TK, 'persons', p.memberId);
  const r = q.data;
  return (
    <>
      <Button size="small" className="tekun-papers" onClick={() => setOpen(true)}>{t('材料')}</Button>
      <Modal open={open} onCancel={() => { setOpen(false); setReveal(false); }} footer={null} width={640} destroyOnHidden title={`${t('评估表与照料服务协议')} · ${p.name}`}>
        {!r ? <Typography.Text type="secondary">{q.error?.message ?? t('加载中')}</Typography.Text> : (
          <Space direction="vertical" size={12} style={{ width: '100%' }} className="tekun-papers-modal">
            <Card size="small" title={t('生活自理能力评估')}>
              {r.assessments.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('尚未评估：请先点“评估”登记，再上传评估表')} /> : r.assessments.map((a) => (
                <Descriptions key={a.id} size="small" column={1} className="tekun-assessment" style={{ marginBottom: 8 }}
                  title={`${a.assessedOn} · ${t(CARE_LEVELS[a.level])}`} extra={<UploadPaper kind="assessment" ownerId={a.id} after={refresh} />}
                  items={[{ label: t('评估人或评估机构'), children: a.assessor }, { label: t('评估表'), children: a.files.length ? <PaperLinks files={a.files} /> : <Tag color="orange">{t('未上传')}</Tag> }]} />
              ))}
            </Card>
            {r.carers.length > 0 && (
              <Card size="small" title={t('照料服务责任人')} extra={session.can('reveal') && r.carers.some((c) => c.bank) && (
                <Button size="small" type="link" className="tekun-reveal" onClick={() => setReveal(!reveal)}>{reveal ? t('隐藏完整银行账号') : t('显示完整银行账号（记入审计日志）')}</Button>)}>
                {r.carers.map((c) => (
                  <Descriptions key={c.id} size="small" column={1} className="tekun-carer-record" style={{ marginBottom: 8 }}
                    title={`${c.name}（${c.relation}）`} extra={!c.endedOn && <UploadPaper kind="agreement" ownerId={c.id} after={refresh} />}
                    items={[
                      { label: t('联系电话'), children: c.phone },
                      { label: t('协议期限'), children: `${c.agreementFrom} ~ ${c.agreementTo}${c.endedOn ? `（${t('已终止')} ${c.endedOn}）` : ''}` },
                      { label: t('签字协议'), children: c.files.length ? <PaperLinks files={c.files} /> : <Tag color="orange">{t('未上传')}</Tag> },
                      { label: t('收款账户'), children: (
                        <Space size={4} wrap>
                          {c.bank ? <span className="tekun-carer-bank">{`${c.bank.bankName} ${c.bank.accountNo} ${c.bank.accountName}`}</span> : <Tag color="red">{t('未登记')}</Tag>}
                          {!c.endedOn && (
                            <ModalForm formRef={formRef} title={`${t('照料服务责任人银行账户')} · ${c.name}`} width={480} modalProps={{ destroyOnHidden: true }}
                              submitter={{ searchConfig: { submitText: t('保存'), resetText: t('取消') } }}
                              trigger={<Button size="small" className="tekun-carer-bank-edit">{c.bank ? t('修改账户') : t('登记账户')}</Button>}
                              onFinish={(v) => submit(`${TK}/carers/${c.id}/bank`, { bank: bankOf(v) }, t('已登记银行账户'), refresh, 'PUT')}>
                              <BankFields />
                            </ModalForm>
                          )}
                        </Space>
                      ) },
                    ]} />
                ))}
              </Card>
            )}
          </Space>
        )}
      </Modal>
    </>
  );
}

/** The form of an institution: new (no row) or an edit of a row (its account left empty keeps the stored one). */
function InstitutionForm({ row }: { row?: Institution }) {
  const t = useT();
  const session = useSession();
  const invalidate = useInvalidate();
  const formRef = useRef<ProFormInstance>(undefined);
  const submit = useSubmit(formRef);
  const initial = row ? { areaCode: row.areaCode, name: row.name, kind: row.kind, beds: row.beds, nursingBeds: row.nursingBeds, stars: row.stars, demonstration: row.demonstration, manager: row.manager, phone: row.phone ?? undefined }
    : { areaCode: session.me.user.areaCode, kind: 'nursingHome', stars: 0 };
  return (
    <ModalForm formRef={formRef} title={row ? `${t('修改供养机构')} · ${row.name}` : t('新建供养机构')} width={520} modalProps={{ destroyOnHidden: true }} submitter={{ searchConfig: { submitText: t('保存'), resetText: t('取消') } }}
      initialValues={initial}
      trigger={row ? <Button size="small" className="tekun-edit-institution">{t('修改')}</Button> : <Button type="primary" size="small" className="tekun-new-institution">{t('新建供养机构')}</Button>}
      onFinish={({ bankName, accountNo, accountName, phone, ...v }) => {
        const body = { ...v, phone: phone?.trim() ? phone.trim() : null, bank: bankOf({ bankName, accountNo, accountName }) };
        return row ? submit(`${TK}/institutions/${row.id}`, body, t('已修改供养机构'), () => invalidate(TK), 'PUT') : submit(`${TK}/institutions`, body, t('已新建供养机构'), () => invalidate(TK));
      }}>
      <ProFormText name="name" label={t('机构名称')} rules={[{ required: true, whitespace: true, message: t('请填写机构名称') }]} />
      <ProFormText name="areaCode" label={t('所属区划代码（县 6 位或乡镇 9 位）')} rules={[{ required: true, message: t('请填写所属区划代码') }]} />
      <ProFormSelect name="kind" label={t('机构类型')} options={Object.entries(INSTITUTION_KINDS).map(([value, label]) => ({ value, label: t(label) }))} />
      <ProFormDigit name="beds" label={t('床位数')} min={0} fieldProps={{ precision: 0 }} rules={[{ required: true, message: t('请填写床位数') }]} />
      <ProFormDigit name="nursingBeds" label={t('护理型床位数')} min={0} fieldProps={{ precision: 0 }} rules={[{ required: true, message: t('请填写护理型床位数') }]} />
      <ProFormDigit name="stars" label={t('星级')} min={0} max={5} fieldProps={{ precision: 0 }} />
      <ProFormSwitch name="demonstration" label={t('星级示范敬老院')} />
      <ProFormText name="manager" label={t('负责人')} rules={[{ required: true, whitespace: true, message: t('请填写负责人') }]} />
      <ProFormText name="phone" label={t('联系电话')} />
      {row?.bank && <Typography.Paragraph type="secondary">{`${t('现收款账户')}：${row.bank.bankName} ${row.bank.accountNo}。${t('不改账户请留空以下三项')}`}</Typography.Paragraph>}
      <BankFields optional />
    </ModalForm>
  );
}

function Institutions() {
  const t = useT();
  const session = useSession();
  const q = useApi<{ rows: Institution[] }>([TK, 'institutions']);
  const manages = session.can('tekun.manage');
  return (
    <Card size="small" title={t('供养机构')} extra={manages && <InstitutionForm />}>
      <Table<Institution> size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []} scroll={{ x: 900 }} pagination={false} className="tekun-institutions"
        columns={[
          { title: t('机构名称'), dataIndex: 'name' },
          { title: t('类型'), dataIndex: 'kind', render: (v: keyof typeof INSTITUTION_KINDS) => t(INSTITUTION_KINDS[v] ?? v) },
          { title: t('床位'), dataIndex: 'beds' },
          { title: t('护理型床位'), dataIndex: 'nursingBeds' },
          { title: t('在住'), dataIndex: 'residents' },
          { title: t('床位利用率'), render: (_, i) => percent(i.beds ? i.residents / i.beds : null) },
          { title: t('星级'), dataIndex: 'stars', render: (v: number, i) => `${v}${i.demonstration ? ` · ${t('示范')}` : ''}` },
          { title: t('负责人'), dataIndex: 'manager' },
          { title: t('收款账户'), render: (_, i) => (i.bank ? `${i.bank.bankName} ${i.bank.accountNo}` : <Tag color="red">{t('未登记')}</Tag>) },
          ...(manages ? [{ title: t('操作'), render: (_: unknown, i: Institution) => <InstitutionForm row={i} /> }] : []),
        ]} />
    </Card>
  );
}

function FiguresView() {
  const t = useT();
  const q = useApi<Figures>([TK, 'figures']);
  const f = q.data;
  if (!f) return null;
  const target = (v: number | null) => (v === null ? '' : ` / ${t('目标')} ${percent(v)}`);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={`${t('特困供养统计')}（${f.today}）`} extra={<Button icon={<DownloadOutlined />} href={`${TK}/figures.xlsx`}>{t('导出 xlsx')}</Button>} className="tekun-figures">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}><Statistic title={t('特困人员')} value={f.total.persons} /></Col>
          <Col xs={12} md={6}><Statistic title={`${t('集中供养率')}${target(f.targets.centralisation)}`} value={percent(f.total.centralisationRate)} /></Col>
          <Col xs={12} md={6}><Statistic title={`${t('不能自理者集中供养率')}${target(f.targets.centralisationUnable)}`} value={percent(f.total.cannotCareRate)} /></Col>
          <Col xs={12} md={6}><Statistic title={`${t('床位利用率')}${target(f.targets.bedUse)}`} value={percent(f.total.bedUse)} /></Col>
          <Col xs={12} md={6}><Statistic title={`${t('入住率')}${f.targets.occupancy ? ` / ${f.targets.occupancy.month} ${t('月底目标')} ${percent(f.targets.occupancy.target)}` : ''}`} value={percent(f.total.occupancyRate)} /></Col>
          <Col xs={12} md={6}><Statistic title={t('愿意集中未入住')} value={f.total.willingWaiting} /></Col>
          <Col xs={12} md={6}><Statistic title={t('未评估 / 复评逾期')} value={`${f.total.notAssessed} / ${f.total.assessmentsOverdue}`} /></Col>
          <Col xs={12} md={6}><Statistic title={t('协议即将到期')} value={f.total.agreementsExpiring} /></Col>
        </Row>
      </Card>
      <Card size="small" title={t('按乡镇')}>
        <Table size="small" rowKey="code" dataSource={f.byTownship} pagination={false} scroll={{ x: 900 }}
          columns={[
            { title: t('乡镇'), dataIndex: 'name' }, { title: t('特困人员'), dataIndex: 'persons' }, { title: t('集中供养'), dataIndex: 'concentrated' },
            { title: t('集中供养率'), dataIndex: 'centralisationRate', render: percent }, { title: t('不能自理者集中供养率'), dataIndex: 'cannotCareRate', render: percent },
            { title: t('愿意集中未入住'), dataIndex: 'willingWaiting' }, { title: t('入住率'), dataIndex: 'occupancyRate', render: percent },
            { title: t('未评估'), dataIndex: 'notAssessed' }, { title: t('复评逾期'), dataIndex: 'assessmentsOverdue' }, { title: t('协议即将到期'), dataIndex: 'agreementsExpiring' },
          ]} />
      </Card>
      <Card size="small" title={t('按供养机构')}>
        <Table size="small" rowKey="id" dataSource={f.institutions} pagination={false} scroll={{ x: 640 }}
          columns={[
            { title: t('机构名称'), dataIndex: 'name' }, { title: t('所属'), dataIndex: 'township' }, { title: t('床位'), dataIndex: 'beds' },
            { title: t('护理型床位'), dataIndex: 'nursingBeds' }, { title: t('在住'), dataIndex: 'residents' }, { title: t('床位利用率'), dataIndex: 'bedUse', render: percent },
          ]} />
      </Card>
    </Space>
  );
}
