/**
 * 特困 money paid where the care is given (issue 20 item 4): the payroll (src/payments/payroll.ts) splits a
 * 特困 line whose engine entries name a care payee other than the person into the basic part, paid to the
 * person ('basic'), and each member's care part ('care:<member>'), paid to the institution of the stay in
 * force in the month (集中供养) or to the 照料服务责任人 of the arrangement in force (分散供养, when the pack
 * says so). A care part whose payee has no account, or no stay/arrangement in the month, is not paid and
 * goes to review; the back-payment of a later month pays it once the account is there.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import type { EntryAmount } from '../payments/amounts.ts';
import { tekunCarers, tekunInstitutions, tekunStays } from './schema.ts';

export type PayeeKind = 'person' | 'institution' | 'carer';
export interface AmountPart { part: string; fen: number; payeeKind: PayeeKind; member?: string }

/** The person's parts ('' the whole, 'basic' its basic share) count as one when back-payments compare what was paid. */
export const personPart = (part: string) => part === '' || part === 'basic';

/**
 * The parts of a program's monthly amount (pure): the whole to the person, unless some 特困 entry's care part
 * goes to an institution or carer — then the rest to the person as 'basic' and each such care part on its own.
 */
export function amountParts(totalFen: number, entries: readonly EntryAmount[]): AmountPart[] {
  const care = entries.filter((e) => e.member && e.careFen && e.careFen > 0 && e.carePayee && e.carePayee !== 'person');
  if (care.length === 0) return totalFen > 0 ? [{ part: '', fen: totalFen, payeeKind: 'person' }] : [];
  const parts: AmountPart[] = care.map((e) => ({ part: `care:${e.member}`, fen: e.careFen!, payeeKind: e.carePayee as PayeeKind, member: e.member }));
  const rest = totalFen - parts.reduce((a, p) => a + p.fen, 0);
  if (rest > 0) parts.unshift({ part: 'basic', fen: rest, payeeKind: 'person' });
  return parts;
}

type Bank = { bankName: string; accountNo: string; accountName: string };
export type CarePayee = { ok: true; payee: Record<string, unknown> } | { ok: false; reason: string };

const lastDay = (month: string) => { const [y, m] = month.split('-').map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };

/**
 * Who receives a member's care part in a month: the institution of the stay in force in the month (admitted by its
 * last day, not discharged before its first), or the carer of the arrangement in force; loaded once per run.
 */
export async function carePayees(db: Db, householdIds: string[]): Promise<(memberId: string, month: string, kind: PayeeKind) => CarePayee> {
  const stays: { memberId: string; from: string; to: string | null; institution: string; bank: Bank | null }[] = [];
  const carers: { memberId: string; from: string; to: string | null; name: string; bank: Bank | null }[] = [];
  for (let i = 0; i < householdIds.length; i += 5000) {
    const chunk = householdIds.slice(i, i + 5000);
    for (const s of await db.select({ memberId: tekunStays.memberId, from: tekunStays.admittedOn, to: tekunStays.dischargedOn, institution: tekunInstitutions.name, bank: tekunInstitutions.bank })
      .from(tekunStays).innerJoin(tekunInstitutions, eq(tekunInstitutions.id, tekunStays.institutionId)).where(inArray(tekunStays.householdId, chunk)).orderBy(asc(tekunStays.admittedOn))) stays.push(s);
    for (const c of await db.select({ memberId: tekunCarers.memberId, from: tekunCarers.agreementFrom, to: tekunCarers.endedOn, name: tekunCarers.name, bank: tekunCarers.bank })
      .from(tekunCarers).where(inArray(tekunCarers.householdId, chunk)).orderBy(asc(tekunCarers.agreementFrom))) carers.push(c);
  }
  const inMonth = (r: { from: string; to: string | null }, month: string) => r.from <= lastDay(month) && (r.to === null || r.to >= `${month}-01`);
  return (memberId, month, kind) => {
    if (kind === 'institution') {
      const s = stays.filter((x) => x.memberId === memberId && inMonth(x, month)).at(-1);
      if (!s) return { ok: false, reason: `${month} 没有集中供养入住记录，照料护理费未发放` };
      if (!s.bank) return { ok: false, reason: `供养机构“${s.institution}”没有银行账户，照料护理费未发放` };
      return { ok: true, payee: { ...s.bank, idNumber: '', payeeName: s.institution } };
    }
    const c = carers.filter((x) => x.memberId === memberId && inMonth(x, month)).at(-1);
    if (!c) return { ok: false, reason: `${month} 没有在期的照料服务协议，照料护理费未发放` };
    if (!c.bank) return { ok: false, reason: `照料服务责任人“${c.name}”没有银行账户，照料护理费未发放` };
    return { ok: true, payee: { ...c.bank, idNumber: '', payeeName: c.name } };
  };
}
