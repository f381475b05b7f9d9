/**
 * The command-contract tests' two ways of running `doudi` (doudi.ts) agree: a subcommand run in the test's
 * process gives the exit status, standard output and standard error the separate process gives, and leaves
 * the environment and the standard streams as it found them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { doudiInProcess, doudiProcess } from './doudi.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pack = join(dir, 'pack.yaml');
writeFileSync(pack, 'id: run-test\nname: 测试\njurisdiction: "430525"\nparameters:\n  dibao:\n    standard: { urban: 570, rural: { "2021-01-01": 420 } }\n  tekun:\n    minimumWage: 1080\n');
const member = { id: 'P1', birthDate: '1980-01-01', relation: 'head', laborCapacity: 'full', monthlyIncomeYuan: 100 };
const good = join(dir, 'good.json');
writeFileSync(good, JSON.stringify({ id: 'H1', hukou: 'rural', members: [member] }));
const bad = join(dir, 'bad.json');
writeFileSync(bad, JSON.stringify({ id: 'H1', hukou: 'rural', members: [member, { id: 'P2', idNumber: '430525195001011234', laborCapacity: 'none' }] }));

it('gives in this process the exit status, standard output and standard error of the separate process', { timeout: 60_000 }, async () => {
  for (const args of [['evaluate', '--policy', pack, '--date', '2021-12-01', '--input', good], ['evaluate', '--policy', pack, '--date', '2021-12-01', '--input', bad], ['nope']]) {
    const inProcess = await doudiInProcess(args, {});
    expect(inProcess).toEqual(doudiProcess(args, {}));
  }
  expect((await doudiInProcess(['evaluate', '--policy', pack, '--date', '2021-12-01', '--input', bad], {})).status).toBe(2);
});

it('sets the environment for the run only, and gives the standard streams back, also when the command throws', async () => {
  const write = process.stdout.write;
  const databaseUrl = process.env.DATABASE_URL;
  const seen = await doudiInProcess(['audit', 'verify'], { DATABASE_URL: 'postgres://127.0.0.1:1/none', DOUDI_RUN_TEST: 'set' });
  expect(seen.status).toBe(1);
  expect(seen.stderr).toMatch(/ECONNREFUSED|connect/);
  expect(process.env.DATABASE_URL).toBe(databaseUrl);
  expect(process.env.DOUDI_RUN_TEST).toBe(undefined);
  expect(process.stdout.write).toBe(write);
});
