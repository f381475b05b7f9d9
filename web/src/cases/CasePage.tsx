/**
 * The case page: the applicant and household, each program with its steps, deadline, notice and the
 * actions this user may take now (forms in ActionForms.tsx), referrals, papers, and the timeline of
 * every event (who, when, why).
 */
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Select, Space, Steps, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { FilePdfOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { ProFormDatePicker, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useState } from 'react';
import { dateTime } from '../format.ts';
import { actorName } from '../labels.ts';
import { useT } from '../i18n.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { ACTION_LABELS, attachmentUrl, deadlineUrl, ATTACHMENT_KINDS, CASES, CHANNELS, DEPARTMENTS, noticeUrl, STATE_NAMES, type CaseReferral, type CaseView, type ProgramView, type TimelineEvent } from './api.ts';
import { ActionButton, FormButton } from './ActionForms.tsx';
import { DueTag } from './QueuesPage.tsx';
import { uploadAttachment } from './upload.ts';
import { todayInChina } from '../rules.ts';

const FINAL = new Set(['approved', 'rejected', 'stopped', 'withdrawn']);
const EVENT_LABELS: Record<string, string> = {
  'case.open': '登记申请', 'program.add': '添加救助项目', 'case.link': '关联家庭档案', 'case.bank': '登记收款账户', 'attachment.add': '上传附件',
  'notice.objection': '登记异议', 'task.open': '开始计时', 'task.done': '环节办结', 'task.pause': '暂停计时', 'task.resume': '恢复计时', 'task.extend': '延期', 'task.escalate': '督办',
  'referral.open': '转办', 'referral.done': '部门办结', 'referral.pause': '转办暂停计时', 'referral.resume': '转办恢复计时',
  'case.sample': '抽中随机抽查', 'case.sample.result': '登记抽查结果', 'review.open': '复核到期', 'review.decide': '复核决定',
};

export function eventLabel(action: string): string {
  if (EVENT_LABELS[action]) return EVENT_LABELS[action];
  const [head, rest] = [action.slice(0, action.indexOf('.')), action.slice(action.indexOf('.') + 1)];
  if (head === 'program' && ACTION_LABELS[rest]) return ACTION_LABELS[rest];
  return action;
}

export function CasePage() {
  const id = useParams().id!;
  const t = useT();
  const session = useSession();
  const view = useApi<CaseView>([CASES, id]);
  const timeline = useApi<{ rows: TimelineEvent[] }>([CASES, id, 'timeline']);
  const referrals = useApi<{ rows: CaseReferral[] } | CaseReferral[]>([CASES, id, 'referrals']);
  // Opening and closing each step's deadline is recorded too; shown on request.
  const [showTasks, setShowTasks] = useState(false);
  if (view.error) return <Card><Empty description={view.error.message} /></Card>;
  if (!view.data) return <Card loading />;
  const { case: c, household, programs, attachments } = view.data;
  const township = session.me.user.role === 'township_staff';
  const referralRows = Array.isArray(referrals.data) ? referrals.data : referrals.data?.rows ?? [];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} className="case-page">
      <Card title={<Space wrap><span>{t('申请编号')} <Typography.Text copyable className="case-number">{c.number}</Typography.Text></span>
        {c.status === 'closed' ? <Tag>{t('已办结')}</Tag> : <Tag color="blue">{t('办理中')}</Tag>}
        {c.relativeFlag && <Tag color="purple">{t('近亲属备案')}{c.relativeMatched ? `（${t('登记册比对')}）` : `（${t('本人申报')}）`}</Tag>}
        {c.sampled && <Tag color="cyan">{t('随机抽查')}{c.sampleInspector ? `（${t('抽查人员')}：${c.sampleInspector}）` : ''}</Tag>}</Space>}
        extra={<Link to="/cases">{t('返回')}</Link>}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('申请人')}>{c.applicantName}</Descriptions.Item>
          <Descriptions.Item label={t('身份证号')}>{c.applicantIdNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('联系电话')}>{c.applicantPhone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('区划')}>{session.areaName(c.areaCode)}</Descriptions.Item>
          <Descriptions.Item label={t('来源')}>{t(CHANNELS[c.channel] ?? c.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('登记')}>{t(actorName(c.createdBy))} · {dateTime(c.createdAt)}</Descriptions.Item>
          {c.description && <Descriptions.Item label={t('申请事由')} span={3}>{c.description}</Descriptions.Item>}
          {c.channel === 'hotline' && <Descriptions.Item label={t('来电')} span={3}>{String(c.channelDetail.caller ?? '')}（{String(c.channelDetail.callbackNumber ?? '')}）：{String(c.channelDetail.said ?? '')}</Descriptions.Item>}
          {c.channel === 'warning' && <Descriptions.Item label={t('预警')} span={3}>{String(c.channelDetail.source ?? '')}：{String(c.channelDetail.detail ?? '')}</Descriptions.Item>}
          <Descriptions.Item label={t('收款账户')}>{c.bank ? `${c.bank.bankName} ${c.bank.accountNo}（${c.bank.accountName}）` : '—'}</Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          {township && c.status === 'open' && <FormButton caseId={id} url={`${CASES}/${id}/bank`} method="PUT" title={t('登记收款账户')} button={t('登记收款账户')} className="set-bank">
            <ProFormText name="bankName" label={t('开户银行')} rules={[{ required: true, message: t('请填写开户银行') }]} />
            <ProFormText name="accountNo" label={t('银行账号')} rules={[{ required: true, pattern: /^\d{12,30}$/, message: t('银行账号应为 12-30 位数字') }]} />
            <ProFormText name="accountName" label={t('账户名')} rules={[{ required: true, message: t('请填写账户名') }]} />
          </FormButton>}
          {township && c.status === 'open' && <AddPrograms caseId={id} existing={programs} />}
          {township && c.status === 'open' && programs.length > 0 && <FormButton caseId={id} url={`${CASES}/${id}/referrals`} title={t('转办')} button={t('转办部门')} className="refer"
            transform={(v) => ({ ...v, programId: v.programId || undefined })}>
            <ProFormSelect name="programId" label={t('救助项目（不选为整个案件）')} allowClear options={programs.map((p) => ({ value: p.id, label: p.program }))} />
            <ProFormSelect name="department" label={t('部门')} rules={[{ required: true, message: t('请选择部门') }]} options={DEPARTMENTS.map((d) => ({ value: d, label: d }))} />
            <ProFormTextArea name="note" label={t('转办事项')} rules={[{ required: true, whitespace: true, message: t('请填写转办事项') }]} />
          </FormButton>}
          {c.sampled && !c.sampleResult && (session.me.user.role === 'county_admin' || (session.me.user.role === 'county_staff' && (!c.sampleInspector || c.sampleInspector === session.me.user.username))) && (
            <FormButton caseId={id} url={`${CASES}/${id}/sample-result`} title={t('登记抽查结果')} button={t('登记抽查结果')}>
              <ProFormDatePicker name="visitedOn" label={t('入户日期')} rules={[{ required: true, message: t('请选择日期') }]} />
              <ProFormRadio.Group name="result" label={t('抽查结果')} rules={[{ required: true, message: t('请选择') }]} options={[{ value: 'consistent', label: t('相符') }, { value: 'inconsistent', label: t('不符') }]} />
              <ProFormTextArea name="note" label={t('抽查情况')} rules={[{ required: true, whitespace: true, message: t('请填写抽查情况') }]} />
            </FormButton>
          )}
        </Space>
      </Card>

      <HouseholdCard caseId={id} household={household} canLink={township && c.status === 'open'} />

      {programs.length === 0 && <Alert type="info" showIcon message={t('尚未确定救助项目：关联家庭档案后，按综合救助意见添加救助项目。')} />}
      {programs.map((p) => <ProgramCard key={p.id} caseId={id} p={p} />)}

      {referralRows.length > 0 && (
        <Card title={t('转办')} className="case-referrals">
          <Table<CaseReferral> rowKey="id" size="small" pagination={false} dataSource={referralRows} scroll={{ x: 640 }}
            rowClassName={(r) => (r.status === 'open' && r.dueAt && !r.pausedSince && r.dueAt < todayInChina() ? 'row-overdue' : '')}
            columns={[
              { title: t('部门'), dataIndex: 'department' },
              { title: t('项目'), dataIndex: 'programId', render: (pid) => programs.find((p) => p.id === pid)?.program ?? t('整个案件') },
              { title: t('转办事项'), dataIndex: 'note' },
              { title: t('办理期限'), dataIndex: 'dueAt', render: (d, r) => (r.status === 'open' ? <DueTag dueAt={d} overdue={!!d && !r.pausedSince && d < todayInChina()} paused={!!r.pausedSince} escalation={r.escalation} /> : '—') },
              { title: t('结果'), dataIndex: 'result', render: (x, r) => (r.status === 'done' ? <span><Tag color="green">{t('已办结')}</Tag>{x}</span> : <Tag color="blue">{t('办理中')}</Tag>) },
            ]} />
        </Card>
      )}

      <Attachments caseId={id} rows={attachments} canUpload={c.status === 'open' && ['township_staff', 'village_staff', 'county_staff', 'county_admin'].includes(session.me.user.role)} />

      <Card title={t('办理过程')} className="case-timeline"
        extra={<Checkbox checked={showTasks} onChange={(e) => setShowTasks(e.target.checked)}>{t('显示时限记录')}</Checkbox>}>
        <Timeline items={(timeline.data?.rows ?? []).filter((e) => showTasks || !/^task\.(open|done)$/.test(e.action)).map((e) => ({
          key: e.id,
          color: e.action.endsWith('reject') || e.action === 'task.escalate' ? 'red' : e.action.endsWith('approve') ? 'green' : 'blue',
          children: (
            <div className="timeline-entry">
              <Typography.Text strong>{t(eventLabel(e.action))}</Typography.Text>
              {typeof e.detail.program === 'string' && <Tag style={{ marginLeft: 8 }}>{e.detail.program}</Tag>}
              {e.toState && <Typography.Text type="secondary"> → {t(STATE_NAMES[e.toState] ?? e.toState)}</Typography.Text>}
              <div><Typography.Text type="secondary">{dateTime(e.at)} · {t(actorName(e.actor))}</Typography.Text></div>
              {e.reason && <div>{e.reason}</div>}
            </div>
          ),
        }))} />
      </Card>
    </Space>
  );
}

