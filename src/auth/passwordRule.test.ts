import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './passwordRule.ts';

describe('password rule', () => {
  it('refuses passwords shorter than the minimum, saying so', () => {
    expect(passwordProblem('password1')).toBe(`密码至少 ${MIN_PASSWORD_LENGTH} 位`);
    expect(passwordProblem('Doudi2026')).toBe(`密码至少 ${MIN_PASSWORD_LENGTH} 位`);
  });

  it('refuses long enough but guessable passwords through the strength estimate', () => {
    for (const p of ['password123', 'Doudi@2026', 'Admin12345', 'qwertyuiop12', '1234567890']) expect(passwordProblem(p)).toMatch(/太容易被猜中/);
  });

  it('counts the account\'s own words as guessable', () => {
    expect(passwordProblem('Tiantanglu-1977')).toBeNull();
    expect(passwordProblem('Tiantanglu-1977', ['tiantanglu'])).toMatch(/太容易被猜中/);
  });

  it('accepts a few unrelated words with digits', () => {
    expect(passwordProblem('Hongshan-Qiao-3719')).toBeNull();
  });
});
