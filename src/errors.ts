/**
 * Errors carry a stable code, a Chinese message for users, the field path, and an HTTP status.
 * Importing this module also switches zod's built-in messages to Chinese: every entry point
 * (the server, the commands, the registry schema) reaches it before anything is parsed.
 */
import { z } from 'zod';

z.config(z.locales.zhCN());

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A zod issue path as the API names fields: `members[1].idNumber`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${String(p)}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Unique indexes whose violation has a message of its own (the rest get a general one). */
const UNIQUE_MESSAGES: Record<string, { message: string; path?: string }> = {
  households_ledger_key_idx: { message: '户编号已被使用，请换一个户编号', path: 'ledgerKey' },
  members_active_id_number_idx: { message: '该身份证号已在其他有效家庭中登记，一人只能属于一个有效家庭', path: 'members' },
  users_username_unique: { message: '用户名已存在', path: 'username' },
  policy_versions_pack_version_idx: { message: '政策包版本已被他人同时发布，请刷新后重试' },
  disaster_households_person_idx: { message: '该户已登记为本次灾害的受灾家庭，不能重复登记', path: 'householdId' },
  disaster_relief_once_idx: { message: '该户本次灾害已有同类救助，不能重复申报', path: 'kind' },
};

/** The PostgreSQL error behind a driver's or drizzle's wrapper, if there is one. */
function postgresError(err: unknown): { code: string; constraint?: string } | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const c = e as { code?: unknown; severity?: unknown; constraint?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code) && typeof c.severity === 'string') {
      return { code: c.code, constraint: typeof c.constraint === 'string' ? c.constraint : undefined };
    }
  }
  return null;
}

/**
 * A safety net for input that got past validation: PostgreSQL errors that are the client's fault
 * (a duplicate, a character or value the database cannot store) as a 4xx AppError, null for all
 * others. The messages never quote the database's detail, which names other rows' values.
 */
export function clientDatabaseError(err: unknown): AppError | null {
  const pg = postgresError(err);
  if (!pg) return null;
  switch (pg.code) {
    case '23505': {
      const known = pg.constraint ? UNIQUE_MESSAGES[pg.constraint] : undefined;
      return new AppError('DUPLICATE', known?.message ?? '与已有记录重复，请检查后重试', known?.path, 409);
    }
    case '22021': // invalid byte sequence (NUL)
    case '22P05': // untranslatable character (\u0000 in JSON)
    case '22P02': // invalid text representation (a lone surrogate in JSON)
      return new AppError('INVALID_CHARACTERS', '提交的内容含有无法保存的字符（如空字符或不成对的代理字符），请删除后重试');
    case '22001': // value too long
      return new AppError('TOO_LONG', '提交的内容过长，请缩短后重试');
    default:
      return null;
  }
}
