import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { mutateReturning } from '../database/sql';

/** What a request under an `Idempotency-Key` is: its caller, the key, and what exactly it asks. */
export interface IdempotentRequest {
  /** `user:<id>` for a logged-in caller, `anon:<address>` otherwise: keys of different callers never meet. */
  scope: string;
  key: string;
  method: string;
  path: string;
  bodyDigest: string;
}

export type Claim = { kind: 'run' } | { kind: 'replay'; status: number; body: unknown };

interface KeyRow {
  method: string;
  path: string;
  body_digest: string;
  state: 'running' | 'done';
  status_code: number | null;
  response: unknown;
  created_at: Date;
}

/** Keys and their responses are kept this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How long a request waits for another one with the same key to finish before a coded 409. */
const WAIT_MS = 5_000;

/**
 * Keys of `Idempotency-Key` requests with their stored responses (core.idempotency_keys). The first
 * request claims the key with one INSERT … ON CONFLICT DO NOTHING — under the primary key exactly
 * one of any number of concurrent requests wins — and runs; the others wait for its response and
 * replay it. A request that fails gives its key up (nothing took effect), so the client may retry.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  /** Requests of this process still running, by scope and key: waiters here need not poll. */
  private readonly running = new Map<string, { done: Promise<void>; resolve: () => void }>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purgeExpired().catch((e: Error) => this.logger.warn(`purge failed: ${e.message}`)), 3600_000);
    this.timer.unref?.();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purgeExpired(): Promise<number> {
    return (await mutateReturning(this.dataSource, `DELETE FROM core.idempotency_keys WHERE expires_at < now() RETURNING key`)).length;
  }

  async claim(r: IdempotentRequest): Promise<Claim> {
    const deadline = Date.now() + WAIT_MS;
    let pause = 20;
    for (;;) {
      await this.dataSource.query(`DELETE FROM core.idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at < now()`, [r.scope, r.key]);
      const inserted = await this.dataSource.query(
        `INSERT INTO core.idempotency_keys (scope, key, method, path, body_digest, state, expires_at)
         VALUES ($1,$2,$3,$4,$5,'running', now() + ($6 || ' milliseconds')::interval) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [r.scope, r.key, r.method, r.path, r.bodyDigest, String(IDEMPOTENCY_TTL_MS)],
      );
      if (inserted.length > 0) {
        let resolve!: () => void;
        const done = new Promise<void>((res) => (resolve = res));
        this.running.set(`${r.scope}\u0000${r.key}`, { done, resolve });
        return { kind: 'run' };
      }
      const [row]: KeyRow[] = await this.dataSource.query(
        `SELECT method, path, body_digest, state, status_code, response, created_at FROM core.idempotency_keys WHERE scope = $1 AND key = $2`,
        [r.scope, r.key],
      );
      if (!row) continue; // given up or expired between the two statements: claim again
      if (row.method !== r.method || row.path !== r.path || row.body_digest !== r.bodyDigest) {
        throw new DomainError('IDEMPOTENCY.KEY_REUSED', '该幂等键已用于另一请求（接口或请求内容不同），请使用新的幂等键', {
          key: r.key, firstUsedFor: `${row.method} ${row.path}`,
        });
      }
      if (row.state === 'done') return { kind: 'replay', status: row.status_code ?? 200, body: row.response };
      if (Date.now() >= deadline) {
        throw new DomainError('IDEMPOTENCY.IN_PROGRESS', '使用同一幂等键的请求正在处理中，请稍后重试', { key: r.key, since: new Date(row.created_at).toISOString() });
      }
      const local = this.running.get(`${r.scope}\u0000${r.key}`);
      await (local
        ? Promise.race([local.done, new Promise((res) => setTimeout(res, Math.max(0, deadline - Date.now())))])
        : new Promise((res) => setTimeout(res, pause)));
      pause = Math.min(pause * 2, 200);
    }
  }

  private settle(r: IdempotentRequest): void {
    const k = `${r.scope}\u0000${r.key}`;
    this.running.get(k)?.resolve();
    this.running.delete(k);
  }

  /** Stores the response of the request that ran: every later request with the key gets it. */
  async complete(r: IdempotentRequest, status: number, body: unknown): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE core.idempotency_keys SET state = 'done', status_code = $3, response = $4::json WHERE scope = $1 AND key = $2 AND state = 'running'`,
        [r.scope, r.key, status, JSON.stringify(body ?? null)],
      );
    } finally {
      this.settle(r);
    }
  }

  /** The request failed (nothing took effect): the key is free again. */
  async release(r: IdempotentRequest): Promise<void> {
    try {
      await this.dataSource.query(`DELETE FROM core.idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'running'`, [r.scope, r.key]);
    } finally {
      this.settle(r);
    }
  }
}
