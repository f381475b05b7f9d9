/** The household page's 待遇与发放记录: its entitlements and every payment line (account numbers masked; a role with reveal may show them whole, audited). */
import { useState } from 'react';
import { Button, Card, Table, Tag } from 'antd';
import { useT } from '../i18n.ts';
import { useApi } from '../query.ts';
import { useSession } from '../session.ts';

interface Entitlement { id: string; program: string; startMonth: string; endMonth: string | null; endReason: string | null; status: 'active' | 'ended'; bank: { bankName: string; accountNo: string; accountName: string } | null; snapshots: { fromMonth: string; reason: string }[] }
interface Payment { id: number; program: string; period: string; kind: string; amountYuan: number; bankStatus: string; failureReason: string | null; accountNo: string; bankName: string; paidIn: string; payrollStatus: string }

const KIND: Record<string, string> = { regular: '正常', back: '补发', repay: '重发' };
const BANK: Record<string, { label: string; color: string }> = { pending: { label: '待回盘', color: 'default' }, paid: { label: '成功', color: 'green' }, failed: { label: '失败', color: 'red' } };

export function PaymentHistoryPanel({ id }: { id: string }) {
  const t = useT();
  const session = useSession();
  const [reveal, setReveal] = useState(false);
  const q = useApi<{ entitlements: Entitlement[]; payments: Payment[] }>(['/api/households', id, 'payments', ...(reveal ? [{ reveal: 1 }] : [])], { retry: false });
  if (q.error || !q.data || (q.data.entitlements.length === 0 && q.data.payments.length === 0)) return null;
  return (
    <Card title={t('待遇与发放记录')} className="payment-history"
      extra={session.can('reveal') && <Button size="small" type="link" className="reveal-accounts" onClick={() => setReveal(!reveal)}>{reveal ? '隐藏完整银行账号' : t('显示完整银行账号（记入审计日志）')}</Button>}>
      <Table<Entitlement> size="small" rowKey="id" pagination={false} dataSource={q.data.entitlements} style={{ marginBottom: 12 }}
        columns={[
          { title: t('救助项目'), dataIndex: 'program' }, { title: t('起始'), dataIndex: 'startMonth' },
          { title: t('状态'), dataIndex: 'status', render: (s: string, r) => (s === 'active' ? <Tag color="green">{t('享受中')}</Tag> : <Tag>已终止 {r.endMonth}（{r.endReason}）</Tag>) },
          { title: t('账户'), dataIndex: 'bank', render: (b: Entitlement['bank']) => (b ? `${b.bankName} ${b.accountNo}（${b.accountName}）` : t('未登记')) },
          { title: t('依据'), dataIndex: 'snapshots', render: (s: Entitlement['snapshots']) => s.map((x) => `${x.fromMonth} ${t('起')}：${x.reason}`).join('；') },
        ]} />
      <Table<Payment> size="small" rowKey="id" dataSource={q.data.payments} pagination={{ pageSize: 12 }}
        columns={[
          { title: t('发放月'), dataIndex: 'paidIn' }, { title: t('项目'), dataIndex: 'program' }, { title: t('所属期'), dataIndex: 'period' },
          { title: t('类别'), dataIndex: 'kind', render: (k: string) => t(KIND[k] ?? k) },
          { title: t('金额（元）'), dataIndex: 'amountYuan', align: 'right', render: (v: number) => v.toFixed(2) },
          { title: t('名册'), dataIndex: 'payrollStatus', render: (s: string) => (s === 'approved' ? '已审批' : t('待审批')) },
          { title: t('银行账号'), dataIndex: 'accountNo' },
          { title: t('回盘'), dataIndex: 'bankStatus', render: (b: string, r) => <Tag color={BANK[b]?.color} title={r.failureReason ?? undefined}>{t(BANK[b]?.label ?? b)}{r.failureReason ? `：${r.failureReason}` : ''}</Tag> },
        ]} />
    </Card>
  );
}
