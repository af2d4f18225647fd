import { describe, expect, it } from 'vitest';
import { percentToRate, rateToPercent } from './rate';

describe('rates: percent typed ↔ decimal text stored', () => {
  it.each([
    // typed %, stored rate, shown % when it opens again
    ['10', '0.1', '10'],
    ['12.5', '0.125', '12.5'],
    ['0.0001', '0.000001', '0.0001'],
    ['100', '1', '100'],
    ['250', '2.5', '250'],
    ['0', '0', '0'],
    ['7.00', '0.07', '7'],
    ['0.29', '0.0029', '0.29'],
  ])('%s%% → %s → %s%%', (typed, rate, shown) => {
    expect(percentToRate(typed)).toBe(rate);
    expect(rateToPercent(rate)).toBe(shown);
  });

  it('is exact where floats are not (0.1 + 0.2, 0.29 × 100)', () => {
    expect(rateToPercent('0.29')).toBe('29');
    expect(rateToPercent('0.000003')).toBe('0.0003');
    expect(percentToRate('33.3333')).toBe('0.333333');
  });

  it('empty stays empty; text that is not a number is refused', () => {
    expect(percentToRate('')).toBe('');
    expect(rateToPercent('')).toBeNull();
    expect(percentToRate('1e3')).toBeNull();
    expect(percentToRate('-5')).toBeNull();
    expect(rateToPercent('abc')).toBeNull();
  });
});
