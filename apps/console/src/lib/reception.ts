/** Reception days (企业家接待日) as firms see them: places left, whether one may still register, the roll-call result. */

export interface DaySeats {
  capacity: number;
  registered: number;
  registrationDeadline: string;
  status: string;
}

/** 剩余名额 (never below zero). */
export function seatsLeft(d: Pick<DaySeats, 'capacity' | 'registered'>): number {
  return Math.max(0, d.capacity - d.registered);
}

/** May a firm still register on `today` (YYYY-MM-DD, China time): scheduled, deadline not passed, seats left. */
export function canRegister(d: DaySeats, today: string): boolean {
  return d.status === 'scheduled' && d.registrationDeadline >= today && seatsLeft(d) > 0;
}

/** Why a firm may not register, in Chinese, or null when it may. */
export function registrationClosedReason(d: DaySeats, today: string): string | null {
  if (d.status !== 'scheduled') return '已结束';
  if (d.registrationDeadline < today) return '报名已截止';
  if (seatsLeft(d) <= 0) return '名额已满';
  return null;
}

/** The registration's status for the firm: the roll call once taken, else the day's state. */
export function registrationStatus(attended: boolean | null, dayStatus: string | undefined): { label: string; color: string } {
  if (attended === true) return { label: '已到场', color: 'success' };
  if (attended === false) return { label: '缺席', color: 'default' };
  if (dayStatus === 'cancelled') return { label: '接待日已取消', color: 'default' };
  if (dayStatus === 'held') return { label: '已举行', color: 'default' };
  return { label: '已报名', color: 'processing' };
}
