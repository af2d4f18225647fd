import Redis from 'ioredis';

/** Failures counted under one key: how many, when the last one was, and when the record lapses. */
export interface AttemptState {
  failures: number;
  lastAt: number;
  expiresAt: number;
}

export const NO_ATTEMPTS: AttemptState = { failures: 0, lastAt: 0, expiresAt: 0 };

/**
 * Where failed attempts are counted. In-process for the embedded mode; Redis in the full mode, so
 * every process behind a load balancer counts the same failures (a guesser gains nothing by
 * spreading attempts over processes).
 */
export interface AttemptStore {
  read(keys: string[]): Promise<AttemptState[]>;
  /**
   * One more failure under `key`. The record lapses `ttlMs` after the first failure (`sliding` false:
   * a fixed window) or after the latest one (`sliding` true).
   */
  fail(key: string, ttlMs: number, sliding: boolean): Promise<AttemptState>;
  clear(key: string): Promise<void>;
  /** A flag with a lifetime (a source this account logged in from). */
  mark(key: string, ttlMs: number): Promise<void>;
  marked(key: string): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryAttemptStore implements AttemptStore {
  private readonly entries = new Map<string, AttemptState>();
  private readonly marks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(keys: string[]): Promise<AttemptState[]> {
    const t = this.now();
    return keys.map((k) => {
      const e = this.entries.get(k);
      return e && e.expiresAt > t ? { ...e } : NO_ATTEMPTS;
    });
  }

  async fail(key: string, ttlMs: number, sliding: boolean): Promise<AttemptState> {
    const t = this.now();
    const e = this.entries.get(key);
    const next: AttemptState =
      e && e.expiresAt > t
        ? { failures: e.failures + 1, lastAt: t, expiresAt: sliding ? t + ttlMs : e.expiresAt }
        : { failures: 1, lastAt: t, expiresAt: t + ttlMs };
    this.entries.set(key, next);
    if (this.entries.size > 100_000) for (const [k, v] of this.entries) if (v.expiresAt <= t) this.entries.delete(k);
    return { ...next };
  }

  async clear(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async mark(key: string, ttlMs: number): Promise<void> {
    const t = this.now();
    this.marks.set(key, t + ttlMs);
    if (this.marks.size > 100_000) for (const [k, until] of this.marks) if (until <= t) this.marks.delete(k);
  }

  async marked(key: string): Promise<boolean> {
    return (this.marks.get(key) ?? 0) > this.now();
  }

  async close(): Promise<void> {}
}

/** Counter, last failure and expiry in one step, so concurrent failures are never lost. */
const FAIL_SCRIPT = `
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
if n == 1 or ARGV[3] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {n, redis.call('PTTL', KEYS[1])}`;

export class RedisAttemptStore implements AttemptStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.defineCommand('qqFail', { numberOfKeys: 1, lua: FAIL_SCRIPT });
  }

  private k(key: string): string {
    return `${this.prefix}:${key}`;
  }

  async read(keys: string[]): Promise<AttemptState[]> {
    if (keys.length === 0) return [];
    const p = this.redis.pipeline();
    for (const key of keys) p.hmget(this.k(key), 'n', 'last').pttl(this.k(key));
    const res = (await p.exec()) ?? [];
    const now = Date.now();
    return keys.map((_, i) => {
      const [err1, fields] = res[i * 2] as [Error | null, Array<string | null>];
      const [err2, ttl] = res[i * 2 + 1] as [Error | null, number];
      if (err1 || err2) throw err1 ?? err2;
      const n = Number(fields?.[0] ?? 0);
      return n > 0 && ttl > 0 ? { failures: n, lastAt: Number(fields?.[1] ?? 0), expiresAt: now + ttl } : NO_ATTEMPTS;
    });
  }

  async fail(key: string, ttlMs: number, sliding: boolean): Promise<AttemptState> {
    const now = Date.now();
    const [n, ttl] = (await (this.redis as unknown as { qqFail(k: string, ...a: string[]): Promise<[number, number]> }).qqFail(
      this.k(key), String(now), String(ttlMs), sliding ? '1' : '0',
    ));
    return { failures: Number(n), lastAt: now, expiresAt: now + Number(ttl) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async mark(key: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.k(key), '1', 'PX', ttlMs);
  }

  async marked(key: string): Promise<boolean> {
    return (await this.redis.exists(this.k(key))) === 1;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
