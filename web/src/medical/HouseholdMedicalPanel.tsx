/**
 * The household page's 医疗救助 block: each member's medical-assistance category this year, the
 * assistance received, what is left of the year's cap, the 先诊疗后付费 mark, this year's settlements,
 * and a 临时救助 proposal for a settlement whose out-of-pocket cost still passes the pack's threshold.
 * Hidden when the household has no category and no settlement (or the role may not read it).
 */
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../query.ts';
import { useT } from '../i18n.ts';
import { useSession } from '../session.ts';
import { categoryLabel, PAYMENT_STATUS, percent, yuan2, type HouseholdMedical, type Settlement } from './api.ts';

export function HouseholdMedicalPanel({ id }: { id: string }) {
  const t = useT();
  const session = useSession();
  const q = useApi<HouseholdMedical>(['/api/households', id, 'medical'], { retry: false });
  const d = q.data;
  if (q.error || !d || (d.settlements.length === 0 && d.members.every((m) => m.category === 'none'))) return null;
  return (
    <Card title={`${t('医疗救助')}（${d.year} ${t('年')}）`} className="household-medical">
      {d.tempRelief.map((p) => (
        <Alert key={p.settlementNo} className="medical-temp-relief" type="warning" showIcon style={{ marginBottom: 8 }}
          message={`${t('建议临时救助')}：${p.memberName} ${t('结算')} ${p.settlementNo} ${t('经医疗救助后个人自付')} ${yuan2(p.outOfPocketYuan)} ${t('元，超过')} ${yuan2(p.thresholdYuan)} ${t('元')}`}
          action={session.can('registry.write') ? <Link to={`/cases/new?${new URLSearchParams({ household: id })}`}><Button size="small">{t('受理登记')}</Button></Link> : undefined} />
      ))}
      <Table size="small" rowKey="memberId" pagination={false} dataSource={d.members} scroll={{ x: 720 }} className="household-medical-members" columns={[
        { title: t('姓名'), dataIndex: 'name', width: 80 },
        { title: t('医疗救助类别'), dataIndex: 'category', render: (c: string, m) => <Space size={4} wrap>{t(categoryLabel(c))}{m.treatFirst && <Tag color="green">{t('先诊疗后付费')}</Tag>}</Space> },
        { title: t('救助比例'), dataIndex: 'ratio', align: 'right', width: 80, render: percent },
        { title: t('本年已救助（元）'), dataIndex: 'yearAssistedYuan', align: 'right', width: 120, render: yuan2 },
        { title: t('年度封顶（元）'), dataIndex: 'capYuan', align: 'right', width: 110, render: yuan2 },
        { title: t('封顶剩余（元）'), dataIndex: 'capRemainingYuan', align: 'right', width: 110, render: yuan2 },
        { title: t('补足（元）'), dataIndex: 'yearTopUpYuan', align: 'right', width: 90, render: yuan2 },
      ]} />
      {d.settlements.length > 0 && (
        <Table<Settlement> size="small" rowKey="id" pagination={{ pageSize: 10 }} dataSource={d.settlements} scroll={{ x: 900 }} style={{ marginTop: 12 }} columns={[
          { title: t('结算日期'), dataIndex: 'date', width: 100 }, { title: t('姓名'), dataIndex: 'name', width: 80 },
          { title: t('就诊类型'), dataIndex: 'visitType', width: 100, render: (v: string) => t(v) }, { title: t('医院'), dataIndex: 'hospitalName' },
          { title: t('医疗总费用'), dataIndex: 'totalYuan', align: 'right', width: 100, render: yuan2 },
          { title: t('医疗救助（元）'), dataIndex: 'assistanceYuan', align: 'right', width: 110, render: yuan2 },
          { title: t('个人自付（元）'), dataIndex: 'outOfPocketYuan', align: 'right', width: 110, render: yuan2 },
          { title: t('支付'), dataIndex: 'paymentStatus', width: 110, render: (s: string) => <Tag color={PAYMENT_STATUS[s]?.color}>{t(PAYMENT_STATUS[s]?.label ?? s)}</Tag> },
        ]} />
      )}
    </Card>
  );
}
