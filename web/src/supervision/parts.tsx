/** Small pieces the 督导 page and its indicator drawer share: a traffic light and an indicator's definition. */
import { Tag, Typography } from 'antd';
import { useT } from '../i18n.ts';
import { yuan } from '../format.ts';
import { LIGHTS, targetText, type Indicator, type Light } from './api.ts';

/** A light as a coloured tag with its word. */
/** "numerator / denominator" of a ratio in what its parts count: a plain number, or 元 for money (fen underneath). */
export function fraction(i: Pick<Indicator, 'parts'>, numerator: number, denominator: number | null) {
  const part = (n: number) => (i.parts === 'fen' ? `${yuan(n)} 元` : String(n));
  return `${part(numerator)} / ${part(denominator ?? 0)}`;
}

export function LightTag({ light }: { light: Light }) {
  const t = useT();
  return <Tag color={LIGHTS[light].color} className={`sup-light sup-light-${light}`}>{t(LIGHTS[light].word)}</Tag>;
}

/** What an indicator counts, as of when, and the document it comes from. */
export function Definition({ i }: { i: Indicator }) {
  const t = useT();
  return (
    <div className="sup-definition" style={{ maxWidth: 360 }}>
      <div><Typography.Text type="secondary">{t('分子')}：</Typography.Text>{i.definition.numerator}</div>
      {i.definition.denominator && <div><Typography.Text type="secondary">{t('分母')}：</Typography.Text>{i.definition.denominator}</div>}
      <div><Typography.Text type="secondary">{t('统计时点')}：</Typography.Text>{i.definition.asOf}</div>
      {i.target && <div><Typography.Text type="secondary">{t('目标')}：</Typography.Text>{`${targetText(i, t)}（${i.target.label}）`}</div>}
      <div><Typography.Text type="secondary">{t('依据')}：</Typography.Text><span className="sup-citation">{i.source.citation}</span></div>
    </div>
  );
}