/** Today in China, as the server judges deadlines. */

function HouseholdCard({ caseId, household, canLink }: { caseId: string; household: CaseView['household']; canLink: boolean }) {
  const t = useT();
  const session = useSession();
  const [q, setQ] = useState('');
  const found = useApi<{ rows: { id: string; headName: string; areaCode: string }[] }>(['/api/households', { q, pageSize: 20 }], { enabled: q.length > 0 });
  if (!household) {
    return (
      <Card title={t('申请家庭')}>
        <Alert type="warning" showIcon message={t('尚未关联家庭档案：受理前请关联在册家庭，或先新建家庭档案。')} style={{ marginBottom: canLink ? 12 : 0 }} />
        {canLink && (
          <Space wrap>
            <FormButton caseId={caseId} url={`${CASES}/${caseId}/household`} title={t('关联家庭档案')} button={t('关联家庭档案')} className="link-household">
              <ProFormSelect name="householdId" label={t('在册家庭')} rules={[{ required: true, message: t('请选择家庭') }]} showSearch
                fieldProps={{ filterOption: false, onSearch: setQ, options: (found.data?.rows ?? []).map((h) => ({ value: h.id, label: `${h.headName}（${session.areaName(h.areaCode)}）` })) }} />
            </FormButton>
            {session.can('registry.write') && <Link to={`/households/new?case=${caseId}`} className="new-household-from-case">{t('新建家庭档案')}</Link>}
          </Space>
        )}
      </Card>
    );
  }
  return (
    <Card title={<Space>{t('申请家庭')}<Link to={`/households/${household.id}`}>{household.headName}</Link></Space>} className="case-household">
      <Table rowKey="id" size="small" pagination={false} dataSource={household.members} scroll={{ x: 480 }}
        columns={[
          { title: t('姓名'), dataIndex: 'name' },
          { title: t('身份证号'), dataIndex: 'idNumber', className: 'nowrap' },
          { title: t('与户主关系'), dataIndex: 'relation', render: (r) => session.vocabulary.relations[r] ?? r },
          { title: t('年龄'), dataIndex: 'age' },
        ]} />
    </Card>
  );
}

