import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, clientDatabaseError, fieldPath } from './errors.ts';

/** The shape both drivers give, wrapped by drizzle as its cause. */
const pgError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('Failed query: insert … params: 430525,DUP-001'), { cause: Object.assign(new Error('duplicate key'), { code, severity: 'ERROR', ...extra }) });

describe('database errors that are the client\'s fault', () => {
  it('answers a duplicate 户编号 with 409 at the field, without the database\'s detail naming the other row', () => {
    const e = clientDatabaseError(pgError('23505', { constraint: 'households_ledger_key_idx', detail: 'Key (substr(area_code, 1, 6), ledger_key)=(430525, DUP-001) already exists.' }));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 409, path: 'ledgerKey', message: '户编号已被使用，请换一个户编号' });
    expect(e!.message).not.toContain('430525');
  });

  it('answers another unique violation with a general 409', () => {
    expect(clientDatabaseError(pgError('23505', { constraint: 'some_new_idx' }))).toMatchObject({ status: 409, code: 'DUPLICATE', path: undefined });
  });

  it('answers characters the database cannot store (NUL, lone surrogates in JSON) with 400', () => {
    for (const code of ['22021', '22P05', '22P02']) expect(clientDatabaseError(pgError(code))).toMatchObject({ status: 400, code: 'INVALID_CHARACTERS' });
  });

  it('leaves other errors as they are (they are bugs: 500)', () => {
    expect(clientDatabaseError(pgError('42P01'))).toBeNull();
    expect(clientDatabaseError(Object.assign(new Error('broken pipe'), { code: 'EPIPE' }))).toBeNull();
    expect(clientDatabaseError(new Error('plain'))).toBeNull();
    expect(clientDatabaseError(undefined)).toBeNull();
  });
});

describe('validation messages', () => {
  it('are Chinese for zod\'s own checks once this module is loaded', () => {
    const r = z.object({ n: z.number().max(99), s: z.string() }).safeParse({ n: 100, s: 1 });
    expect(r.error!.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^[^A-Za-z]*[\u4e00-\u9fff]/), expect.stringMatching(/[\u4e00-\u9fff]/)]);
  });

  it('name fields the way the API does', () => {
    expect(fieldPath(['members', 1, 'idNumber'])).toBe('members[1].idNumber');
    expect(fieldPath(['household', 'members', 0, 'name'])).toBe('household.members[0].name');
  });
});
