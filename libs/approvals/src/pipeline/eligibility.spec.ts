import { missingFacts, periodOf, requiredFacts, windowOpen } from './eligibility';

describe('eligibility helpers', () => {
  const v = { factsUsed: ['revenue', 'tags'], formula: { kind: 'rate' as const, fact: 'rdExpense', rate: '0.1' }, applyFrom: '2026-03-01', applyTo: '2026-06-30' };

  it('the data is complete only when every fact of the rule and the formula is present', () => {
    expect(requiredFacts(v)).toEqual(['rdExpense', 'revenue', 'tags']);
    expect(missingFacts(requiredFacts(v), { revenue: 1, tags: [], rdExpense: null })).toEqual(['rdExpense']);
    expect(missingFacts(requiredFacts(v), { revenue: 1, tags: [], rdExpense: 0 })).toEqual([]);
    expect(requiredFacts({ factsUsed: ['employees'], formula: { kind: 'fixed', amount: 100 } })).toEqual(['employees']);
  });

  it('one period per calendar year of the window start (or of today)', () => {
    expect(periodOf(v, '2027-01-02')).toBe('2026');
    expect(periodOf({ applyFrom: null }, '2027-01-02')).toBe('2027');
  });

  it('the window is inclusive at both ends', () => {
    expect(windowOpen(v, '2026-03-01')).toBe(true);
    expect(windowOpen(v, '2026-06-30')).toBe(true);
    expect(windowOpen(v, '2026-07-01')).toBe(false);
    expect(windowOpen({ applyFrom: null, applyTo: null }, '1999-01-01')).toBe(true);
  });
});
