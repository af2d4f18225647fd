import { chinaDate, WorkingDayCalendar } from '@app/approvals';
import type { AppealState } from './appeal.states';
import type { AppealRow, DueKind } from './appeal.types';

/** The date `n` working days after the China-time day of `at` (that day itself does not count). */
export function dueAfter(cal: WorkingDayCalendar, at: Date, n: number): string {
  return cal.addWorkingDays(chinaDate(at), n);
}

type DueColumns = Pick<AppealRow, 'dispatch_due' | 'accept_due' | 'progress_due' | 'answer_due' | 'second_due' | 'last_progress_at'>;

/**
 * The deadline an appeal waits on in a state: 交办 while in pre-study, 签收 once assigned, the first
 * progress report and then the answer while in progress, the second-supervision answer after an
 * unsatisfied rating. None once answered (the firm's turn) or finished.
 */
export function currentDue(state: AppealState, c: DueColumns): { kind: DueKind; on: string } | null {
  switch (state) {
    case 'submitted':
      return c.dispatch_due ? { kind: 'dispatch', on: c.dispatch_due } : null;
    case 'assigned':
      return c.accept_due ? { kind: 'accept', on: c.accept_due } : null;
    case 'in_progress':
      if (!c.last_progress_at && c.progress_due && (!c.answer_due || c.progress_due < c.answer_due)) return { kind: 'progress', on: c.progress_due };
      return c.answer_due ? { kind: 'answer', on: c.answer_due } : null;
    case 'second_supervision':
      return c.second_due ? { kind: 'second', on: c.second_due } : null;
    default:
      return null;
  }
}
