/**
 * 核对结果 on the household page: the household's findings from department feeds (all states, with
 * evidence); an open one is confirmed (the registry correction it makes is shown first, then saved
 * with the household version the page shows) or dismissed with a reason.
 */
import { useState } from 'react';
import { App, Card, Button, Descriptions, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { useSession } from '../session.ts';
import { SOURCE_LABELS, type SourceName } from '../../../src/verification/sourceNames.ts';

export interface FindingView {
  id: string; kind: string; kindLabel: string; blocking: boolean; source: string; period: string; idNumber: string;
  evidence: Record<string, string>; message: string; state: string; reason: string | null; resolvedBy: string | null; raisedOn: string; version: number;
}
interface FindingDetail extends FindingView { correction: { label: string; old: string; new: string }[]; blocked: string | null; householdVersion: number }

const STATES: Record<string, { label: string; color: string }> = {
  open: { label: '待处理', color: 'red' }, confirmed: { label: '已确认', color: 'green' }, dismissed: { label: '已忽略', color: 'default' },
  lapsed: { label: '已失效', color: 'default' }, superseded: { label: '已更新', color: 'default' },
};

export function FindingsPanel({ id }: { id: string }) {
  const session = useSession();
  const { data } = useApi<{ rows: FindingView[] }>(['/api/households', id, 'findings']);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<FindingView | null>(null);
  const rows = data?.rows ?? [];
  const write = session.can('registry.write');
  return (
    <Card title="核对结果" className="findings" extra={<Typography.Text type="secondary">部门数据比对结果：系统只提示，由工作人员核实认定</Typography.Text>}>
      {rows.length === 0 ? <Empty description="暂无核对结果" /> : (
        <Table<FindingView> rowKey="id" dataSource={rows} pagination={false} size="small" scroll={{ x: 900 }}
          columns={[
            { title: '类别', dataIndex: 'kindLabel', className: 'nowrap', render: (k, f) => <Space>{k}{f.blocking && f.state === 'open' && <Tag color="orange">影响审核</Tag>}</Space> },
            { title: '说明', dataIndex: 'message' },
            { title: '依据', render: (_, f) => <span className="evidence">{SOURCE_LABELS[f.source as SourceName] ?? ''} {f.period}：{Object.entries(f.evidence).map(([k, v]) => `${k} ${v}`).join('；')}</span> },
            { title: '状态', dataIndex: 'state', className: 'nowrap', render: (s, f) => <Space direction="vertical" size={0}><Tag color={STATES[s]?.color}>{STATES[s]?.label ?? s}</Tag>{f.reason && <Typography.Text type="secondary">{f.reason}</Typography.Text>}</Space> },
            { title: '操作', className: 'nowrap', render: (_, f) => (write && f.state === 'open' ? (
              <Space>
                <Button size="small" type="primary" className="finding-confirm" onClick={() => setConfirming(f.id)}>确认</Button>
                <Button size="small" className="finding-dismiss" onClick={() => setDismissing(f)}>忽略</Button>
              </Space>) : null) },
          ]} />
      )}
      {confirming && <ConfirmModal id={confirming} householdId={id} onClose={() => setConfirming(null)} />}
      {dismissing && <DismissModal finding={dismissing} householdId={id} onClose={() => setDismissing(null)} />}
    </Card>
  );
}

function ConfirmModal({ id, householdId, onClose }: { id: string; householdId: string; onClose: () => void }) {
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const { data: f, error } = useApi<FindingDetail>(['/api/findings', id], { staleTime: 0 });
  const [note, setNote] = useState('');
  const submit = async () => {
    try {
      const r = await post<{ registryChanged: boolean; entitlements: number }>(`/api/findings/${id}/confirm`, { version: f!.version, householdVersion: f!.householdVersion, note: note || null });
      message.success(r.registryChanged ? `已确认并更正登记信息${r.entitlements ? `，已重新核定 ${r.entitlements} 项待遇` : ''}` : '已确认');
      invalidate('/api/households', householdId);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title="确认核对结果" okText="确认并更正" onOk={submit} onCancel={onClose} okButtonProps={{ disabled: !f || !!f.blocked, className: 'finding-confirm-ok' }} destroyOnHidden>
      {error && <Empty description={error.message} />}
      {f && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{f.message}</Typography.Paragraph>
          {f.blocked ? <Typography.Text type="danger">{f.blocked}</Typography.Text> : f.correction.length === 0
            ? <Typography.Text type="secondary">登记信息中没有对应项目，确认后仅记录核实结果。</Typography.Text>
            : (
              <Descriptions size="small" column={1} bordered title="确认后将更正登记信息（记入变更历史）">
                {f.correction.map((c) => <Descriptions.Item key={c.label} label={c.label}>{c.old} → {c.new}</Descriptions.Item>)}
              </Descriptions>
            )}
          <Input.TextArea rows={2} maxLength={500} placeholder="说明（可选）" value={note} onChange={(e) => setNote(e.target.value)} />
        </Space>
      )}
    </Modal>
  );
}

function DismissModal({ finding, householdId, onClose }: { finding: FindingView; householdId: string; onClose: () => void }) {
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post(`/api/findings/${finding.id}/dismiss`, { version: finding.version, reason: v.reason });
      message.success('已忽略；证据不变时下次核对不再提示');
      invalidate('/api/households', householdId);
      onClose();
    } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Modal open title="忽略核对结果" okText="忽略" onOk={submit} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>{finding.message}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="忽略原因" rules={[{ required: true, whitespace: true, message: '请填写忽略原因' }]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}
