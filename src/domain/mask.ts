/**
 * Masking of personal identifiers for pages, the API, history, exports and public notices (公示) —
 * decided once, here, and used wherever a member leaves the server.
 *
 * An ID number is area code (6) + birth date (8) + sequence (3) + check character. The mask
 * 430525********1234 hides exactly the birth date, so a birth date shown beside it gives the whole
 * number back. The rule, for every role: a member as shown (`maskMember`) carries the masked ID
 * number, the masked phone, sex and the age in whole years — never the birth date. Age, area code and
 * the last four leave about 730 possible dates, of which about 1 in 11 pass the check character.
 * Roles with the `reveal` permission see birth date and full numbers only through an audited reveal:
 * one member (`member.reveal`), or a whole ledger export (`ledger.export.reveal`); the birth date is
 * not shown beside the masked number to them either, or it would sidestep that audit. The page
 * stays usable: age is what an officer reads, and a reveal shows the whole number.
 *
 * What else could rebuild the number is closed where it arises: an ID-number search by prefix would
 * answer "is anyone born on this day?", so roles without reveal search by the whole number only
 * (`idSearchAllowed`); screening on a chosen date would show the day an age changes, so they screen on
 * today only. Known limit: someone who watches the age change day by day learns the birthday.
 */
import { ageOn } from './dates.ts';

/** 430525********1234: keeps the 6-digit area code and the last 4 characters. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 138****5678 for mobiles; landlines keep their last 4 digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 4) return '*'.repeat(phone.length);
  if (phone.length === 11) return phone.slice(0, 3) + '****' + phone.slice(-4);
  return '*'.repeat(phone.length - 4) + phone.slice(-4);
}

/** 张*明 / 李*: keeps the surname and, for names of 3+ characters, the last character. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * A text built from registry data that names members (a monitoring warning's message, its timeline
 * entry): every full name given is replaced by its mask. Names already masked, or not found, change nothing.
 */
export function maskNamesIn(text: string, names: readonly unknown[]): string {
  let out = text;
  for (const n of names) if (typeof n === 'string' && n.length > 1 && !n.includes('*')) out = out.split(n).join(maskName(n));
  return out;
}

/** The fields of a member that identify the person; the rest of the record is shown as stored. */
export interface MemberIdentifiers {
  idNumber: string;
  phone: string | null;
  birthDate: string;
}

export type MaskedMember<T extends MemberIdentifiers> = Omit<T, 'birthDate'> & { age: number };

/** A member as any page, API answer or masked export shows it: masked numbers, age on `today` instead of the birth date. */
export function maskMember<T extends MemberIdentifiers>(m: T, today: string): MaskedMember<T> {
  const { birthDate, ...rest } = m;
  return { ...rest, idNumber: maskIdNumber(m.idNumber), phone: m.phone && maskPhone(m.phone), age: ageOn(birthDate, today) };
}

/** A value in a history entry (`members.<id>.<field>`), masked by its field like the member itself. */
export function maskHistoryValue(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (field.endsWith('.idNumber') || field === 'idNumber') return maskIdNumber(value);
  if (field.endsWith('.phone') || field === 'phone') return maskPhone(value);
  if (field.endsWith('.accountNo') || field === 'accountNo') return maskAccount(value);
  if (field.endsWith('.birthDate') || field === 'birthDate') return value.replace(/\d/g, '*');
  return value;
}

/**
 * Whether an ID-number search term may be used by a role: a prefix longer than the 6-digit area code
 * tells whether someone is born on a given day, so without `reveal` only the whole number (which
 * tells nothing new) or the area code are searched.
 */
export function idSearchAllowed(term: string, reveal: boolean): boolean {
  return reveal || term.length <= 6 || term.length === 18;
}

/**
 * Bank account numbers (cases, entitlements, payroll lines, the household's payments): at most the last
 * 4 digits (`***************1234`), for every role and every page, API answer, timeline and message. The
 * bank's own issuer prefix is not kept either: with it, the last four and the account's length, a few
 * thousand candidates remain for a bank's numbering. Roles with `reveal` see a full number only by
 * asking (`?reveal=1`), audited as `account.reveal` with what was shown; the bank file (代发文件)
 * carries full numbers by nature and is audited as issued.
 */
export function maskAccount(accountNo: string): string {
  const s = String(accountNo ?? '');
  if (s.length <= 4) return '*'.repeat(s.length);
  return '*'.repeat(s.length - 4) + s.slice(-4);
}

/** A bank account object as any answer shows it without a reveal: `accountNo` masked, the rest as stored. */
export function maskBank<T extends { accountNo: string }>(bank: T): T;
export function maskBank<T extends { accountNo: string }>(bank: T | null): T | null;
export function maskBank<T extends { accountNo: string }>(bank: T | null): T | null {
  return bank && { ...bank, accountNo: maskAccount(bank.accountNo) };
}
