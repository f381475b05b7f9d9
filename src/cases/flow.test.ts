/** The workflow a shipped pack gives a case (pure): 沿河's 民主评议 is held always (003:L34), 洞口县's only on an objection (000:L174). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadPack, resolvePack } from '../policy/pack.ts';
import { buildWorkflow, transitionsFor } from './flow.ts';

/** A shipped pack with the notice length the county must set (no document fixes it). */
function shipped(file: string) {
  const doc = parseDocument(readFileSync(new URL(`../../policies/${file}`, import.meta.url), 'utf8'));
  doc.setIn(['parameters', 'notice', 'days'], 7);
  return resolvePack(loadPack(doc.toString(), file), '2024-08-01');
}

describe('民主评议 by the pack\'s own document', () => {
  it('沿河 holds it after every notice: closing the notice always leads to 民主评议', () => {
    const wf = buildWorkflow(shipped('guizhou-yanhe-2017.yaml'), { program: '低保', countyVisit: false });
    expect(transitionsFor(wf, 'notice', 'close_notice')).toEqual([expect.objectContaining({ to: 'appraisal' })]);
    expect(transitionsFor(wf, 'notice', 'close_notice')[0].when).toBeUndefined();
  });

  it('洞口县 holds it only when the notice drew an objection', () => {
    const wf = buildWorkflow(shipped('hunan-dongkou-2021.yaml'), { program: '低保', countyVisit: false });
    expect(transitionsFor(wf, 'notice', 'close_notice').map((t) => [t.to, t.when])).toEqual([['appraisal', 'objection'], ['township_approval', 'noObjection']]);
  });
});
