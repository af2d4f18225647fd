/**
 * Working days (工作日): Monday–Friday, minus public holidays, plus the weekend days made working
 * days by 调休. Dates are `YYYY-MM-DD` in China time. Pure: the days come from approval.calendar_days.
 */
export class WorkingDayCalendar {
  constructor(
    private readonly holidays: ReadonlySet<string> = new Set(),
    private readonly extraWorkdays: ReadonlySet<string> = new Set(),
  ) {}

  isWorkingDay(date: string): boolean {
    if (this.holidays.has(date)) return false;
    if (this.extraWorkdays.has(date)) return true;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /** The date `n` working days after `date` (the start day itself does not count). */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    let left = n;
    while (left > 0) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when `to` <= `from`). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = from; d < to; ) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) n++;
    }
    return n;
  }
}

export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The end of a China-time day (23:59:59.999 +08:00) as an instant. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}
