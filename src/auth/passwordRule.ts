/**
 * The password rule for new accounts: a minimum length and a strength estimate (zxcvbn-ts with its
 * common-password, name and keyboard dictionaries), so `password1` or `Doudi2026` are refused while
 * a few unrelated words with digits pass. Pure: no storage, no HTTP.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score runs 0–4; 3 means "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;
/** Words that belong to this product or place and make a password easy to guess. */
const PRODUCT_WORDS = ['doudi', '兜底', 'minzheng', 'jiuzhu', 'admin'];

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // The dictionaries take a moment to load: only on the first check.
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator;
}

/** Why a password is refused, in Chinese, or null when it passes. `related` are the account's own words (username, name). */
export function passwordProblem(password: string, related: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  const { score } = zxcvbn().check(password, [...PRODUCT_WORDS, ...related.filter(Boolean)]);
  if (score < MIN_PASSWORD_SCORE) {
    return '密码太容易被猜中：不要用常见密码、用户名、姓名、单位名或“单词＋年份”、键盘顺序等组合；建议用三四个不相关的词（可用拼音）加数字或符号组成';
  }
  return null;
}
