import fc from 'fast-check';
import { endOfChinaDay, WorkingDayCalendar } from './working-day-calendar';

describe('working-day calendar', () => {
  // 2026-10-01 (Thu) … 10-07 national holiday; Sat 10-10 is a 调休 working day.
  const holidays = new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']);
  const cal = new WorkingDayCalendar(holidays, new Set(['2026-10-10']));

  it('skips weekends and holidays, counts 调休 Saturdays', () => {
    expect(cal.addWorkingDays('2026-11-27', 3)).toBe('2026-12-02'); // Fri + 3 → Wed
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-10-08', 2)).toBe('2026-10-10');
    expect(cal.isWorkingDay('2026-10-03')).toBe(false);
  });

  it('counting back what was added gives the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const start = new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const end = cal.addWorkingDays(start, n);
        return cal.workingDaysBetween(start, end) === n && (n === 0 || cal.isWorkingDay(end));
      }),
    );
  });

  it('a day ends at midnight China time', () => {
    expect(endOfChinaDay('2026-12-02').toISOString()).toBe('2026-12-02T15:59:59.999Z');
  });
});
