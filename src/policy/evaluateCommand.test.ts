/** The `doudi evaluate` contract (../shared/contract/EVALUATE.md), run as outside checks run it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'doudi-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pack = join(dir, 'pack.yaml');
writeFileSync(pack, 'id: cli-test\nname: 测试\njurisdiction: "430525"\nparameters:\n  dibao:\n    standard: { urban: 570, rural: { "2021-01-01": 420 } }\n  tekun:\n    minimumWage: 1080\n');

function evaluate(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', pack, '--date', '2021-12-01', ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const household = { id: 'H1', hukou: 'rural', members: [{ id: 'P1', birthDate: '1980-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 100 }] };

describe('doudi evaluate', () => {
  it('prints one JSON result for one household, exit 0', () => {
    const file = join(dir, 'h.json');
    writeFileSync(file, JSON.stringify(household));
    const r = evaluate(['--input', file]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ date: '2021-12-01', policy: 'cli-test', household: { classification: 'dibao', countedMembers: 1, netMonthlyIncomeYuan: 100 }, totalMonthlyYuan: 320 });
  });

  it('reads standard input with --input -', () => {
    const r = evaluate(['--input', '-'], JSON.stringify(household));
    expect(JSON.parse(r.stdout).totalMonthlyYuan).toBe(320);
  });

  it('exits 2 with nothing on standard output and the field path on standard error', () => {
    const bad = { ...household, members: [{ ...household.members[0] }, { id: 'P2', idNumber: '430525195001011234', laborCapacity: 'none' }] };
    const r = evaluate(['--input', '-'], JSON.stringify(bad));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('members[1].idNumber');
  });

  it.each([
    ['current.incomeAboveStandardSince', { ...household, current: { program: 'dibao', lastMonthlyYuan: 320 }, members: [{ ...household.members[0], monthlyIncomeYuan: 900, employed: true }] }],
    ['current.lastMonthlyYuan', { ...household, current: { program: 'dibao', incomeAboveStandardSince: '2021-06-01' }, members: [{ ...household.members[0], monthlyIncomeYuan: 900, employed: true }] }],
  ])('exits 2 naming %s when a taper must be decided without it', (path, input) => {
    const r = evaluate(['--input', '-'], JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(path);
  }, 30_000);

  it('accepts current with tekunMembers alone: the program is needed only to decide a taper', () => {
    const r = evaluate(['--input', '-'], JSON.stringify({ ...household, current: { tekunMembers: ['P1'] } }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ household: { classification: 'dibao' }, totalMonthlyYuan: 320 });
  }, 30_000);

  it('without current.program, a household the taper rule would look at is not in taper; given a taper date it needs the program', () => {
    const working = { ...household, members: [{ ...household.members[0], monthlyIncomeYuan: 900, employed: true }] };
    const plain = evaluate(['--input', '-'], JSON.stringify({ ...working, current: { tekunMembers: [] } }));
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).benefits.filter((b: { status: string }) => b.status === 'taper')).toEqual([]);
    const dated = evaluate(['--input', '-'], JSON.stringify({ ...working, current: { lastMonthlyYuan: 320, incomeAboveStandardSince: '2021-06-01' } }));
    expect(dated.status).toBe(2);
    expect(dated.stdout).toBe('');
    expect(dated.stderr).toContain('current.program');
  }, 30_000);

  it('exits 2 when a parameter is not in force on the date', () => {
    const r = spawnSync(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', pack, '--date', '2020-12-31', '--input', '-'], { input: JSON.stringify(household), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dibao.standard.rural');
  });

  it('exits 2 on a pack with an unknown parameter', () => {
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, 'id: typo\nname: x\njurisdiction: "430525"\nparameters:\n  dibao:\n    standart: { rural: 420 }\n');
    const r = spawnSync(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', typo, '--date', '2021-12-01', '--input', '-'], { input: JSON.stringify(household), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dibao.standart');
  });

  it('evaluates a JSONL batch line by line, in order, with an error line for a bad household and exit 2', { timeout: 30_000 }, () => {
    const file = join(dir, 'batch.jsonl');
    const lines = [household, { ...household, id: 'H2', hukou: 'town' }, 'not json', { ...household, id: 'H4', members: [{ ...household.members[0], monthlyIncomeYuan: 400 }] }];
    writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    const r = evaluate(['--input', file]);
    expect(r.status).toBe(2);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ id: 'H1', totalMonthlyYuan: 320 });
    expect(out[1]).toEqual({ id: 'H2', error: { path: 'hukou', message: expect.stringContaining('取值无效') } });
    expect(out[2]).toMatchObject({ id: null, error: { path: '$' } });
    expect(out[3]).toMatchObject({ id: 'H4', totalMonthlyYuan: 20 });
  });

  it('exits 0 on a clean batch, also with --jsonl on standard input', { timeout: 30_000 }, () => {
    const r = evaluate(['--jsonl', '--input', '-'], `${JSON.stringify(household)}\n${JSON.stringify({ ...household, id: 'H2' })}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['H1', 'H2']);
  });

  it('in batch mode exits 2 on a bad pack, naming the parameter, before writing anything (the workers start while the pack is checked)', { timeout: 30_000 }, () => {
    const typo = join(dir, 'typo-batch.yaml');
    writeFileSync(typo, 'id: typo\nname: x\njurisdiction: "430525"\nparameters:\n  dibao:\n    standart: { rural: 420 }\n');
    const r = spawnSync(process.execPath, ['bin/doudi.js', 'evaluate', '--policy', typo, '--date', '2021-12-01', '--jsonl', '--input', '-'], { input: `${JSON.stringify(household)}\n`, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dibao.standart');
  });
});
