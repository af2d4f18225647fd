/** Queue and job names in one place. */
export const QueueNames = {
  DomainEvents: 'domain-events',
  Matching: 'matching',
  Approvals: 'approvals',
  Payouts: 'payouts',
} as const;
export type QueueName = (typeof QueueNames)[keyof typeof QueueNames];

export interface QueueJob<T = unknown> {
  id: string;
  name: string;
  data: T;
  attempt: number;
}

export interface AddJobOptions {
  /** Stable id: adding a job whose id is still pending is a no-op (dedupe). */
  jobId?: string;
  attempts?: number;
  /** Not before this many milliseconds from now. */
  delayMs?: number;
}

export type JobHandler<T = unknown> = (job: QueueJob<T>) => Promise<void>;

/**
 * The one queue port: Bull on Redis, or the in-process queue. Both deliver at least once; handlers
 * must be idempotent by job id.
 */
export interface QueuePort {
  readonly mode: 'bull' | 'in-process';
  add<T>(queue: QueueName, name: string, data: T, options?: AddJobOptions): Promise<void>;
  process<T>(queue: QueueName, handler: JobHandler<T>, concurrency?: number): void;
  /** Resolves when nothing is waiting or running on the queue (tests, graceful shutdown). */
  whenIdle(queue: QueueName, timeoutMs?: number): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const QUEUE_PORT = Symbol('QUEUE_PORT');
