/**
 * The household page's 就业 block: who can work and who does (placement, 公益性岗位 or the registry), the
 * 零就业 state since when, the services recorded, and the reviews a placement proposed (a 低保 household
 * whose member found work): decided on the 复核 page by a person, never applied here.
 */
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../query.ts';
import { useT } from '../i18n.ts';
import { SERVICE_KINDS, STATUS_SOURCES, type HouseholdEmployment } from './api.ts';

export function HouseholdEmploymentPanel({ id }: { id: string }) {
  const t = useT();
  const q = useApi<HouseholdEmployment>(['/api/households', id, 'employment'], { retry: false });
  const d = q.data;
  if (q.error || !d || (!d.zero && d.services.length === 0 && d.reviewsDue.length === 0 && !d.members.some((m) => m.source === 'placement' || m.source === 'welfareJob'))) return null;
  return (
    <Card title={t('就业情况')} className="household-employment">
      {d.zero && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={`${t('零就业家庭')}：${t('自')} ${d.zeroSince ?? d.date} ${t('起无人就业')}`} />}
      {d.reviewsDue.map((r) => (
        <Alert key={r.id} className="employment-review-proposed" type="info" showIcon style={{ marginBottom: 8 }}
          message={`${t('成员就业后收入变化，建议复核')}${t(r.program)}（${r.dueDate}）：${t('由乡镇按复核日重新测算后决定继续、调整、渐退或停止')}`}
          action={<Link to="/reviews"><Button size="small">{t('去复核')}</Button></Link>} />
      ))}
      <Table size="small" rowKey="id" pagination={false} dataSource={d.members} scroll={{ x: 640 }} className="household-employment-members" columns={[
        { title: t('姓名'), dataIndex: 'name', width: 80 },
        { title: t('年龄'), dataIndex: 'age', width: 60 },
        { title: t('可就业'), dataIndex: 'canWork', width: 80, render: (c: boolean) => (c ? t('是') : t('否')) },
        { title: t('就业状况'), dataIndex: 'employed', width: 90, render: (e: boolean) => (e ? <Tag color="green">{t('已就业')}</Tag> : <Tag>{t('未就业')}</Tag>) },
        { title: t('来源'), dataIndex: 'source', width: 110, render: (s: keyof typeof STATUS_SOURCES | null) => (s ? t(STATUS_SOURCES[s]) : '—') },
        { title: t('用工单位'), dataIndex: 'employer', render: (v: string | null) => v ?? '—' },
        { title: t('月收入（元）'), dataIndex: 'monthlyIncomeYuan', width: 110, align: 'right' },
      ]} />
      {d.services.length > 0 && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Table size="small" rowKey="id" pagination={{ pageSize: 10 }} dataSource={d.services} scroll={{ x: 560 }} columns={[
            { title: t('日期'), dataIndex: 'date', width: 100 }, { title: t('姓名'), dataIndex: 'name', width: 80 },
            { title: t('服务类型'), dataIndex: 'kind', width: 130, render: (k: keyof typeof SERVICE_KINDS) => t(SERVICE_KINDS[k] ?? k) },
            { title: t('内容'), render: (_, r) => [r.employer, r.course].filter(Boolean).join('，') || '—' },
          ]} />
        </Space>
      )}
    </Card>
  );
}
