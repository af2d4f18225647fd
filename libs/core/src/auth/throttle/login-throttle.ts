import { DomainError } from '../../errors/domain-error';
import { AttemptState, AttemptStore } from './attempt-store';

/** Which counter refused a login: the pair (account, source), the source over all accounts, or the account over all sources. */
export type ThrottleScope = 'account_source' | 'source' | 'account';

export interface ThrottlePolicy {
  /** Failed passwords of one account from one source before back-off starts (LOGIN_RATE_LIMIT). */
  pairThreshold: number;
  /** First lock of a pair; each further failure doubles it, up to `maxLockMs`. */
  baseLockMs: number;
  maxLockMs: number;
  /** A pair's failures are forgotten this long after its last failure (or at its next success). */
  pairMemoryMs: number;
  /** Failures in `windowMs` of one account from all sources, and of one source over all accounts, before unknown sources are refused. */
  accountLimit: number;
  sourceLimit: number;
  windowMs: number;
  /** A source the account logged in from stays known this long. */
  knownSourceMs: number;
}

export function throttlePolicy(loginRateLimit: number): ThrottlePolicy {
  return {
    pairThreshold: loginRateLimit,
    baseLockMs: 30_000,
    maxLockMs: 3600_000,
    pairMemoryMs: 24 * 3600_000,
    accountLimit: loginRateLimit * 5,
    sourceLimit: loginRateLimit * 10,
    windowMs: 15 * 60_000,
    knownSourceMs: 90 * 86_400_000,
  };
}

export interface LockStarted {
  scope: ThrottleScope;
  failures: number;
  until: string;
}

/**
 * Login throttling by (account, source) with back-off. A guesser is slowed down on the pair it uses;
 * the same account from another source is not affected, so nobody can lock someone else out by
 * typing wrong passwords. Guessing one account from many sources, or many accounts from one source,
 * closes the account (or the source) to sources the account has never logged in from — its owner,
 * from a source already known, still gets in with the right password.
 */
export class LoginThrottle {
  constructor(
    private readonly store: AttemptStore,
    private readonly policy: ThrottlePolicy,
    /** A keyed digest of the source address (the store never holds addresses). */
    private readonly digest: (source: string) => string,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(username: string, source: string) {
    const u = username.toLowerCase();
    const s = this.digest(source);
    return { pair: `login:pair:${s}:${u}`, account: `login:acct:${u}`, source: `login:src:${s}`, known: `login:known:${s}:${u}` };
  }

  pairLockedUntil(state: AttemptState): number {
    const p = this.policy;
    if (state.failures < p.pairThreshold) return 0;
    const exponent = Math.min(state.failures - p.pairThreshold, 20);
    return state.lastAt + Math.min(p.maxLockMs, p.baseLockMs * 2 ** exponent);
  }

  private windowLockedUntil(state: AttemptState, limit: number): number {
    return state.failures >= limit ? state.expiresAt : 0;
  }

  /** Refuses (429 `AUTH.RATE_LIMITED`) a login that one of the counters holds back; otherwise says whether the source is known. */
  async check(username: string, source: string): Promise<{ known: boolean }> {
    const k = this.keys(username, source);
    const [pair, account, src] = await this.store.read([k.pair, k.account, k.source]);
    const known = await this.store.marked(k.known);
    const t = this.now();
    const locks: Array<[ThrottleScope, number]> = [['account_source', this.pairLockedUntil(pair)]];
    if (!known) locks.push(['source', this.windowLockedUntil(src, this.policy.sourceLimit)], ['account', this.windowLockedUntil(account, this.policy.accountLimit)]);
    for (const [scope, until] of locks) {
      if (until > t) {
        throw new DomainError('AUTH.RATE_LIMITED', '登录尝试过于频繁，请稍后再试', { retryAfterSeconds: Math.ceil((until - t) / 1000), scope });
      }
    }
    return { known };
  }

  /** Counts a wrong password; returns the locks this failure started (for the audit log). */
  async failed(username: string, source: string): Promise<LockStarted[]> {
    const k = this.keys(username, source);
    const p = this.policy;
    const [pair, account, src] = await Promise.all([
      this.store.fail(k.pair, p.pairMemoryMs, true),
      this.store.fail(k.account, p.windowMs, false),
      this.store.fail(k.source, p.windowMs, false),
    ]);
    const started: LockStarted[] = [];
    const iso = (ms: number) => new Date(ms).toISOString();
    if (pair.failures >= p.pairThreshold) started.push({ scope: 'account_source', failures: pair.failures, until: iso(this.pairLockedUntil(pair)) });
    if (account.failures === p.accountLimit) started.push({ scope: 'account', failures: account.failures, until: iso(account.expiresAt) });
    if (src.failures === p.sourceLimit) started.push({ scope: 'source', failures: src.failures, until: iso(src.expiresAt) });
    return started;
  }

  /** The right password: the pair starts afresh and the source becomes known for this account. */
  async succeeded(username: string, source: string): Promise<void> {
    const k = this.keys(username, source);
    await Promise.all([this.store.clear(k.pair), this.store.mark(k.known, this.policy.knownSourceMs)]);
  }
}
