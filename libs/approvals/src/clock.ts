import { Injectable } from '@nestjs/common';

/**
 * The approval center's notion of "now". Deadlines (公示 end, SLA, verification codes) read it, so a
 * test or a drill can move time forward without touching the database.
 */
@Injectable()
export class ApprovalClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /**
   * The moment on this clock of an instant measured by the wall clock elsewhere (a bank's settlement
   * time, a payout batch's approval): shifted like "now", so durations stay consistent in drills.
   */
  shift(real: Date): Date {
    return new Date(real.getTime() + this.offsetMs);
  }

  /** Moves this process's clock forward (tests, drills). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** The calendar date in China (UTC+8) of a moment. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
