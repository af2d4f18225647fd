import { DomainError } from '../errors/domain-error';

/**
 * Fixed-window limiter on login attempts, keyed by username and by client address, so a guessing
 * run against one account or from one address is slowed down. Per process; behind several
 * instances the limit applies per instance.
 */
export class LoginRateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const h = this.hits.get(key);
      if (h && h.resetAt > t && h.count >= this.limit) {
        throw new DomainError('AUTH.RATE_LIMITED', '登录尝试过于频繁，请稍后再试', {
          retryAfterSeconds: Math.ceil((h.resetAt - t) / 1000),
        });
      }
    }
  }

  fail(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const h = this.hits.get(key);
      if (!h || h.resetAt <= t) this.hits.set(key, { count: 1, resetAt: t + this.windowMs });
      else h.count++;
    }
    if (this.hits.size > 100_000) for (const [k, h] of this.hits) if (h.resetAt <= t) this.hits.delete(k);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.hits.delete(key);
  }
}
