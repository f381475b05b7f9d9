/**
 * The payee of each payroll line of a 特困 amount (issue 20 item 4): the whole to the person unless a member's
 * care part goes to an institution or a carer — then the basic to the person and each such care part apart.
 */
import { describe, expect, it } from 'vitest';
import type { EntryAmount } from '../payments/amounts.ts';
import { amountParts, personPart } from './payroll.ts';

const tekun = (member: string, fen: number, over: Partial<EntryAmount> = {}): EntryAmount => ({ program: 'tekun', member, status: 'eligible', fen, ...over });

describe('payee of each line', () => {
  it.each([
    ['contract input: no care payee', [tekun('P1', 1023_00)], [['', 1023_00, 'person']]],
    ['dispersed, pack pays the person', [tekun('P1', 1023_00, { careFen: 477_00, carePayee: 'person' })], [['', 1023_00, 'person']]],
    ['concentrated, care to the institution', [tekun('P1', 1379_00, { careFen: 833_00, carePayee: 'institution' })], [['basic', 546_00, 'person'], ['care:P1', 833_00, 'institution']]],
    ['dispersed, pack pays the carer', [tekun('P1', 654_00, { careFen: 108_00, carePayee: 'carer' })], [['basic', 546_00, 'person'], ['care:P1', 108_00, 'carer']]],
    ['not assessed: care withheld, nothing to split', [tekun('P1', 546_00, { careFen: 0, carePayee: 'institution', careWithheld: true })], [['', 546_00, 'person']]],
    ['two members, one in an institution', [tekun('P1', 1379_00, { careFen: 833_00, carePayee: 'institution' }), tekun('P2', 654_00, { careFen: 108_00, carePayee: 'person' })],
      [['basic', 1200_00, 'person'], ['care:P1', 833_00, 'institution']]],
  ] as const)('%s', (_what, entries, parts) => {
    const total = entries.reduce((a, e) => a + e.fen, 0);
    expect(amountParts(total, entries).map((p) => [p.part, p.fen, p.payeeKind])).toEqual(parts);
  });

  it('pays nothing for a zero amount', () => {
    expect(amountParts(0, [tekun('P1', 0)])).toEqual([]);
  });

  it('counts the whole and the basic line as the person\'s when back-payments compare what was paid', () => {
    expect([personPart(''), personPart('basic'), personPart('care:P1')]).toEqual([true, true, false]);
  });
});
