/** Verification tests' feed files: written from text into a test's directory and loaded for the demo county. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/connection.ts';
import { loadFeed } from '../verification/feeds.ts';

/** Writes `text` as a CSV of `source` for `period` into `dir` and loads it as the county (430525) would. */
export function loadFeedText(db: Db, dir: string, source: string, period: string, text: string) {
  const path = join(dir, `${source}-${period}-${Math.random()}.csv`);
  writeFileSync(path, text);
  return loadFeed(db, { path, fileName: `${source}.csv`, source, period, actor: 'county', areaCode: '430525', dir: join(dir, 'feeds') });
}
