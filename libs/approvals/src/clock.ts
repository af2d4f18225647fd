import { Injectable } from '@nestjs/common';

/**
 * The approval center's notion of "now". Deadlines (公示 end, confirmation, SLA, verification codes)
 * and the times of transitions read it, so a test or a drill can move time without touching the
 * database. In production it is the wall clock.
 */
@Injectable()
export class ApprovalClock {
  /** Offsets in effect from a wall-clock instant on (ascending); empty = no offset. */
  private readonly offsets: Array<{ fromReal: number; offsetMs: number }> = [];

  private offsetAt(realMs: number): number {
    for (let i = this.offsets.length - 1; i >= 0; i--) if (this.offsets[i].fromReal <= realMs) return this.offsets[i].offsetMs;
    return 0;
  }

  now(): Date {
    const real = Date.now();
    return new Date(real + this.offsetAt(real));
  }

  /**
   * The reading of this clock at a wall-clock instant recorded elsewhere (a bank's settlement time,
   * a payout batch's approval): with the offset in effect at that instant, so durations stay
   * consistent in drills that move the clock between steps.
   */
  shift(real: Date): Date {
    return new Date(real.getTime() + this.offsetAt(real.getTime()));
  }

  /** Moves this process's clock forward (tests, drills). */
  advance(ms: number): void {
    this.setOffset(this.offsetAt(Date.now()) + ms);
  }

  /** Sets this process's clock to `at` from now on (tests, drills). */
  set(at: Date): void {
    this.setOffset(at.getTime() - Date.now());
  }

  reset(): void {
    this.setOffset(0);
  }

  private setOffset(offsetMs: number): void {
    const now = Date.now();
    while (this.offsets.length && this.offsets[this.offsets.length - 1].fromReal >= now) this.offsets.pop();
    this.offsets.push({ fromReal: now, offsetMs });
    if (this.offsets.length > 1000) this.offsets.splice(0, this.offsets.length - 1000);
  }
}

/** The calendar date in China (UTC+8) of a moment. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
