import { Logger } from '@nestjs/common';

/**
 * Outages: a backing service — PostgreSQL first of all — could not be reached (connection refused or
 * cut, a server shutting down or still recovering after a crash). Such a failure says nothing about
 * the job: the same job succeeds once the service is back. So a queue waits it out instead of
 * counting it as one of the job's attempts; otherwise an outage longer than the retry budget (8
 * attempts, about 25 s of back-off) would drop every job in flight for good — range jobs of a
 * publication never matched, domain events never handled, payout chunks never re-queued.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 is connection exceptions. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

/** node-postgres reports a lost or unusable connection in its message only. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /timeout exceeded when trying to connect/,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/,
  /terminating connection due to (administrator command|crash of another server process)/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (CONNECTION_MESSAGES.some((re) => re.test(message))) return true;
  // TypeORM wraps the driver's error; Node wraps causes and, for several addresses, an AggregateError.
  if (isOutage(e.driverError, depth + 1) || isOutage(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => isOutage(x, depth + 1));
}

export interface OutageOptions {
  /** True once the queue is closing: stop waiting and let the failure through. */
  stopped: () => boolean;
  /** First wait; doubles up to `maxDelayMs`. */
  delayMs?: number;
  maxDelayMs?: number;
  logger?: Logger;
  /** For the log line. */
  jobLabel?: string;
}

const sleepUnless = async (ms: number, stopped: () => boolean) => {
  const until = Date.now() + ms;
  while (Date.now() < until && !stopped()) await new Promise((r) => setTimeout(r, Math.min(100, until - Date.now())));
};

/**
 * Runs `handler`; while it fails with an outage, waits (200 ms doubling up to 2 s) and runs it again —
 * the job's attempts are left for real failures. Handlers are idempotent (the queue port's rule),
 * so running again after a failure part-way through is safe. Any other error, or an outage while
 * the queue closes, is thrown as usual.
 */
export async function runThroughOutages<T>(handler: () => Promise<T>, options: OutageOptions): Promise<T> {
  const max = options.maxDelayMs ?? 2_000;
  let delay = options.delayMs ?? 200;
  let waited = 0;
  for (;;) {
    try {
      const result = await handler();
      if (waited > 0)
        options.logger?.log(
          `${options.jobLabel ?? 'job'}: done after waiting out an outage (${waited} ${waited === 1 ? 'retry' : 'retries'})`,
        );
      return result;
    } catch (err) {
      if (!isOutage(err) || options.stopped()) throw err;
      if (waited === 0)
        options.logger?.warn(`${options.jobLabel ?? 'job'}: ${(err as Error).message}; waiting for the service to come back`);
      waited++;
      await sleepUnless(delay, options.stopped);
      delay = Math.min(max, delay * 2);
    }
  }
}
