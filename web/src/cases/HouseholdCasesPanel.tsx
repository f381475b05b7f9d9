/**
 * The household page's cases: every case of the household, open and closed, each program with its current
 * step, the case number a link to the case page. A list rather than a table, so it fits a phone.
 */
import { Link } from 'react-router';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useApi } from '../query.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';
import { CASES, CHANNELS, STATE_NAMES } from './api.ts';

interface CaseRow { id: string; number: string; channel: string; status: 'open' | 'closed'; createdAt: string; programs: { id: string; program: string; state: string }[] }

export function HouseholdCasesPanel({ householdId }: { householdId: string }) {
  const t = useT();
  const list = useApi<{ total: number; rows: CaseRow[] }>([CASES, { householdId, pageSize: 100 }]);
  const rows = list.data?.rows ?? [];
  const open = rows.filter((c) => c.status === 'open').length;
  return (
    <Card title={t('救助案件')} className="household-cases" loading={list.isLoading}
      extra={rows.length > 0 && <Typography.Text type="secondary">{t('办理中')} {open} · {t('已办结')} {rows.length - open}</Typography.Text>}>
      {list.error ? <Empty description={list.error.message} /> : rows.length === 0 ? <Empty description={t('本户尚无救助案件')} /> : (
        <List size="small" dataSource={rows} renderItem={(c) => (
          <List.Item className={`household-case household-case-${c.status}`}>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/cases/${c.id}`} className="case-link">{c.number}</Link>
                {c.status === 'closed' ? <Tag>{t('已办结')}</Tag> : <Tag color="blue">{t('办理中')}</Tag>}
                <Typography.Text type="secondary">{t(CHANNELS[c.channel] ?? c.channel)} · {dateTime(c.createdAt).slice(0, 10)}</Typography.Text>
              </Space>
              <Space wrap>
                {c.programs.map((p) => <Tag key={p.id} className="case-program-step">{t(p.program)}：{t(STATE_NAMES[p.state] ?? p.state)}</Tag>)}
              </Space>
            </Space>
          </List.Item>
        )} />
      )}
    </Card>
  );
}
