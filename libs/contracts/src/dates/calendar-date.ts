/**
 * Calendar dates as `YYYY-MM-DD` text: the one definition of "a valid date" and of the date range
 * the platform accepts, shared by the rules engine, profiles, imports, the calculator and every
 * HTTP query that takes a day.
 *
 * Day numbers are computed with integer arithmetic on the proleptic Gregorian calendar (no
 * `Date.UTC`, which reads years 0–99 as 1900–1999), so every year 0000–9999 has one meaning.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The accepted range for any date a person or a file gives us (facts, rule values, imports, the
 * calculator, query parameters): 1900-01-01 … 2199-12-31. Older or later days are typing mistakes
 * (`0099` for `1999`), and PostgreSQL cannot store year 0 at all.
 */
export const ACCEPTED_DATE_MIN = '1900-01-01';
export const ACCEPTED_DATE_MAX = '2199-12-31';
export const ACCEPTED_DATE_RANGE_TEXT = `${ACCEPTED_DATE_MIN} 至 ${ACCEPTED_DATE_MAX}`;

/** Field-level codes of a refused date, the same in every boundary's error details. */
export const DateErrorCodes = {
  Invalid: 'DATE.INVALID',
  OutOfRange: 'DATE.OUT_OF_RANGE',
} as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The parts of a real calendar date written `YYYY-MM-DD`, or undefined (bad format or no such day). */
export function parseCalendarDate(value: unknown): CivilDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** A real calendar day in `YYYY-MM-DD` (any year 0000–9999): `2026-02-30` and `2026-13-45` are not. */
export function isCalendarDate(value: unknown): value is string {
  return parseCalendarDate(value) !== undefined;
}

/** Why a date is refused at a boundary, or undefined when it is accepted. */
export function dateProblem(value: unknown): (typeof DateErrorCodes)[keyof typeof DateErrorCodes] | undefined {
  if (!isCalendarDate(value)) return DateErrorCodes.Invalid;
  return value < ACCEPTED_DATE_MIN || value > ACCEPTED_DATE_MAX ? DateErrorCodes.OutOfRange : undefined;
}

/** A real calendar day inside the accepted range. */
export function isAcceptedDate(value: unknown): value is string {
  return dateProblem(value) === undefined;
}

/** Chinese message for a refused date, naming the field. */
export function dateProblemMessage(label: string, value: unknown): string {
  const shown = typeof value === 'string' ? value.slice(0, 40) : String(value);
  return dateProblem(value) === DateErrorCodes.OutOfRange
    ? `${label}超出可接受的日期范围（${ACCEPTED_DATE_RANGE_TEXT}），实为“${shown}”`
    : `${label}应为 YYYY-MM-DD 格式的有效日期，实为“${shown}”`;
}

/**
 * Days since 1970-01-01 of a civil date (negative before), for any year ≥ 0. Integer arithmetic in
 * 400-year eras (H. Hinnant's days_from_civil): exact, and no two-digit-year surprises.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil, as `YYYY-MM-DD`. */
export function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
