/**
 * 工作台, the first page after login: what is waiting for the user — 我的待办 / 即将到期 / 已逾期 with
 * counts and the first items, the relief steps of 受灾人员救助 that are the user's, warnings to handle, findings to resolve, payroll months to approve (county),
 * the open coverage gaps of the area (应保未保 / 待复核, with the engine's first reason; township and county officers: the
 * 督导 page that lists them is not a village's),
 * and for an auditor the reveals and exports of the last 30 days — each with a link to its full page.
 * One request (`GET /api/workbench`); the statistics are one click away (统计).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import { useApi } from '../query.ts';
import { useSession } from '../session.ts';
import { useT } from '../i18n.ts';
import { LEVELS } from '../../../src/monitoring/vocabulary.ts';

interface Task { caseId: string; number: string; applicantName: string; program: string | null; stepName: string; dueAt: string; overdue: boolean; areaName: string | null }
interface Workbench {
  today: string;
  tasks: { mine: { count: number; rows: Task[] }; dueSoon: { count: number; rows: Task[] }; overdue: { count: number; rows: Task[] }; notices: { count: number } };
  warnings: { count: number; byLevel: { level: string; open: number }[]; rows: { id: string; householdId: string; headName: string; level: string; ruleName: string; dueOn: string; overdue: boolean; areaName: string | null }[] };
  findings: { count: number; rows: { id: string; householdId: string; headName: string; kindLabel: string; blocking: boolean; areaName: string | null }[] } | null;
  payroll: { count: number; rows: { id: string; month: string; lines: number; totalYuan: number; preparedBy: string; canApprove: boolean }[] } | null;
  relief: { count: number; overdue: number; rows: { reliefId: string; eventId: string; headName: string; kindName: string; stepName: string; dueAt: string; overdue: boolean; areaName: string }[] } | null;
  tekun: { count: number; rows: { memberId: string; householdId: string; name: string; township: string; reassessOn: string | null; notAssessed: boolean }[] } | null;
  /** 应保未保 / 待复核 (src/supervision/gapStore.ts gapQueue). */
  gaps?: { count: number; byKind: { unserved: number; review: number }; rows: { id: number; kind: string; kindLabel: string; householdId: string; headName: string; program: string; reasons: string[]; amountFen: number | null; areaName: string }[] } | null;
  audit: { since: string; reveals: number; exports: number; rows: { id: number; at: string; actor: string; actionLabel: string }[] } | null;
}

const LEVEL_COLORS: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold' };

function Part({ title, count, red, more, children, className }: { title: string; count: number; red?: boolean; more: { to: string; label: string }; children: ReactNode; className: string }) {
  const t = useT();
  return (
    <Card size="small" className={`wb-part ${className}`} title={<Space><span>{t(title)}</span><span className={`wb-count${red && count > 0 ? ' red' : ''}`}>{count}</span></Space>}
      extra={<Link to={more.to}>{t(more.label)}</Link>} style={{ height: '100%' }}>
      {count === 0 ? <Typography.Text type="secondary">{t('没有待办')}</Typography.Text> : children}
    </Card>
  );
}

/** The first cases of a queue; the queue's count also holds its other tasks (a warning's deadline, …), listed on their own pages. */
function Tasks({ rows, count, to }: { rows: Task[]; count: number; to: string }) {
  const t = useT();
  const more = count - rows.length;
  return <>{rows.map((r) => (
    <div className="wb-item" key={`${r.caseId}-${r.program}-${r.stepName}`}>
      <span className="wb-item-main"><Link to={`/cases/${r.caseId}`}>{r.applicantName}</Link> {r.program ?? ''} · {t(r.stepName)}</span>
      <span className={`wb-item-side${r.overdue ? ' overdue' : ''}`}>{r.dueAt}</span>
    </div>
  ))}{more > 0 && <div className="wb-item"><Link to={to}>{t('另有')} {more} {t('项，见完整列表')}</Link></div>}</>;
}

