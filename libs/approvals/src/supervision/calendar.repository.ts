import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import { dateProblemMessage, isAcceptedDate } from '@app/contracts';
import { WorkingDayCalendar } from './working-day-calendar';

export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** Holidays and 调休 working days, configurable by administrators (approval.calendar_days). */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  async calendar(m: EntityManager | DataSource = this.dataSource): Promise<WorkingDayCalendar> {
    const rows: CalendarDay[] = await m.query(`SELECT day::text AS day, kind, name FROM approval.calendar_days`);
    return new WorkingDayCalendar(
      new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
      new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
    );
  }

  async list(year?: string): Promise<CalendarDay[]> {
    return this.dataSource.query(
      `SELECT day::text AS day, kind, name FROM approval.calendar_days ${year ? `WHERE to_char(day, 'YYYY') = $1` : ''} ORDER BY day`,
      year ? [year] : [],
    );
  }

  /** Sets (upserts) days; `kind: null` removes a day. */
  async set(days: Array<{ day: string; kind: 'holiday' | 'workday' | null; name?: string }>): Promise<void> {
    for (const d of days) {
      if (!isAcceptedDate(d.day)) throw new DomainError('CALENDAR.INVALID_DATE', dateProblemMessage('日期', d.day), { day: d.day });
    }
    await this.dataSource.transaction(async (m) => {
      for (const d of days) {
        if (d.kind === null) await m.query(`DELETE FROM approval.calendar_days WHERE day = $1`, [d.day]);
        else {
          await m.query(
            `INSERT INTO approval.calendar_days (day, kind, name) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
            [d.day, d.kind, d.name ?? ''],
          );
        }
      }
    });
  }
}
