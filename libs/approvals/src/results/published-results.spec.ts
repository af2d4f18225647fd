import { DomainError } from '@app/core';
import { periodBounds } from './published-results.service';

describe('public result periods', () => {
  it('a month runs from its first to its last day; days are taken as they are', () => {
    expect(periodBounds('2027-02', '2027-02')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(periodBounds('2028-02', '2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodBounds('2027-05-14', undefined)).toEqual({ from: '2027-05-14', to: null });
    expect(periodBounds(undefined, '2027-12')).toEqual({ from: null, to: '2027-12-31' });
  });

  it.each([['2027-13', undefined], ['2027-02-30', undefined], [undefined, '2027-00'], ['2027-06', '2027-05']])('refuses %s … %s with a coded error', (from, to) => {
    expect(() => periodBounds(from, to)).toThrow(DomainError);
    try {
      periodBounds(from, to);
    } catch (e) {
      expect((e as DomainError).code).toBe('RESULTS.INVALID_PERIOD');
    }
  });
});
