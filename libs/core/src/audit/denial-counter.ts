import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from './audit.service';

interface Bucket {
  action: string;
  source: string;
  minute: number;
  count: number;
  samples: Set<string>;
}

const MINUTE = 60_000;
const MAX_SAMPLES = 10;
/** Buckets kept before an early flush (a flood from many sources must not grow memory without bound). */
const MAX_BUCKETS = 10_000;

/**
 * Denials nobody is accountable for (anonymous 401s, logins refused by the throttle, objections
 * refused for their rate) are audited as one row per action, source and minute with a count and a
 * few samples, instead of one row per request: a flood of bad requests cannot grow the audit log
 * without bound, and every denial is still counted.
 */
@Injectable()
export class DenialCounter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DenialCounter');
  private buckets = new Map<string, Bucket>();
  private timer?: NodeJS.Timeout;
  /** The clock (tests move it). */
  now: () => number = Date.now;

  constructor(private readonly audit: AuditService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush().catch((e: Error) => this.logger.warn(`flush failed: ${e.message}`)), 15_000);
    this.timer.unref?.();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush(true).catch((e: Error) => this.logger.warn(`flush failed: ${e.message}`));
  }

  count(action: string, source: string, sample?: string): void {
    const minute = Math.floor(this.now() / MINUTE) * MINUTE;
    const key = `${action}\u0000${source}\u0000${minute}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { action, source, minute, count: 0, samples: new Set() };
      this.buckets.set(key, b);
      if (this.buckets.size > MAX_BUCKETS) void this.flush(true).catch((e: Error) => this.logger.warn(`flush failed: ${e.message}`));
    }
    b.count++;
    if (sample && b.samples.size < MAX_SAMPLES) b.samples.add(sample.slice(0, 200));
  }

  /** Writes the minutes that are over (all of them with `all`) as one audit row each; returns how many rows. */
  async flush(all = false): Promise<number> {
    const current = Math.floor(this.now() / MINUTE) * MINUTE;
    const due = [...this.buckets.entries()].filter(([, b]) => all || b.minute < current);
    for (const [key] of due) this.buckets.delete(key);
    for (const [, b] of due) {
      await this.audit.record({
        actor: null,
        action: b.action,
        outcome: 'denied',
        details: { source: b.source, minute: new Date(b.minute).toISOString(), count: b.count, samples: [...b.samples] },
      });
    }
    return due.length;
  }
}
