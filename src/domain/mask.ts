/** Masking of personal identifiers for lists, pages and public notices (公示). */

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
