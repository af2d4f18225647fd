import { describe, expect, it } from 'vitest';
import { canRegister, registrationClosedReason, registrationStatus, seatsLeft } from './reception';

const day = { capacity: 10, registered: 3, registrationDeadline: '2026-12-10', status: 'scheduled' };

describe('reception days for firms', () => {
  it('counts the seats left, never below zero', () => {
    expect(seatsLeft(day)).toBe(7);
    expect(seatsLeft({ capacity: 2, registered: 3 })).toBe(0);
  });

  it('allows registering until the deadline day while seats are left', () => {
    expect(canRegister(day, '2026-12-10')).toBe(true);
    expect(canRegister(day, '2026-12-11')).toBe(false);
    expect(registrationClosedReason(day, '2026-12-11')).toBe('报名已截止');
    expect(registrationClosedReason({ ...day, registered: 10 }, '2026-12-01')).toBe('名额已满');
    expect(registrationClosedReason({ ...day, status: 'held' }, '2026-12-01')).toBe('已结束');
    expect(registrationClosedReason(day, '2026-12-01')).toBeNull();
  });

  it('shows the roll call once taken, else the day state', () => {
    expect(registrationStatus(true, 'held').label).toBe('已到场');
    expect(registrationStatus(false, 'held').label).toBe('缺席');
    expect(registrationStatus(null, 'scheduled').label).toBe('已报名');
    expect(registrationStatus(null, 'cancelled').label).toBe('接待日已取消');
  });
});
