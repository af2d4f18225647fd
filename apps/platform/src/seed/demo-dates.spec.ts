import { workingDaysAgo } from './demo-journeys.seed';

describe('workingDaysAgo (the demo journeys count back over weekdays, China time)', () => {
  // Monday 2026-12-07 15:00 China time
  const monday = new Date('2026-12-07T07:00:00Z');
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

  it('skips the weekend and lands at the hour asked', () => {
    expect(day(workingDaysAgo(0, 10, monday))).toBe('2026-12-07T10:00');
    expect(day(workingDaysAgo(1, 10, monday))).toBe('2026-12-04T10:00');
    expect(day(workingDaysAgo(5, 9, monday))).toBe('2026-11-30T09:00');
  });

  it('uses the China calendar day, not the UTC one', () => {
    // 2026-12-08 01:00 China time is still 12-07 in UTC
    expect(day(workingDaysAgo(1, 10, new Date('2026-12-07T17:00:00Z')))).toBe('2026-12-07T10:00');
  });
});