function AddPrograms({ caseId, existing }: { caseId: string; existing: ProgramView[] }) {
  const t = useT();
  const running = new Set(existing.filter((p) => !FINAL.has(p.state)).map((p) => p.program));
  return (
    <FormButton caseId={caseId} url={`${CASES}/${caseId}/programs`} title={t('添加救助项目')} button={t('添加救助项目')} className="add-programs"
      transform={(v) => ({ programs: (v.programs as string[]).map((program) => (program === '临时救助' ? { program, subtype: v.subtype, amountYuan: v.amountYuan } : { program })) })}>
      <ProFormSelect name="programs" label={t('救助项目')} mode="multiple" rules={[{ required: true, message: t('请至少选择一个救助项目') }]}
        options={['低保', '特困', '残疾人两项补贴', '临时救助', '医疗救助', '教育资助', '住房救助', '就业救助'].filter((p) => !running.has(p)).map((p) => ({ value: p, label: p }))} />
      <ProFormSelect name="subtype" label={t('临时救助类型')} options={[{ value: '急难型', label: '急难型' }, { value: '支出型', label: '支出型' }]} />
      <ProFormText name="amountYuan" label={t('临时救助申请金额（元）')} transform={(v) => ({ amountYuan: v === undefined || v === '' ? undefined : Number(v) })} />
    </FormButton>
  );
}

