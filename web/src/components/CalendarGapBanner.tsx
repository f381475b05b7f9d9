/**
 * The warning on 工作日历 and the work queues when open deadlines fall in a year the national holiday
 * data does not cover: those deadlines were counted with Monday–Friday as working days (元旦 and 春节
 * count as working days) until the county enters that year's days or the holiday data is upgraded.
 */
import { Alert } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n.ts';

export interface UncoveredYear { year: number; deadlines: number; overrides: number }

export function CalendarGapBanner({ years }: { years: UncoveredYear[] | undefined }) {
  const t = useT();
  if (!years?.length) return null;
  return (
    <>
      {years.map((y) => (
        <Alert key={y.year} type="warning" showIcon className="calendar-gap" style={{ marginBottom: 12 }}
          message={`${y.year} ${t('年的法定节假日和调休尚未收录')}：${y.deadlines} ${t('项办理期限落在该年，目前按周一至周五为工作日计算（如元旦、春节也算工作日）。')}`}
          description={<>
            {t('载入方法：县级管理员在')}<Link to="/calendar">{t('工作日历')}</Link>{t('中按国务院办公厅公布的该年放假安排，逐日“调整某日”为休息日或调休工作日（本县调整，留痕）；平台升级节假日数据（chinese-days）后自动收录。')}
            {y.overrides > 0 && ` ${t('本县已调整该年')} ${y.overrides} ${t('天，请核对是否完整。')}`}
          </>} />
      ))}
    </>
  );
}
