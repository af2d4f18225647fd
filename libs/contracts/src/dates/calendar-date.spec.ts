import fc from 'fast-check';
import { civilFromDays, dateProblem, daysFromCivil, isCalendarDate } from './calendar-date';

const dateText = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe('calendar dates', () => {
  it('day numbers equal JavaScript Date for years 100–9999 and round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        const viaDate = new Date(0);
        viaDate.setUTCFullYear(y, m - 1, d);
        expect(daysFromCivil(y, m, d)).toBe(Math.round(viaDate.getTime() / 86_400_000));
        expect(civilFromDays(daysFromCivil(y, m, d))).toBe(dateText(y, m, d));
      }),
    );
  });

  it('years 0000–0099 are not read as 1900–1999 (Date.UTC would)', () => {
    expect(daysFromCivil(99, 12, 31)).toBeLessThan(daysFromCivil(1998, 2, 28));
    expect(daysFromCivil(60, 1, 1)).toBeLessThan(daysFromCivil(1950, 1, 1));
    expect(daysFromCivil(1, 1, 1) - daysFromCivil(0, 12, 31)).toBe(1);
    expect(daysFromCivil(0, 3, 1) - daysFromCivil(0, 2, 28)).toBe(2); // year 0 is a leap year (proleptic Gregorian)
    expect(civilFromDays(daysFromCivil(0, 2, 29))).toBe('0000-02-29');
  });

  it('order of day numbers is the order of the text, for every valid date 0000–9999', () => {
    const day = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
      .map(([y, m, d]) => dateText(y, m, d))
      .filter(isCalendarDate);
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [da, db] = [a, b].map((t) => daysFromCivil(Number(t.slice(0, 4)), Number(t.slice(5, 7)), Number(t.slice(8))));
        expect(Math.sign(da - db)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('refuses days that do not exist and days outside 1900-01-01 … 2199-12-31', () => {
    expect(dateProblem('2026-13-45')).toBe('DATE.INVALID');
    expect(dateProblem('2026-02-30')).toBe('DATE.INVALID');
    expect(dateProblem('2025-02-29')).toBe('DATE.INVALID');
    expect(dateProblem('26-01-01')).toBe('DATE.INVALID');
    expect(dateProblem(20260101)).toBe('DATE.INVALID');
    expect(dateProblem('0099-12-31')).toBe('DATE.OUT_OF_RANGE');
    expect(dateProblem('0000-02-29')).toBe('DATE.OUT_OF_RANGE');
    expect(dateProblem('1899-12-31')).toBe('DATE.OUT_OF_RANGE');
    expect(dateProblem('2200-01-01')).toBe('DATE.OUT_OF_RANGE');
    expect(dateProblem('1900-01-01')).toBeUndefined();
    expect(dateProblem('2199-12-31')).toBeUndefined();
    expect(dateProblem('2024-02-29')).toBeUndefined();
  });
});
