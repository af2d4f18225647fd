import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { runThroughOutages } from './outage';
import { AddJobOptions, JobHandler, QueueJob, QueueName, QueuePort } from './queue.port';

interface Pending {
  job: QueueJob;
  maxAttempts: number;
  notBefore: number;
}

interface Lane {
  waiting: Pending[];
  ids: Set<string>;
  running: number;
  handler?: JobHandler;
  concurrency: number;
  idleWaiters: Array<() => void>;
  timer?: NodeJS.Timeout;
}

/**
 * The embedded queue: same interface as Bull, in memory, at-least-once with retries and backoff.
 * Jobs lost on a process crash are re-sent by the outbox relay, which is the durable part.
 */
export class InProcessQueue implements QueuePort {
  readonly mode = 'in-process' as const;
  private readonly lanes = new Map<QueueName, Lane>();
  private readonly logger = new Logger('InProcessQueue');
  private closed = false;

  constructor(
    private readonly backoffMs = 200,
    /** First wait while a job's service is unreachable (doubling up to 10×); see runThroughOutages. */
    private readonly outageDelayMs = 200,
  ) {}

  private lane(queue: QueueName): Lane {
    let l = this.lanes.get(queue);
    if (!l) {
      l = { waiting: [], ids: new Set(), running: 0, concurrency: 1, idleWaiters: [] };
      this.lanes.set(queue, l);
    }
    return l;
  }

  async add<T>(queue: QueueName, name: string, data: T, options: AddJobOptions = {}): Promise<void> {
    if (this.closed) throw new Error('queue closed');
    const lane = this.lane(queue);
    const id = options.jobId ?? randomUUID();
    if (lane.ids.has(id)) return;
    lane.ids.add(id);
    lane.waiting.push({ job: { id, name, data, attempt: 0 }, maxAttempts: options.attempts ?? 8, notBefore: options.delayMs ? Date.now() + options.delayMs : 0 });
    this.pump(queue);
  }

  process<T>(queue: QueueName, handler: JobHandler<T>, concurrency = 1): void {
    const lane = this.lane(queue);
    lane.handler = handler as JobHandler;
    lane.concurrency = concurrency;
    this.pump(queue);
  }

  private pump(queue: QueueName): void {
    const lane = this.lane(queue);
    if (!lane.handler || this.closed) return;
    const now = Date.now();
    while (lane.running < lane.concurrency) {
      const idx = lane.waiting.findIndex((p) => p.notBefore <= now);
      if (idx < 0) break;
      const [p] = lane.waiting.splice(idx, 1);
      lane.running++;
      void this.run(queue, lane, p);
    }
    if (lane.waiting.length > 0 && !lane.timer && lane.running < lane.concurrency) {
      const wait = Math.max(1, Math.min(...lane.waiting.map((p) => p.notBefore)) - now);
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.pump(queue);
      }, wait);
    }
    this.notifyIdle(lane);
  }

  private async run(queue: QueueName, lane: Lane, p: Pending): Promise<void> {
    p.job.attempt++;
    try {
      // An outage (database unreachable) is waited out here: it does not use up the job's attempts.
      await runThroughOutages(() => lane.handler!(p.job), {
        stopped: () => this.closed,
        delayMs: this.outageDelayMs,
        maxDelayMs: this.outageDelayMs * 10,
        logger: this.logger,
        jobLabel: `job ${p.job.name}#${p.job.id}`,
      });
      lane.ids.delete(p.job.id);
    } catch (err) {
      if (p.job.attempt < p.maxAttempts && !this.closed) {
        p.notBefore = Date.now() + this.backoffMs * 2 ** (p.job.attempt - 1);
        lane.waiting.push(p);
      } else {
        lane.ids.delete(p.job.id);
        this.logger.error(`job ${p.job.name}#${p.job.id} failed for good: ${(err as Error).message}`);
      }
    } finally {
      lane.running--;
      this.pump(queue);
    }
  }

  private notifyIdle(lane: Lane): void {
    if (lane.running === 0 && lane.waiting.length === 0) {
      for (const w of lane.idleWaiters.splice(0)) w();
    }
  }

  whenIdle(queue: QueueName, timeoutMs = 30_000): Promise<void> {
    const lane = this.lane(queue);
    if (lane.running === 0 && lane.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`queue ${queue} not idle after ${timeoutMs} ms`)), timeoutMs);
      lane.idleWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) if (lane.timer) clearTimeout(lane.timer);
  }
}
