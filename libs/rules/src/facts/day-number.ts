/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. All four evaluators use these functions, so a leap
 * day or a "years since" cutoff means the same thing in JS, SQL and Elasticsearch. The calendar
 * itself (validity, day numbers, the accepted range) lives in @app/contracts.
 */
import { civilFromDays, daysFromCivil, daysInMonth, isCalendarDate, isLeapYear, parseCalendarDate } from '@app/contracts';

export { daysInMonth, isLeapYear };

/** Days since 1970-01-01 for a valid calendar date, otherwise undefined (treated as missing). */
export function toDayNumber(value: unknown): number | undefined {
  const d = parseCalendarDate(value);
  return d === undefined ? undefined : daysFromCivil(d.year, d.month, d.day);
}

/** A real calendar day `YYYY-MM-DD` (any year 0000–9999); boundaries also check the accepted range. */
export function isIsoDate(value: unknown): value is string {
  return isCalendarDate(value);
}

export function fromDayNumber(day: number): string {
  return civilFromDays(day);
}

/**
 * 成立满 N 年: the firm founded on `established` has N full years at `asOf` exactly when
 * `established <= yearsSinceCutoff(asOf, N)`.
 *
 * The period is counted as the Civil Code counts periods in years (民法典第二百零二条): it ends on
 * the corresponding day of the last year, and when that month has no corresponding day, on the
 * month's last day. So a firm founded on 29 February completes its years on 28 February of a
 * common year (2020-02-29 → 满1年 on 2021-02-28), and on 29 February of a leap year.
 *
 * The cutoff is the latest founding day whose anniversary falls on or before asOf: asOf moved back
 * N years (a 29 February missing in the target year becomes 28 February), except that when asOf is
 * 28 February of a common year and the target year is a leap year, the cutoff is that year's
 * 29 February — whose anniversary is this very 28 February.
 */
export function yearsSinceCutoff(asOf: string, years: number): string {
  const d = parseCalendarDate(asOf);
  if (!d) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const year = d.year - years;
  const endOfCommonFebruary = d.month === 2 && d.day === 28 && !isLeapYear(d.year);
  const day = endOfCommonFebruary && isLeapYear(year) ? 29 : Math.min(d.day, daysInMonth(year, d.month));
  return `${String(year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
