import { describe, expect, it } from 'vitest';
import { numericThresholds, sliderRange, thresholdPatch } from './rule-thresholds';

const rule = {
  all: [
    { fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 },
    { fact: 'tags', operator: 'hasTag', value: 'specialized' },
    { any: [{ fact: 'employees', operator: 'lessThan', value: 300 }, { not: { fact: 'registeredYears', operator: 'yearsSinceAtLeast', value: 3 } }] },
    { fact: 'districtCode', operator: 'in', value: ['410105'] },
  ],
};

describe('numericThresholds', () => {
  it('finds every numeric leaf with its JSON pointer, nested in any/not', () => {
    expect(numericThresholds(rule)).toEqual([
      { pointer: '/all/0/value', fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 },
      { pointer: '/all/2/any/0/value', fact: 'employees', operator: 'lessThan', value: 300 },
      { pointer: '/all/2/any/1/not/value', fact: 'registeredYears', operator: 'yearsSinceAtLeast', value: 3 },
    ]);
  });
  it('ignores what is not a rule', () => {
    expect(numericThresholds(null)).toEqual([]);
    expect(numericThresholds({ all: 'x' })).toEqual([]);
  });
});

describe('thresholdPatch', () => {
  it('replaces only the moved thresholds', () => {
    const base = numericThresholds(rule);
    expect(thresholdPatch(base, { '/all/0/value': 3_000_000_000, '/all/2/any/0/value': 300 })).toEqual([{ op: 'replace', path: '/all/0/value', value: 3_000_000_000 }]);
    expect(thresholdPatch(base, {})).toEqual([]);
  });
});

describe('sliderRange', () => {
  it('spans 0 to three times the base in 1-2-5 steps', () => {
    expect(sliderRange(300)).toEqual({ min: 0, max: 900, step: 10 });
    expect(sliderRange(5_000_000_000)).toEqual({ min: 0, max: 15_000_000_000, step: 200_000_000 });
    expect(sliderRange(0)).toEqual({ min: 0, max: 10, step: 1 });
  });
});