/** What a step recorded, in words. */
function recorded(p: ProgramView, t: (s: string) => string): { label: string; text: string }[] {
  const d = p.data as Record<string, Record<string, unknown> | undefined>;
  const out: { label: string; text: string }[] = [];
  const agree = (v: unknown) => (v === 'support' || v === true ? t('同意') : t('不同意'));
  if (d.investigate) out.push({ label: t('入户调查'), text: `${d.investigate.visitedOn}，${(d.investigate.visitors as string[] | undefined)?.join('、') ?? ''}：${d.investigate.findings}（${d.investigate.recommendation === 'support' ? t('建议纳入') : t('建议不纳入')}）` });
  if (d.county_visit) out.push({ label: t('县级入户核查'), text: `${d.county_visit.visitedOn}：${d.county_visit.findings}（${agree(d.county_visit.agrees)}）` });
  if (d.verify) out.push({ label: t('核对'), text: `${d.verify.result === 'pass' ? t('符合') : t('不符合')}：${d.verify.note}` });
  if (d.close_notice) out.push({ label: t('公示结果'), text: `${Number((p.data as { objections?: number }).objections ?? 0) > 0 ? `${t('有异议')}（${(p.data as { objections?: number }).objections}）` : t('无异议')}${d.close_notice.note ? `：${d.close_notice.note}` : ''}` });
  if (d.appraise) out.push({ label: t('民主评议'), text: `${d.appraise.heldOn}，${d.appraise.participants} ${t('人参加')}，${agree(d.appraise.result)}：${d.appraise.minutes}` });
  if (d.review) out.push({ label: t('乡镇审核'), text: String(d.review.opinion) });
  if (d.pay_advance) out.push({ label: t('先行救助'), text: `${d.pay_advance.amountYuan} ${t('元')}（${d.pay_advance.on}）${d.pay_advance.note ? `：${d.pay_advance.note}` : ''}` });
  if (d.document) out.push({ label: t('补办手续'), text: `${d.document.recipient}，${d.document.amountYuan} ${t('元')}：${d.document.reason}` });
  if (d.appeal) out.push({ label: t('申请复议'), text: String(d.appeal.reason) });
  const pay = d.payment as { from?: string; amountYuan?: number; parts?: { dueMonth: string; amountYuan: number }[] } | undefined;
  if (pay) {
    out.push({ label: t('救助发放'), text: pay.from === 'reserve' ? `${pay.amountYuan} ${t('元')}，${t('乡镇备用金')}`
      : `${pay.amountYuan} ${t('元')}，${t('随发放名册')}：${(pay.parts ?? []).map((x) => `${x.dueMonth} ${x.amountYuan} ${t('元')}`).join('；')}` });
  }
  const meeting = d.meeting as { heldOn?: string; members?: { name: string; department: string }[] } | undefined;
  if (meeting) out.push({ label: t('一事一议'), text: `${meeting.heldOn}：${(meeting.members ?? []).map((m) => `${m.name}（${m.department}）`).join('、')}` });
  return out;
}

