/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. All four evaluators use these functions, so a leap
 * day or a "years since" cutoff means the same thing in JS, SQL and Elasticsearch.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 for a valid calendar date, otherwise undefined (treated as missing). */
export function toDayNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function isIsoDate(value: unknown): value is string {
  return toDayNumber(value) !== undefined;
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * 成立满 N 年: the firm founded on `established` has N full years at `asOf` exactly when
 * `established <= yearsSinceCutoff(asOf, N)`. The cutoff is asOf moved back N years; a 29 February
 * that does not exist in the target year becomes 28 February — so a firm founded on 2020-02-29
 * reaches one year on 2021-03-01, the day after 28 February.
 */
export function yearsSinceCutoff(asOf: string, years: number): string {
  const m = ISO_DATE.exec(asOf);
  if (!m || !isIsoDate(asOf)) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const year = Number(m[1]) - years;
  const month = Number(m[2]);
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${m[2]}-${String(day).padStart(2, '0')}`;
}