export function WorkbenchPage() {
  const t = useT();
  const session = useSession();
  const r = useApi<Workbench>(['/api/workbench']);
  const w = r.data;
  const user = session.me.user;
  return (
    <div className="workbench">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space direction="vertical" size={0}>
            <Typography.Title level={4} style={{ margin: 0 }}>{t('工作台')}</Typography.Title>
            <Typography.Text type="secondary">{user.displayName} · {session.me.roleLabel} · {session.areaName(user.areaCode)}{w ? ` · ${w.today}` : ''}</Typography.Text>
          </Space>
          <Link to="/stats"><Button icon={<BarChartOutlined />}>{t('统计')}</Button></Link>
        </Space>
      </Card>
      {w && (
        <Row gutter={[12, 12]}>
          <Col xs={24} md={12} xl={8}>
            <Part className="wb-mine" title="我的待办" count={w.tasks.mine.count} more={{ to: '/cases?view=mine', label: '全部待办' }}><Tasks rows={w.tasks.mine.rows} count={w.tasks.mine.count} to="/cases?view=mine" /></Part>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Part className="wb-due-soon" title="即将到期" count={w.tasks.dueSoon.count} more={{ to: '/cases?view=dueSoon', label: '查看' }}><Tasks rows={w.tasks.dueSoon.rows} count={w.tasks.dueSoon.count} to="/cases?view=dueSoon" /></Part>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Part className="wb-overdue" title="已逾期" red count={w.tasks.overdue.count} more={{ to: '/cases?view=overdue', label: '查看' }}><Tasks rows={w.tasks.overdue.rows} count={w.tasks.overdue.count} to="/cases?view=overdue" /></Part>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Part className="wb-warnings" title="待处置预警" red count={w.warnings.count} more={{ to: '/monitoring', label: '去处置' }}>
              <Space size={4} wrap style={{ marginBottom: 4 }}>{w.warnings.byLevel.filter((l) => l.open > 0).map((l) => <Tag key={l.level} color={LEVEL_COLORS[l.level]}>{t(LEVELS[l.level as keyof typeof LEVELS] ?? l.level)} {l.open}</Tag>)}</Space>
              {w.warnings.rows.map((x) => (
                <div className="wb-item" key={x.id}>
                  <span className="wb-item-main"><Tag color={LEVEL_COLORS[x.level]}>{t(LEVELS[x.level as keyof typeof LEVELS] ?? x.level)}</Tag><Link to={`/monitoring/households/${x.householdId}`}>{x.headName}</Link> {x.ruleName}</span>
                  <span className={`wb-item-side${x.overdue ? ' overdue' : ''}`}>{x.dueOn}</span>
                </div>
              ))}
            </Part>
          </Col>
          {w.findings && (
            <Col xs={24} md={12} xl={8}>
              <Part className="wb-findings" title="待处理核对发现" count={w.findings.count} more={{ to: '/verification', label: '去处理' }}>
                {w.findings.rows.map((f) => (
                  <div className="wb-item" key={f.id}>
                    <span className="wb-item-main"><Link to={`/households/${f.householdId}`}>{f.headName}</Link> {f.kindLabel}</span>
                    <span className="wb-item-side">{f.blocking ? <Tag color="red">{t('阻断核对')}</Tag> : f.areaName}</span>
                  </div>
                ))}
              </Part>
            </Col>
          )}
          {w.payroll && (
            <Col xs={24} md={12} xl={8}>
              <Part className="wb-payroll" title="待审批发放名册" count={w.payroll.count} more={{ to: '/payroll', label: '去审批' }}>
                {w.payroll.rows.map((p) => (
                  <div className="wb-item" key={p.id}>
                    <span className="wb-item-main"><Link to="/payroll">{p.month}</Link> {p.lines} {t('条')} · {p.totalYuan.toFixed(2)} {t('元')}</span>
                    <span className="wb-item-side">{p.canApprove ? t('待您审批') : t('您编制的，须由他人审批')}</span>
                  </div>
                ))}
              </Part>
            </Col>
          )}
          {w.relief && w.relief.count > 0 && (
            <Col xs={24} md={12} xl={8}>
              <Part className="wb-relief" title="受灾救助待办" count={w.relief.count} red={w.relief.overdue > 0} more={{ to: '/disaster', label: '受灾人员救助' }}>
                {w.relief.rows.map((r) => (
                  <div className="wb-item" key={r.reliefId}>
                    <span className="wb-item-main"><Link to={`/disaster/${r.eventId}`}>{r.headName}</Link> {t(r.kindName)} · {t(r.stepName)}</span>
                    <span className={`wb-item-side${r.overdue ? ' overdue' : ''}`}>{r.dueAt}</span>
                  </div>
                ))}
                {w.relief.count > w.relief.rows.length && <div className="wb-item"><Link to="/disaster">{t('另有')} {w.relief.count - w.relief.rows.length} {t('项，见完整列表')}</Link></div>}
              </Part>
            </Col>
          )}
          {w.tekun && w.tekun.count > 0 && (
            <Col xs={24} md={12} xl={8}>
              <Part className="wb-tekun" title="特困人员待评估" count={w.tekun.count} red={w.tekun.rows.some((r) => r.notAssessed)} more={{ to: '/tekun', label: '特困供养' }}>
                {w.tekun.rows.map((r) => (
                  <div className="wb-item" key={r.memberId}>
                    <span className="wb-item-main"><Link to={`/households/${r.householdId}`}>{r.name}</Link> {r.township}</span>
                    <span className="wb-item-side">{r.notAssessed ? <Tag color="red">{t('未评估')}</Tag> : `${t('复评到期')} ${r.reassessOn}`}</span>
                  </div>
                ))}
              </Part>
            </Col>
          )}
          {w.gaps && w.gaps.count > 0 && user.areaCode.length < 12 && (
            <Col xs={24} md={12} xl={8}>
              <Part className="wb-gaps" title="应保未保与待复核" count={w.gaps.count} red={w.gaps.byKind.unserved > 0} more={{ to: '/supervision?tab=gaps', label: '督导' }}>
                {w.gaps.rows.map((g) => (
                  <div className="wb-item" key={g.id}>
                    <span className="wb-item-main">
                      <Link to={`/households/${g.householdId}`}>{g.headName}</Link> {t(g.program)} <Tag color={g.kind === 'unserved' ? 'red' : 'orange'}>{t(g.kindLabel)}</Tag>
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{g.reasons[0]}</Typography.Text>
                    </span>
                    <span className="wb-item-side">{g.areaName}</span>
                  </div>
                ))}
                {w.gaps.count > w.gaps.rows.length && <div className="wb-item"><Link to="/supervision?tab=gaps">{t('另有')} {w.gaps.count - w.gaps.rows.length} {t('项，见完整列表')}</Link></div>}
              </Part>
            </Col>
          )}
          {w.audit && (
            <Col xs={24} md={12} xl={8}>
              <Part className="wb-audit" title="近 30 天查看完整号码" count={w.audit.reveals} more={{ to: '/audit', label: '审计日志' }}>
                <Typography.Text type="secondary">{t('近 30 天导出')} {w.audit.exports} {t('次')}</Typography.Text>
                {w.audit.rows.map((a) => (
                  <div className="wb-item" key={a.id}><span className="wb-item-main">{a.actor} · {a.actionLabel}</span><span className="wb-item-side">{a.at.slice(0, 16)}</span></div>
                ))}
              </Part>
            </Col>
          )}
          <Col xs={24} md={12} xl={8}>
            <Card size="small" className="wb-notices" title={<Space><span>{t('公示中')}</span><span className="wb-count">{w.tasks.notices.count}</span></Space>}
              extra={<Link to="/cases?view=notices">{t('查看')}</Link>} style={{ height: '100%' }}>
              <Typography.Text type="secondary">{t('公示期内可登记群众异议；公示期满后结束公示。')}</Typography.Text>
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
