/**
 * Demo data for a first `npm start`: small department feeds about a few demo households (a higher
 * wage than registered, a car, a death, a disability certificate of another grade), loaded through
 * loadFeed like an upload, then the county re-checked, so the 核对 page and household pages show
 * findings. Demo only: the feed files are written to the data directory's feeds/ like any other.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, isNotNull, like } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { members } from '../registry/schema.ts';
import { todayInChina } from '../registry/model.ts';
import { loadFeed } from './feeds.ts';
import { runVerify } from './verify.ts';

export async function seedVerificationDemo(db: Db, county: string, feedDir: string): Promise<void> {
  const adults = await db.select().from(members).where(and(like(members.areaCode, `${county}%`), eq(members.status, 'active'), eq(members.relation, 'head')))
    .orderBy(asc(members.id)).limit(6);
  const [disabled] = await db.select().from(members).where(and(like(members.areaCode, `${county}%`), eq(members.status, 'active'), isNotNull(members.disabilityGrade))).orderBy(asc(members.id)).limit(1);
  if (adults.length < 6) return;
  const dir = mkdtempSync(join(tmpdir(), 'doudi-verify-demo-'));
  const period = todayInChina().slice(0, 7);
  const feeds: [string, string][] = [
    ['wage', `身份证号,姓名,单位,月工资\n${adults.slice(0, 3).map((m) => `${m.idNumber},${m.name},洞口县某厂,${m.monthlyIncomeFen / 100 + 1500}`).join('\n')}\n`],
    ['vehicle', `身份证号,姓名,号牌号码,车辆类型,残疾人专用车\n${adults[3].idNumber},${adults[3].name},湘E·D2024,小型轿车,否\n`],
    ['death', `身份证号,姓名,死亡日期\n${adults[4].idNumber},${adults[4].name},${todayInChina().slice(0, 8)}01\n`],
    ['business', `身份证号,姓名,统一社会信用代码,主体名称,登记状态\n${adults[5].idNumber},${adults[5].name},92430525MA4DEMO001,${adults[5].name}日杂店,存续\n`],
  ];
  if (disabled) feeds.push(['disability', `身份证号,姓名,残疾类别,残疾等级,证件代别\n${disabled.idNumber},${disabled.name},肢体,${disabled.disabilityGrade === 1 ? 2 : 1},2\n`]);
  try {
    for (const [source, text] of feeds) {
      const path = join(dir, `${source}.csv`);
      writeFileSync(path, text);
      await loadFeed(db, { path, fileName: `演示-${source}.csv`, source, period, actor: 'system', areaCode: county, dir: feedDir });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await runVerify(db, { date: todayInChina(), area: county, collect: false });
}
