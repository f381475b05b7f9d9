/**
 * The verification memo (verify.ts, verifiedHouseholds) takes a household's findings as remembered while its
 * fingerprint is unchanged; the fingerprint covers the data, not the code. This test notices a change to the
 * code the findings are made of and asks for FINGERPRINT_VERSION to be raised, so no county keeps findings an
 * older matcher raised. After raising it, run the test again and record the hash it prints under the new version.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_VERSION } from './verify.ts';

/** What a household's findings depend on in code: the matcher, its vocabulary, the run, and the engine's reading of a household. */
const SOURCES = ['verification/match.ts', 'verification/sources.ts', 'verification/verify.ts', 'registry/toEvaluation.ts', 'policy/household.ts', 'policy/evaluate.ts'];

/** The hash of SOURCES for each FINGERPRINT_VERSION. */
const RECORDED: Record<number, string> = {
  1: 'b6b513963681e3f26e86f090e4b9ce605744f2de85b7595f568593bd29b72a74',
  2: '405a5a6e1325311604df1c337ecf9f5237d11252be7508b79ef402603d8389f5',
  3: '312806734aaffdefd75461a3c5d3d3107fd24939e38457f39bc140bd3c6ea072',
  4: '20a2243a1fde492ca8bbede0167e92d9ed3fb8be1d5861e9910e01988beb7528',
  5: 'd0ebd2f24bf6628a502e458675417ac2dae3817d9517a77bc60126235be9891c',
  6: 'f7bbb8cbd332ab7cb0f89ab4ec508d8178060fbfa5b7d37a2949ee4963043887',
  7: '69d487c039fbb0bc031d5538cf3622b3085703e24fba82a7535aa4b1d9f88fb4',
};

describe('the verification memo is forgotten when the matching code changes', () => {
  it('has FINGERPRINT_VERSION raised whenever the code a household\'s findings come from has changed', () => {
    const hash = createHash('sha256');
    for (const f of SOURCES) hash.update(f).update('\0').update(readFileSync(new URL(`../${f}`, import.meta.url)));
    const now = hash.digest('hex');
    expect(now, `代码已改动：请把 verify.ts 的 FINGERPRINT_VERSION 加一，再运行本测试，把此处打印的哈希记在新版本号下（现为版本 ${FINGERPRINT_VERSION}：'${now}'）。The code findings are made of changed: raise FINGERPRINT_VERSION, run again and record the hash printed then under the new version.`).toBe(RECORDED[FINGERPRINT_VERSION]);
  });
});
