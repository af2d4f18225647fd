import { WorkingDayCalendar } from '../supervision/working-day-calendar';
import { reminderDue } from './confirmation-deadlines.service';

describe('confirmation reminders', () => {
  // Fri 2027-03-12 is a holiday in this calendar
  const cal = new WorkingDayCalendar(new Set(['2027-03-12']));

  it('is due at 5 and at 1 working days left, counted on the calendar', () => {
    expect(reminderDue(cal, '2027-03-15', '2027-03-23', [5, 1])).toBeNull(); // 6 left
    expect(reminderDue(cal, '2027-03-16', '2027-03-23', [5, 1])).toBe(5);
    expect(reminderDue(cal, '2027-03-19', '2027-03-23', [5, 1])).toBe(5); // 2 left: still the 5-day one (already sent)
    expect(reminderDue(cal, '2027-03-22', '2027-03-23', [5, 1])).toBe(1);
    expect(reminderDue(cal, '2027-03-23', '2027-03-23', [5, 1])).toBe(1); // the last day
    expect(reminderDue(cal, '2027-03-24', '2027-03-23', [5, 1])).toBeNull(); // lapsed, not reminded
  });

  it('a run that missed the first reminder sends only the nearer one; none configured, none sent', () => {
    expect(reminderDue(cal, '2027-03-22', '2027-03-23', [1, 5])).toBe(1);
    expect(reminderDue(cal, '2027-03-11', '2027-03-16', [5, 1])).toBe(5); // 11 → 16 over the holiday: 2 left
    expect(reminderDue(cal, '2027-03-22', '2027-03-23', [])).toBeNull();
  });
});