function ProgramCard({ caseId, p }: { caseId: string; p: ProgramView }) {
  const t = useT();
  const session = useSession();
  const role = session.me.user.role;
  const current = p.steps.indexOf(p.state);
  const offPath = current < 0;
  const stateColor = p.state === 'approved' ? 'green' : p.state === 'rejected' || p.state === 'withdrawn' || p.state === 'stopped' ? 'red' : 'blue';
  const canTask = p.task && (role === 'township_staff' || role === 'county_staff' || role === 'county_admin');
  return (
    <Card className={`program-card program-${p.program}`} title={<Space wrap>
      <span>{p.program}{p.subtype ? `（${p.subtype}）` : ''}</span>
      <Tag color={stateColor} className="program-state">{t(STATE_NAMES[p.state] ?? p.stateName)}</Tag>
      {p.level === 'county' && <Tag>{t('县级审批')}</Tag>}
      {p.oneByOne && <Tag color="orange">{t('一事一议')}</Tag>}
      {p.objection && <Tag color="red">{t('公示有异议')}</Tag>}
      {p.amountYuan != null && <span>{p.amountYuan.toFixed(2)} {t('元')}</span>}
    </Space>}>
      <Steps size="small" responsive current={offPath ? p.steps.length : current} status={p.state === 'rejected' || p.state === 'withdrawn' ? 'error' : FINAL.has(p.state) ? 'finish' : 'process'}
        items={p.steps.map((s) => ({ title: t(STATE_NAMES[s] ?? s) }))} style={{ marginBottom: 12 }} className="program-steps" />
      {p.task && (
        <div className="program-task" style={{ marginBottom: 8 }}>
          <Space wrap>
            <span>{t('本环节办理期限')}：</span>
            <DueTag dueAt={p.task.dueAt} overdue={p.task.overdue} paused={p.task.paused} escalation={p.task.escalation} extended={p.task.extended} />
            {canTask && !p.task.paused && <FormButton caseId={caseId} url={deadlineUrl(caseId, p.id, 'pause')} title={t('暂停计时（等待申请人）')} button={t('暂停计时')}>
              <ProFormTextArea name="reason" label={t('原因')} rules={[{ required: true, whitespace: true, message: t('请填写原因') }]} />
            </FormButton>}
            {canTask && p.task.paused && <FormButton caseId={caseId} url={deadlineUrl(caseId, p.id, 'resume')} title={t('恢复计时')} button={t('恢复计时')} initialValues={{ reason: t('申请人已补齐材料') }}>
              <ProFormTextArea name="reason" label={t('说明')} />
            </FormButton>}
            {canTask && !p.task.extended && <FormButton caseId={caseId} url={deadlineUrl(caseId, p.id, 'extend')} title={t('延期（仅一次）')} button={t('延期')}>
              <ProFormTextArea name="reason" label={t('延期理由')} rules={[{ required: true, whitespace: true, message: t('请填写延期理由') }]} />
            </FormButton>}
          </Space>
        </div>
      )}
      {role === 'township_staff' && p.state === 'approved' && p.entitlementId && (
        // 000:L134: a reported change or an unannounced check opens a review now, not only the schedule.
        <div style={{ marginBottom: 8 }}>
          <FormButton caseId={caseId} url="/api/reviews" title={t('发起复核')} button={t('发起复核')} className="open-review"
            transform={(v) => ({ ...v, caseId, programId: p.id })}>
            <ProFormRadio.Group name="trigger" label={t('复核原因')} rules={[{ required: true, message: t('请选择复核原因') }]}
              options={[{ value: 'reported_change', label: t('对象报告变化') }, { value: 'unannounced', label: t('不定期抽查') }]} />
            <ProFormTextArea name="note" label={t('复核原因说明')} rules={[{ required: true, whitespace: true, message: t('请说明复核原因（报告了什么变化，或抽查安排）') }]} />
          </FormButton>
        </div>
      )}
      {p.notice && (
        <Alert type={p.state === 'notice' ? 'warning' : 'info'} showIcon className="program-notice" style={{ marginBottom: 8 }}
          message={<Space wrap>
            <span>{p.notice.title}：{p.notice.startDate} ~ {p.notice.endDate}</span>
            <a href={noticeUrl(p.notice.id, 'print')} target="_blank" rel="noopener"><PrinterOutlined /> {t('公示（打印）')}</a>
            <a href={noticeUrl(p.notice.id, 'pdf')} target="_blank" rel="noopener"><FilePdfOutlined /> PDF</a>
          </Space>}
          action={p.state === 'notice' && (role === 'township_staff' || role === 'village_staff') && (
            <FormButton caseId={caseId} url={`${CASES}/${caseId}/programs/${p.id}/objections`} title={t('登记异议')} button={t('登记异议')} className="add-objection" danger>
              <ProFormText name="byName" label={t('反映人（可不填）')} />
              <ProFormText name="byPhone" label={t('联系电话（可不填）')} />
              <ProFormTextArea name="content" label={t('异议内容')} rules={[{ required: true, whitespace: true, message: t('请填写异议内容') }]} />
            </FormButton>
          )} />
      )}
      {recorded(p, t).length > 0 && (
        <Descriptions size="small" column={1} bordered className="program-recorded" style={{ marginBottom: 8 }}>
          {recorded(p, t).map((r) => <Descriptions.Item key={r.label} label={r.label}>{r.text}</Descriptions.Item>)}
        </Descriptions>
      )}
      {p.decision && (
        <Alert type={p.decision === 'approved' ? 'success' : 'error'} showIcon style={{ marginBottom: 8 }} className="program-decision"
          message={`${p.decision === 'approved' ? t('批准') : t('不予批准')}：${p.decisionReason ?? ''}`}
          description={<Space wrap>
            {p.decidedBy && <span>{p.decidedBy}{p.decidedAt ? ` · ${dateTime(p.decidedAt)}` : ''}</span>}
            {p.entitlementId && <span className="entitlement">{t('已生成待遇记录，自')} {p.startMonth} {t('起发放')}</span>}
            {typeof p.data.nextReviewOn === 'string' && <span>{t('下次复核')}：{p.data.nextReviewOn}</span>}
          </Space>} />
      )}
      {p.actions.length > 0 && <Space wrap className="program-actions">{p.actions.map((a) => <ActionButton key={a} caseId={caseId} program={p} action={a} />)}</Space>}
    </Card>
  );
}

