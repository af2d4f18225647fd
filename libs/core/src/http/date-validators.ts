import { registerDecorator, ValidationOptions } from 'class-validator';
import { ACCEPTED_DATE_RANGE_TEXT, isAcceptedDate, parseCalendarDate } from '@app/contracts';

/**
 * `YYYY-MM-DD`, a day that exists (not 2026-02-30 or 2026-13-45), inside the accepted range.
 * For every query or body field that takes a day, so a bad one is a 400 before any code runs.
 */
export function IsAcceptedDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAcceptedDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property 应为 ${ACCEPTED_DATE_RANGE_TEXT} 之间 YYYY-MM-DD 格式的有效日期`, ...options },
      validator: { validate: (value: unknown) => isAcceptedDate(value) },
    });
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** A moment: a day as above, optionally with a time of day (hours < 24, minutes < 60) and zone. */
export function isAcceptedTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP.exec(value);
  if (!m || !isAcceptedDate(m[1])) return false;
  const [h, min, sec, , zh, zm] = [m[2], m[3], m[4], m[5], m[6], m[7]].map((x) => (x === undefined || /[Z+-]/.test(x) ? 0 : Number(x)));
  if (h > 23 || min > 59 || sec > 59 || zh > 14 || zm > 59) return false;
  return parseCalendarDate(m[1]) !== undefined && !Number.isNaN(new Date(value).getTime());
}

export function IsAcceptedTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAcceptedTimestamp',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property 应为 ${ACCEPTED_DATE_RANGE_TEXT} 之间的 ISO 时间，如 2026-01-01T00:00:00Z`, ...options },
      validator: { validate: (value: unknown) => isAcceptedTimestamp(value) },
    });
}
