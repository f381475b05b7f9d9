import { describe, expect, it } from 'vitest';
import { lightOf, valueOf } from './lights.ts';

describe('supervision lights', () => {
  it('a ratio is green at its target, amber within the margin below it, red beyond', () => {
    const t = { value: 0.95, direction: 'atLeast' as const };
    expect(lightOf('ratio', 0.95, t, 0.05)).toBe('green');
    expect(lightOf('ratio', 0.97, t, 0.05)).toBe('green');
    expect(lightOf('ratio', 0.9, t, 0.05)).toBe('amber');
    expect(lightOf('ratio', 0.8999, t, 0.05)).toBe('red');
  });

  it('a count to bring down is green at or under its target; a target of 0 has no amber band', () => {
    expect(lightOf('count', 0, { value: 0, direction: 'atMost' }, 0.05)).toBe('green');
    expect(lightOf('count', 1, { value: 0, direction: 'atMost' }, 0.05)).toBe('red');
    expect(lightOf('count', 104, { value: 100, direction: 'atMost' }, 0.05)).toBe('amber');
  });

  it('no target or no value gives no light; a ratio without denominator has no value', () => {
    expect(lightOf('ratio', 0.5, null, 0.05)).toBe('none');
    expect(valueOf('ratio', 0, 0)).toBeNull();
    expect(lightOf('ratio', valueOf('ratio', 0, 0), { value: 1, direction: 'atLeast' }, 0.05)).toBe('none');
    expect(valueOf('ratio', 2, 3)).toBe(0.6667);
    expect(valueOf('fen', 4500, null)).toBe(4500);
  });
});