function Attachments({ caseId, rows, canUpload }: { caseId: string; rows: CaseView['attachments']; canUpload: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [kind, setKind] = useState('authorization');
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    try { await uploadAttachment(caseId, kind, file); message.success(t('已上传')); await invalidate(CASES, caseId); } catch (e) { message.error((e as Error).message); } finally { setBusy(false); }
    return false;
  };
  return (
    <Card title={t('附件')} className="case-attachments" extra={canUpload && <Space wrap>
      <Select value={kind} onChange={setKind} style={{ width: 140 }} options={Object.entries(ATTACHMENT_KINDS).map(([value, label]) => ({ value, label: t(label) }))} />
      <Upload accept="image/jpeg,image/png,application/pdf" showUploadList={false} beforeUpload={upload}>
        <Button icon={<UploadOutlined />} loading={busy} className="upload-attachment">{t('上传')}</Button>
      </Upload>
    </Space>}>
      {rows.length === 0 ? <Typography.Text type="secondary">{t('暂无附件。核对前须上传申请人签字的《家庭经济状况核对授权书》。')}</Typography.Text> : (
        <Table rowKey="id" size="small" pagination={false} dataSource={rows} scroll={{ x: 560 }}
          columns={[
            { title: t('类别'), dataIndex: 'kind', render: (k) => <Tag color={k === 'authorization' ? 'gold' : undefined}>{t(ATTACHMENT_KINDS[k] ?? k)}</Tag> },
            { title: t('文件'), dataIndex: 'fileName', render: (n, a) => <a href={attachmentUrl(caseId, a.id)} target="_blank" rel="noopener">{n}</a> },
            { title: t('大小'), dataIndex: 'bytes', render: (b: number) => `${Math.max(1, Math.round(b / 1024))} KB` },
            { title: 'SHA-256', dataIndex: 'sha256', render: (h: string) => <code title={h}>{h.slice(0, 10)}…</code> },
            { title: t('上传'), render: (_, a) => `${t(actorName(a.uploadedBy))} · ${dateTime(a.uploadedAt)}` },
          ]} />
      )}
    </Card>
  );
}
